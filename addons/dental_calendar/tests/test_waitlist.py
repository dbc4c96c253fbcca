from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestWaitlist(DentalCalendarCommon):
    def test_book_existing_patient(self):
        entry = self.env["dental.waitlist"].create({"patient_id": self.patient.id, "duration": 60, "note": "Mornings"})
        self.assertEqual(entry.name, self.patient.name)
        self.assertEqual(entry.phone, self.patient.phone)
        event_id = entry.action_book(self.chair_1.id, self.at(10))
        event = self.env["calendar.event"].browse(event_id)
        self.assertEqual(event.patient_id, self.patient)
        self.assertEqual(event.doctor_id, self.doctor, "the doctor comes from the chair's shift")
        self.assertEqual(event.stop, self.at(11))
        self.assertEqual(event.note, "Mornings")
        self.assertEqual(entry.state, "booked")
        self.assertFalse(entry.active, "booking removes the entry from the list")
        self.assertEqual(entry.appointment_id, event)
        with self.assertRaises(UserError):
            entry.action_book(self.chair_1.id, self.at(12))

    def test_book_new_person(self):
        entry = self.env["dental.waitlist"].create(
            {"name": "Lebedev Oleg Ivanovich", "phone": "+7 916 000-00-09", "employee_id": self.doctor_2.id}
        )
        entry.action_book(self.chair_2.id, self.at(11))
        self.assertEqual(entry.patient_id.last_name, "Lebedev")
        # dental_patient may normalise the number (E.164): compare the digits.
        self.assertEqual("".join(filter(str.isdigit, entry.patient_id.phone)), "79160000009")
        self.assertEqual(entry.appointment_id.doctor_id, self.doctor_2)

    def test_failed_booking_keeps_the_entry(self):
        self.book(self.at(10))
        entry = self.env["dental.waitlist"].create({"patient_id": self.patient_2.id})
        with self.assertRaises(ValidationError):
            entry.action_book(self.chair_1.id, self.at(10))
        self.assertEqual(entry.state, "waiting")
        self.assertTrue(entry.active)

    def test_create_patient(self):
        entry = self.env["dental.waitlist"].create({"name": "Sokolova Irina", "phone": "+7 916 000-00-08"})
        action = entry.action_create_patient()
        self.assertEqual(action["res_id"], entry.patient_id.id)
        self.assertEqual(entry.patient_id.first_name, "Irina")
