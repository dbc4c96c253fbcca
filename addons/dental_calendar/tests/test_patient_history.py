from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestPatientHistory(DentalCalendarCommon):
    def test_booked_patient_cannot_be_deleted(self):
        patient = self.env["dental.patient"].create({"last_name": "Booked", "first_name": "Once"})
        event = self.book(self.at(10), patient=patient)
        event.action_dental_cancel()
        self.assertIn("appointments", patient.with_context(lang="en_US")._dental_history())
        with self.assertRaises(UserError):
            patient.with_user(self.user_director).unlink()
        self.assertTrue(patient.exists())
