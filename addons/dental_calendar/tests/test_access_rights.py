from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DAY, DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestAccessRights(DentalCalendarCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event_doctor = cls.book(cls.at(10))
        cls.event_doctor_2 = cls.book(cls.at(10), chair=cls.chair_2, doctor=cls.doctor_2, patient=cls.patient_2)
        cls.event_b = cls.book(
            cls.at(10), chair=cls.chair_b, doctor=cls.doctor_b, patient=cls.patient_b, company_id=cls.branch_b.id
        )
        cls.all_events = cls.event_doctor | cls.event_doctor_2 | cls.event_b

    def _visible(self, user):
        return self.env["calendar.event"].with_user(user).search([("id", "in", self.all_events.ids)])

    def test_registrar_books_in_own_branch_only(self):
        self.assertEqual(self._visible(self.user_registrar), self.event_doctor | self.event_doctor_2)
        self.assertEqual(self._visible(self.user_registrar_b), self.event_b)
        # the schedule reads its columns as superuser, but only of the appointments the user may see
        Schedule = self.env["dental.schedule"].with_user(self.user_registrar)
        data = Schedule.get_schedule(self.branch_b.id, self.at(0), self.at(24))
        self.assertEqual(data["company"]["id"], self.company.id, "a branch the user has no access to is not shown")
        self.assertEqual({a["id"] for a in data["appointments"]}, set((self.event_doctor | self.event_doctor_2).ids))
        week_b = Schedule.get_schedule(False, self.at(0), self.at(0, days=7), self.doctor_b.id)
        self.assertFalse(week_b["appointments"], "another branch's doctor: nothing of that branch")
        Event = self.env["calendar.event"].with_user(self.user_registrar)
        event = Event.create(
            {
                "patient_id": self.patient.id,
                "chair_id": self.chair_1.id,
                "doctor_id": self.doctor.id,
                "start": self.at(12),
                "stop": self.at(12.5),
            }
        )
        event.action_dental_confirm()
        self.assertEqual(event.dental_state, "confirmed")
        with self.assertRaises(AccessError):
            self.event_b.with_user(self.user_registrar).read(["patient_id"])
        with self.assertRaises(AccessError):
            self.event_doctor.with_user(self.user_registrar_b).write({"note": "x"})
        # Chairs, shifts and the waiting list are per branch too.
        self.assertEqual(self.env["dental.chair"].with_user(self.user_registrar_b).search([]), self.chair_b)
        self.assertFalse(self.env["dental.shift"].with_user(self.user_registrar_b).search([]))
        # The registrar plans shifts, but does not configure chairs.
        self.env["dental.shift"].with_user(self.user_registrar).create(
            {"employee_id": self.doctor_2.id, "chair_id": self.chair_1.id, "start": self.at(16), "stop": self.at(20)}
        )
        with self.assertRaises(AccessError):
            self.env["dental.chair"].with_user(self.user_registrar).create({"name": "Chair X"})

    def test_doctor_sees_own_schedule(self):
        self.assertEqual(self._visible(self.user_doctor), self.event_doctor)
        self.assertEqual(self._visible(self.user_doctor_2), self.event_doctor_2)
        self.event_doctor.with_user(self.user_doctor).action_dental_arrive()
        with self.assertRaises(AccessError):
            self.event_doctor_2.with_user(self.user_doctor).write({"dental_state": "completed"})
        data = (
            self.env["dental.schedule"]
            .with_user(self.user_doctor)
            .get_schedule(self.company.id, self.at(0), self.at(24), self.doctor.id)
        )
        self.assertEqual([a["id"] for a in data["appointments"]], self.event_doctor.ids)
        colleague = (
            self.env["dental.schedule"]
            .with_user(self.user_doctor)
            .get_schedule(self.company.id, self.at(0), self.at(24), self.doctor_2.id)
        )
        self.assertFalse(colleague["appointments"], "a doctor does not see a colleague's patients")
        # "My schedule": the doctor's own employee, found from the user.
        mine = (
            self.env["dental.schedule"]
            .with_user(self.user_doctor)
            .get_schedule(False, self.at(0), self.at(0, days=7), "me")
        )
        self.assertEqual(mine["employee_id"], self.doctor.id)
        self.assertEqual([a["id"] for a in mine["appointments"]], self.event_doctor.ids)
        with self.assertRaises(AccessError):
            self.env["dental.shift"].with_user(self.user_doctor).create(
                {"employee_id": self.doctor.id, "chair_id": self.chair_1.id, "start": self.at(16), "stop": self.at(20)}
            )

    def test_assistant_sees_appointments_assisted(self):
        self.assertFalse(self._visible(self.user_assistant))
        self.event_doctor.assistant_id = self.assistant
        self.assertEqual(self._visible(self.user_assistant), self.event_doctor)

    def test_coordinator_and_director(self):
        self.assertEqual(self._visible(self.user_coordinator), self.event_doctor | self.event_doctor_2)
        self.assertEqual(self._visible(self.user_director), self.event_doctor | self.event_doctor_2)
        self.env["dental.waitlist"].with_user(self.user_coordinator).create({"patient_id": self.patient.id})
        self.env["dental.chair"].with_user(self.user_director).create({"name": "Chair 3"})
        with self.assertRaises(AccessError):
            self.env["dental.shift"].with_user(self.user_coordinator).create(
                {
                    "employee_id": self.doctor_2.id,
                    "chair_id": self.chair_1.id,
                    "start": self.at(16),
                    "stop": self.at(20),
                }
            )

    def test_ordinary_employee_keeps_ordinary_meetings(self):
        meeting = self.env["calendar.event"].create({"name": "Staff meeting", "start": self.at(8), "stop": self.at(9)})
        self.assertIn(meeting, self.env["calendar.event"].with_user(self.user_doctor).search([]))

    def test_closed_period_locked_for_staff(self):
        self.company.dental_past_edit_until = DAY  # the fixtures' day is closed
        event = self.event_doctor.with_user(self.user_registrar)
        with self.assertRaisesRegex(UserError, "is closed"):
            event.write({"note": "changed afterwards"})
        with self.assertRaisesRegex(UserError, "is closed"):
            event.unlink()
        with self.assertRaisesRegex(UserError, "is closed"):
            self.env["calendar.event"].with_user(self.user_registrar).create(
                {
                    "patient_id": self.patient.id,
                    "chair_id": self.chair_1.id,
                    "doctor_id": self.doctor.id,
                    "start": self.at(16),
                    "stop": self.at(16.5),
                }
            )
        # Moving a later appointment into the closed period is refused too.
        later = self.book(self.at(12, days=1), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2)
        with self.assertRaisesRegex(UserError, "is closed"):
            later.with_user(self.user_registrar).write({"start": self.at(12), "stop": self.at(12.5)})
        later.with_user(self.user_registrar).write({"note": "the next day is open"})
        # The director may correct the closed period.
        self.event_doctor.with_user(self.user_director).write({"note": "corrected by the director"})
        self.assertEqual(self.event_doctor.note, "corrected by the director")
