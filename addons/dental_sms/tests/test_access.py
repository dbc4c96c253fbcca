from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DentalSmsCommon


@tagged("post_install", "-at_install")
class TestSmsAccountAccess(DentalSmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch_b = cls.env["res.company"].create({"name": "Branch B"})
        cls.account_b = cls.env["dental.sms.account"].create(
            {"name": "Gateway B", "company_id": cls.branch_b.id, "provider": "twilio", "password": "token-b"}
        )
        common = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.director = mail_new_test_user(
            cls.env, login="sms_director", groups="dental_patient.group_director", **common
        )
        cls.registrar = mail_new_test_user(
            cls.env, login="sms_registrar", groups="dental_patient.group_registrar", **common
        )
        cls.admin = mail_new_test_user(
            cls.env, login="sms_admin", groups="base.group_system,dental_patient.group_director", **common
        )

    def test_credentials_hidden_from_non_admins(self):
        account = self.account.with_user(self.director)
        self.assertEqual(account.name, "Test gateway")
        self.assertEqual(account.provider, "smsc")
        for field in ("login", "password", "api_key"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                account.read([field])
        with self.assertRaises(AccessError):
            account.search_read([], ["password"])
        self.assertNotIn("password", account.fields_get())
        with self.assertRaises(AccessError):
            account.write({"password": "stolen"})
        with self.assertRaises(AccessError):
            account.write({"endpoint_url": "https://attacker.example"})
        with self.assertRaises(AccessError):
            self.env["dental.sms.account"].with_user(self.director).create(
                {"name": "Mine", "company_id": self.company.id}
            )

    def test_registrar_sees_no_account(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.registrar).read(["name"])

    def test_admin_reads_and_writes_credentials(self):
        account = self.account.with_user(self.admin)
        self.assertEqual(account.password, "s3cret-pass")
        account.password = "new-pass"
        self.assertEqual(self.account.password, "new-pass")

    def test_other_branch_account_hidden(self):
        accounts = self.env["dental.sms.account"].with_user(self.director).search([])
        self.assertIn(self.account, accounts)
        self.assertNotIn(self.account_b, accounts)

    def test_sms_log_is_admin_only(self):
        sms = self.new_sms()
        with self.assertRaises(AccessError):
            sms.with_user(self.director).read(["dental_cost"])
        self.assertEqual(sms.with_user(self.admin).dental_account_id, self.account)
