from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestPatientHistory(DentalChartCommon):
    def test_patient_with_medical_records_cannot_be_deleted(self):
        self._finding(self.tooth_36, "2026-01-10", condition=self.caries)
        with self.assertRaises(UserError):
            self.patient.with_user(self.user_director).unlink()
        self.assertTrue(self.patient.exists())

    def test_patient_with_a_plan_cannot_be_deleted(self):
        patient = self.env["dental.patient"].create({"last_name": "Plan", "first_name": "Only"})
        self._plan([(self.service_filling, self.tooth_36, 1, 1)], patient=patient)
        self.assertIn("treatment plans", patient.with_context(lang="en_US")._dental_history())
        with self.assertRaises(UserError):
            patient.unlink()
