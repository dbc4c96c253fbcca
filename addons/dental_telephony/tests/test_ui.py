from odoo.tests import HttpCase, tagged

from odoo.addons.web.tests.test_js import unit_test_error_checker

from ..tools import pbx
from .common import DentalTelephonyCommon

UNKNOWN = "+79035550077"


@tagged("post_install", "-at_install")
class TestTelephonyUi(DentalTelephonyCommon, HttpCase):
    def test_call_popup_js_unit_tests(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&tag=dental_telephony",
            "",
            "",
            login="admin",
            success_signal="[HOOT] test suite succeeded",
            error_checker=unit_test_error_checker,
            timeout=600,
        )

    def test_unknown_caller_becomes_a_lead(self):
        self.user_registrar.write({"password": "tel_registrar", "tz": "Europe/Moscow"})
        call = self.uis._dental_receive([self._event(pbx.START, "tour-1", caller=UNKNOWN)])
        self.assertFalse(call.patient_id or call.lead_id)
        self.start_tour("/odoo", "dental_telephony_unknown_call_lead", login="tel_registrar")
        lead = call.lead_id
        self.assertTrue(lead)
        self.assertEqual((lead.phone_sanitized, lead.user_id), (UNKNOWN, self.user_registrar))
        self.assertEqual((lead.company_id, lead.is_dental_lead), (self.company, True))
