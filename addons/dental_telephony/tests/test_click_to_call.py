from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import pbx
from .common import UIS_CALL_KEY, DentalTelephonyCommon, FakePbxApi


@tagged("post_install", "-at_install")
class TestClickToCall(DentalTelephonyCommon):
    """A user calls a patient from Odoo: the branch's PBX rings the user's extension, then the patient's number
    (Mango's commands/callback, UIS's start.employee_call, Beeline's abonents/<user>/call), against the fake PBX
    API on 127.0.0.1."""

    def setUp(self):
        super().setUp()
        FakePbxApi.placed = []
        Account = self.env["dental.pbx.account"]
        # one account per test places the calls: the others are taken off the branch's list
        (self.uis | self.mango | self.beeline).write({"endpoint_url": False})
        self.uis.write({"api_key": UIS_CALL_KEY, "line_number": "+7 495 000-00-01"})
        self.accounts = {
            "mango": (self.mango, f"{self.api_base}/vpbx/"),
            "uis": (self.uis, f"{self.api_base}/callapi/v4.0"),
            "beeline": (self.beeline, f"{self.api_base}/apis/portal/"),
        }
        self.assertFalse(Account.search([("company_id", "=", self.company.id), ("endpoint_url", "!=", False)]))

    def _use(self, provider):
        account, endpoint = self.accounts[provider]
        account.endpoint_url = endpoint
        return account

    def _call_patient(self, user=None):
        return self.patient.with_user(user or self.user_registrar).action_dental_call()

    def test_each_pbx_rings_the_user_then_the_patient(self):
        expected = {
            "mango": {"provider": "mango", "from": "101", "to": "79167000001", "line": None},
            "uis": {
                "provider": "uis",
                "from": 101,
                "to": "79167000001",
                "line": "74950000001",
                "first_call": "employee",
            },
            "beeline": {"provider": "beeline", "from": "101", "to": "79167000001"},
        }
        for provider, placed in expected.items():
            account = self._use(provider)
            FakePbxApi.placed = []
            action = self._call_patient()
            self.assertEqual(FakePbxApi.placed, [placed], provider)
            self.assertEqual(action["params"]["title"], "Calling +79167000001")
            account.endpoint_url = False

    def test_mango_line_and_call_back_from_the_journal(self):
        self._use("mango").line_number = "8 (495) 000-00-02"
        call = self.mango._dental_receive([self._event(pbx.START, "m-1", caller="+74951112233")])
        self.user_coordinator.dental_pbx_extension = "102"
        call.with_user(self.user_coordinator).action_call_back()
        self.assertEqual(
            FakePbxApi.placed, [{"provider": "mango", "from": "102", "to": "74951112233", "line": "84950000002"}]
        )

    def test_refusals_are_clear_and_logged(self):
        account = self._use("mango")
        self.user_registrar.dental_pbx_extension = "busy"
        with self.assertRaisesRegex(UserError, "did not place the call: result 3100"), self.assertLogs(level="WARNING"):
            self._call_patient()
        account.endpoint_url = False
        self._use("beeline")
        with self.assertRaisesRegex(UserError, "HTTP 400"), self.assertLogs(level="WARNING"):
            self._call_patient()
        self.beeline.endpoint_url = False
        self._use("uis").sudo().api_key = "wrong"
        with self.assertRaisesRegex(UserError, "Access token is invalid"), self.assertLogs(level="WARNING"):
            self._call_patient()
        self.uis.line_number = False
        with self.assertRaisesRegex(UserError, "virtual number"):
            self._call_patient()
        self.assertEqual(FakePbxApi.placed, [])

    def test_what_is_missing_is_said(self):
        with self.assertRaisesRegex(UserError, "No PBX account of Telephony Branch"):
            self._call_patient()
        self._use("beeline")
        self.user_registrar.dental_pbx_extension = False
        with self.assertRaisesRegex(UserError, "no PBX Extension"):
            self._call_patient()
        self.user_registrar.dental_pbx_extension = "101"
        self.patient.write({"mobile": False, "phone": False})
        with self.assertRaisesRegex(UserError, "no phone number"):
            self._call_patient()
        self.assertEqual(FakePbxApi.placed, [])

    def test_clinical_staff_do_not_call_and_the_other_branch_is_not_used(self):
        self._use("beeline")
        for user in (self.user_doctor, self.user_assistant):
            user.dental_pbx_extension = "101"
            with self.assertRaises(AccessError, msg=user.login):
                self._call_patient(user)
        # the other branch's front desk calls through its own branch's account, which has none
        self.user_other_registrar.dental_pbx_extension = "201"
        with self.assertRaisesRegex(UserError, "No PBX account of Other Branch"):
            self.env["dental.call"].with_user(self.user_other_registrar).with_context(
                allowed_company_ids=[self.other_company.id]
            )._dental_click_to_call("+79167000001")
        self.assertEqual(FakePbxApi.placed, [])
