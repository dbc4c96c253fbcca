from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools import pbx
from .common import DentalTelephonyCommon


@tagged("post_install", "-at_install")
class TestTelephonyAccess(DentalTelephonyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.uis._dental_receive(
            [cls._event(pbx.END, answered=True, duration=30, recording_url="https://records.example.com/1.mp3")]
        )
        cls.other_account = cls.env["dental.pbx.account"].create(
            {"name": "Other UIS", "provider": "uis", "company_id": cls.other_company.id}
        )
        cls.other_call = cls.other_account._dental_receive([cls._event(pbx.START, "other-1")])

    def test_clinical_staff_see_no_calls(self):
        for user in (self.user_assistant, self.user_doctor):
            with self.assertRaises(AccessError, msg=user.login):
                self.call.with_user(user).read(["caller_number"])
            with self.assertRaises(AccessError, msg=user.login):
                self.env["dental.call"].with_user(user).create({"external_id": "x", "caller_number": "+7"})
            with self.assertRaises(AccessError, msg=user.login):
                self.call.with_user(user).write({"comment": "x"})
            with self.assertRaises(AccessError, msg=user.login):
                self.call.with_user(user).unlink()

    def test_registrar_reads_branch_calls_without_recordings(self):
        Call = self.env["dental.call"].with_user(self.user_registrar)
        self.assertEqual(Call.search([]), self.call)  # not the other branch's
        self.assertEqual(Call.browse(self.call.id).caller_number, "+79167000001")
        self.assertTrue(Call.browse(self.call.id).has_recording)
        with self.assertRaises(AccessError):
            Call.browse(self.call.id).read(["recording_url"])
        with self.assertRaises(AccessError):
            Call.create({"external_id": "x"})
        with self.assertRaises(AccessError):
            Call.browse(self.call.id).unlink()
        with self.assertRaises(AccessError):
            self.other_call.with_user(self.user_registrar).read(["caller_number"])

    def test_recordings_for_directors_and_coordinators(self):
        for user in (self.user_director, self.user_coordinator):
            self.assertEqual(self.call.with_user(user).recording_url, "https://records.example.com/1.mp3", user.login)
        with self.assertRaises(AccessError):
            self.call.with_user(self.user_coordinator).unlink()
        self.call.with_user(self.user_director).unlink()
        self.assertFalse(self.call.exists())

    def test_pbx_accounts_and_their_secrets(self):
        for user in (self.user_registrar, self.user_coordinator, self.user_doctor, self.user_assistant):
            with self.assertRaises(AccessError, msg=user.login):
                self.uis.with_user(user).read(["name"])
        account = self.mango.with_user(self.user_director)
        self.assertEqual(account.provider, "mango")
        for field in ("api_key", "api_secret", "webhook_token"):
            with self.assertRaises(AccessError, msg=field):
                account.read([field])
        with self.assertRaises(AccessError):
            account.write({"missed_call_sms": False})
        with self.assertRaises(AccessError):
            self.env["dental.call.result"].with_user(self.user_registrar).create({"name": "Mine"})
