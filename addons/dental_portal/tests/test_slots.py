from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalPortalCommon


@tagged("post_install", "-at_install")
class TestSlots(DentalPortalCommon):
    """Free slots follow the schedule's rules: shifts, working hours, booked chairs and doctors, duration."""

    def slots(self, service=None, doctor=None, **kw):
        service = service or self.service
        return self.Requests._dental_slots(self.company, service, doctor or self.doctor, "2030-03-04", "2030-03-04")

    def starts(self, slots):
        return [s["start"] for s in slots]

    def test_shift_grid_and_duration(self):
        slots = self.slots()
        # 9:00-15:00 shift, 40 minutes on the 20-minute grid: 9:00 ... 14:20
        self.assertEqual(self.starts(slots)[0], self.at(9))
        self.assertEqual(self.starts(slots)[-1], self.at(14 + 1 / 3))
        self.assertEqual(len(slots), 17)
        self.assertTrue(all(s["stop"] - s["start"] == timedelta(minutes=40) for s in slots))
        self.assertEqual({s["chair_id"] for s in slots}, {self.chair_1.id})
        self.company.dental_calendar_step = 30
        self.assertEqual(self.starts(self.slots())[:3], [self.at(9), self.at(9.5), self.at(10)])

    def test_booked_chair_and_cancelled(self):
        event = self.book(self.at(10), self.at(10 + 2 / 3))
        starts = self.starts(self.slots())
        for hours in (9 + 2 / 3, 10, 10 + 1 / 3):
            self.assertNotIn(self.at(hours), starts)
        self.assertIn(self.at(9 + 1 / 3), starts)
        self.assertIn(self.at(10 + 2 / 3), starts)
        self.assertEqual(len(starts), 14)
        event.action_dental_cancel()
        self.assertEqual(len(self.slots()), 17)

    def test_exclusive_doctor_elsewhere(self):
        # the doctor sees a patient in another chair at 12:00-12:40: his own chair is free, he is not
        self.book(self.at(12), self.at(12 + 2 / 3), chair=self.chair_2, doctor=self.doctor)
        starts = self.starts(self.slots())
        self.assertNotIn(self.at(12), starts)
        self.assertNotIn(self.at(11 + 2 / 3), starts)

    def test_parallel_doctor(self):
        self.company.dental_doctor_parallel = True
        self.book(self.at(12), self.at(12 + 2 / 3), chair=self.chair_2, doctor=self.doctor)
        self.assertIn(self.at(12), self.starts(self.slots()))

    def test_working_hours(self):
        self.company.dental_work_end = 12.0
        starts = self.starts(self.slots())
        self.assertEqual(starts[-1], self.at(11 + 1 / 3))

    def test_past_and_no_shift(self):
        slots = self.env["dental.schedule"]._dental_free_slots(
            self.company, self.at(0), self.at(24), 40, doctor_ids=self.doctor.ids, now=self.at(12)
        )
        self.assertEqual(slots[0]["start"], self.at(12))
        # the next day: no shift, no slot
        self.assertFalse(
            self.Requests._dental_slots(self.company, self.service, self.doctor, "2030-03-05", "2030-03-05")
        )

    def test_service_profession_and_any_doctor(self):
        # the therapist's service: only the therapist; a service without profession: both doctors
        self.assertEqual(self.Requests._dental_doctors(self.company, self.service), self.doctor)
        slots = self.Requests._dental_slots(self.company, self.service_any, None, "2030-03-04", "2030-03-04")
        self.assertEqual({s["doctor_id"] for s in slots}, {self.doctor.id, self.doctor_2.id})
        # without a duration, the calendar's default length: two steps
        self.assertEqual(slots[0]["stop"] - slots[0]["start"], timedelta(minutes=40))

    def test_bad_queries(self):
        with self.assertRaises(UserError):
            self.Requests._dental_branch(self.branch_b.id)  # no online booking
        with self.assertRaises(UserError):
            self.Requests._dental_service(self.company, self.service_offline.id)
        with self.assertRaises(UserError):
            self.Requests._dental_doctor(self.company, self.service, self.doctor_2.id)
        with self.assertRaises(UserError):
            self.Requests._dental_slots(self.company, self.service, None, "2030-03-01", "2030-04-30")

    def test_slot_is_bookable_by_the_schedule(self):
        """Every slot offered is accepted by calendar.event's create in a branch refusing outside hours."""
        self.company.dental_outside_hours = "refuse"
        slot = self.slots()[-1]
        event = self.book(slot["start"], slot["stop"], chair=self.env["dental.chair"].browse(slot["chair_id"]))
        self.assertTrue(event)
