from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import section_user

from .common import TZ, DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestScheduleSections(DentalCalendarCommon):
    """The "Schedule" section of a custom role: the real outcome of each level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient.medical_note = "Allergic to lidocaine"
        cls.event = cls.book(cls.at(10))
        cls.event_b = cls.book(
            cls.at(10), chair=cls.chair_b, doctor=cls.doctor_b, patient=cls.patient_b, company_id=cls.branch_b.id
        )
        cls.entry = cls.env["dental.waitlist"].create({"patient_id": cls.patient.id, "duration": 60})

    def test_schedule_read(self):
        user = section_user(self.env, "sec_schedule_read", "schedule_read", tz=TZ, lang="en_US")
        Event = self.env["calendar.event"].with_user(user)
        # the branch's appointments, though the user attends none of them; not another branch's
        self.assertEqual(Event.search([("id", "in", (self.event | self.event_b).ids)]), self.event)
        self.assertEqual(self.event.with_user(user).patient_id, self.patient)
        self.assertTrue(self.entry.with_user(user).read(["patient_id"]))
        with self.assertRaises(AccessError):
            self.event.with_user(user).write({"note": "moved"})
        with self.assertRaises(AccessError):
            self.book(self.at(12), env=Event.env)
        with self.assertRaises(AccessError):
            self.event.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.entry.with_user(user).write({"duration": 30})
        with self.assertRaises(AccessError):
            self.patient.with_user(user).read(["medical_note"])
        # ordinary meetings stay calendar's own
        meeting = Event.create({"name": "Staff meeting", "start": self.at(18), "stop": self.at(19)})
        meeting.write({"name": "Staff meeting (moved)"})

    def test_schedule_edit(self):
        user = section_user(self.env, "sec_schedule_edit", "schedule_edit", tz=TZ, lang="en_US")
        Event = self.env["calendar.event"].with_user(user)
        event = self.book(self.at(12), env=Event.env)
        event.write({"note": "First visit"})
        self.assertEqual(event.note, "First visit")
        self.entry.with_user(user).write({"duration": 30})
        self.assertEqual(self.entry.duration, 30)
        # a new patient from the schedule (Patients: Edit), still no medical data
        self.env["dental.patient"].with_user(user).create({"last_name": "New", "first_name": "Patient"})
        with self.assertRaises(AccessError):
            self.patient.with_user(user).read(["medical_note"])
        with self.assertRaises(AccessError):
            self.event_b.with_user(user).write({"note": "x"})

    def test_other_sections_do_not_open_the_schedule(self):
        user = section_user(self.env, "sec_patients_only", "patients_edit", tz=TZ, lang="en_US")
        self.assertFalse(self.env["calendar.event"].with_user(user).search([("id", "=", self.event.id)]))
        with self.assertRaises(AccessError):
            self.entry.with_user(user).read(["patient_id"])
