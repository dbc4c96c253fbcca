from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import section_user

from .common import TZ, DentalCashCommon


@tagged("post_install", "-at_install")
class TestMoneySections(DentalCashCommon):
    """The "Money" and "Reports" sections of a custom role: real outcomes of each level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient.medical_note = "Allergic to lidocaine"
        cls.invoice = cls._invoice(1000.0)
        cls.closing = cls.env["dental.cash.closing"].create({"company_id": cls.company.id, "date": cls.day})

    def _user(self, login, *sections):
        return section_user(
            self.env, login, *sections, company_id=self.company.id, company_ids=[self.company.id], tz=TZ
        )

    def _operation_vals(self):
        return {
            "kind": "expense",
            "category_id": self.env.ref("dental_cash.category_office").id,
            "amount": 10.0,
            "description": "Pens",
            "date": self.day,
        }

    def test_money_read(self):
        user = self._user("sec_money_read", "money_read")
        env = self.env(user=user)
        self.assertEqual(env["account.move"].browse(self.invoice.id).amount_total, 1000.0)
        self.assertEqual(env["dental.cash.closing"].search([("id", "=", self.closing.id)]), self.closing)
        with self.assertRaises(AccessError):
            env["dental.cash.operation"].create(self._operation_vals())
        with self.assertRaises(AccessError):
            self._pay(100.0, env=env)
        with self.assertRaises(AccessError):
            self.patient.with_user(user).read(["medical_note"])

    def test_money_edit(self):
        user = self._user("sec_money_edit", "money_edit")
        env = self.env(user=user)
        payment = self._pay(100.0, env=env)
        self.assertTrue(payment)
        operation = env["dental.cash.operation"].create(self._operation_vals())
        operation.action_post()
        self.assertEqual(operation.state, "posted")
        # the front desk's rules bind the section: no day closing (the senior registrar's), no medical data
        self.assertTrue(env["account.partial.reconcile"]._dental_reconcile_bound())
        with self.assertRaises(AccessError):
            env["dental.cash.close.wizard"].create({"closing_id": self.closing.id})
        with self.assertRaises(AccessError):
            self.patient.with_user(user).read(["medical_note"])

    def test_reports_read(self):
        user = self._user("sec_reports_read", "reports_read")
        env = self.env(user=user)
        self.assertEqual(env["dental.cash.closing"].search([("id", "=", self.closing.id)]), self.closing)
        with self.assertRaises(AccessError):
            self.closing.with_user(user).write({"note": "x"})
        with self.assertRaises(AccessError):
            env["dental.cash.operation"].search([])
        with self.assertRaises(AccessError):
            self._pay(100.0, env=env)

    def test_settings_edit_manages_cash_categories(self):
        reader = self._user("sec_settings_read", "settings_read")
        with self.assertRaises(AccessError):
            self.env["dental.cash.category"].with_user(reader).create({"name": "Flowers", "kind": "expense"})
        editor = self._user("sec_settings_edit", "settings_edit")
        category = self.env["dental.cash.category"].with_user(editor).create({"name": "Flowers", "kind": "expense"})
        self.assertEqual(category.name, "Flowers")
