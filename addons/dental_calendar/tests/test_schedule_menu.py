from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestScheduleMenu(DentalCalendarCommon):
    """What the schedule's right-click menu offers, and the status rule behind it."""

    def _completed(self):
        event = self.book(self.at(10))
        event.action_dental_complete()
        return event

    def test_completed_visit_is_not_booked_again(self):
        event = self._completed()
        registrar = event.with_user(self.user_registrar)
        for state in ("scheduled", "confirmed", "no_show", "cancelled", "in_chair"):
            with self.subTest(state=state), self.assertRaisesRegex(UserError, "is completed and cannot become"):
                registrar.write({"dental_state": state})
        with self.assertRaises(UserError):
            registrar.action_dental_no_show()
        with self.assertRaises(UserError):
            registrar.action_dental_reschedule()
        self.assertEqual(event.dental_state, "completed")
        self.assertEqual(registrar.dental_schedule_menu()["states"], [])
        self.assertFalse(registrar.dental_schedule_menu()["can_move"])
        # Other changes of a completed visit stay possible (a note), and completing again changes nothing.
        registrar.write({"note": "Paid at the next visit", "dental_state": "completed"})

    def test_director_reopens_a_completed_visit(self):
        event = self._completed()
        director = event.with_user(self.user_director)
        self.assertEqual(director.dental_schedule_menu()["states"], ["in_chair"])
        with self.assertRaisesRegex(UserError, "Only a Director can reopen it"):
            director.write({"dental_state": "scheduled"})
        director.action_dental_in_chair()
        self.assertEqual(event.dental_state, "in_chair")
        director.action_dental_complete()
        self.assertEqual(event.dental_state, "completed")

    def test_menu_of_a_booked_visit(self):
        event = self.book(self.at(10)).with_user(self.user_registrar)
        menu = event.dental_schedule_menu()
        self.assertEqual(menu["states"], ["confirmed", "arrived", "in_chair", "completed", "no_show", "cancelled"])
        self.assertTrue(menu["can_move"])
        self.assertEqual(menu["actions"], [], "billing belongs to dental_cash")
        Event = type(self.env["calendar.event"])
        with patch.object(Event, "_dental_schedule_actions", lambda self: [{"name": "action_x", "label": "X"}]):
            self.assertEqual(event.dental_schedule_menu()["actions"], [{"name": "action_x", "label": "X"}])

    def test_events_without_patient_keep_calendar_behaviour(self):
        meeting = self.env["calendar.event"].create(
            {"name": "Staff meeting", "start": self.at(18), "stop": self.at(19), "dental_state": "completed"}
        )
        meeting.with_user(self.user_director).write({"dental_state": "scheduled"})
        self.assertEqual(meeting.dental_state, "scheduled")

    def test_my_schedule_without_employee_says_why(self):
        user = self.user_registrar
        self.assertFalse(user.employee_id)
        self.book(self.at(10))
        data = (
            self.env["dental.schedule"]
            .with_user(user)
            .get_schedule(self.company.id, self.at(0), self.at(0, days=7), "me")
        )
        self.assertTrue(data["no_employee"])
        self.assertEqual(data["appointments"], [], "not the branch's appointments")
        self.assertEqual(data["shifts"], [])
        mine = (
            self.env["dental.schedule"]
            .with_user(self.user_doctor)
            .get_schedule(self.company.id, self.at(0), self.at(0, days=7), "me")
        )
        self.assertFalse(mine["no_employee"])
        self.assertEqual(mine["employee_id"], self.doctor.id)
        self.assertEqual(len(mine["appointments"]), 1)


@tagged("post_install", "-at_install")
class TestDurationRule(DentalCalendarCommon):
    """A length chosen (a slot dragged, a saved appointment, a given stop or duration) wins over the services'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env["product.product"].create({"name": "Consultation", "type": "service"})
        Event = type(cls.env["calendar.event"])
        # 30 minutes per service (dental_calendar_chart reads the services' own durations)
        patcher = patch.object(Event, "_dental_service_duration", lambda self, products: 30 * len(products))
        patcher.start()
        cls.addClassCleanup(patcher.stop)

    def _quick_form(self, **context):
        return Form(
            self.env["calendar.event"].with_context(
                default_start=self.at(10),
                default_stop=self.at(10.6667),
                default_duration=40 / 60,
                default_chair_id=self.chair_1.id,
                default_doctor_id=self.doctor.id,
                **context,
            ),
            view="dental_calendar.calendar_event_view_form_dental_quick",
        )

    def test_dragged_slot_keeps_its_length(self):
        with self._quick_form(default_dental_slot_chosen=True) as form:
            form.patient_id = self.patient
            form.service_ids.add(self.service)
            self.assertEqual(round(form.duration * 60), 40)
            self.assertIn("The planned services take 00:30; the appointment keeps 00:40", form.dental_duration_note)
        event = form.record
        self.assertEqual(round((event.stop - event.start).total_seconds() / 60), 40)

    def test_user_changes_the_length(self):
        with self._quick_form(default_dental_slot_chosen=True) as form:
            form.patient_id = self.patient
            form.service_ids.add(self.service)
            form.duration = 0.5
            self.assertFalse(form.dental_duration_note)
        self.assertEqual(round((form.record.stop - form.record.start).total_seconds() / 60), 30)

    def test_without_a_chosen_slot_the_services_set_the_length(self):
        with self._quick_form() as form:
            form.patient_id = self.patient
            form.service_ids.add(self.service)
            self.assertEqual(round(form.duration * 60), 30)
            self.assertFalse(form.dental_duration_note)
        self.assertEqual(round((form.record.stop - form.record.start).total_seconds() / 60), 30)

    def test_saved_appointment_keeps_its_length(self):
        event = self.book(self.at(10))
        with Form(event, view="dental_calendar.calendar_event_view_form_dental") as form:
            form.service_ids.add(self.service)
            self.assertEqual(round(form.duration * 60), 40)
            self.assertTrue(form.dental_duration_note)
        self.assertEqual(round((event.stop - event.start).total_seconds() / 60), 40)

    def test_create_given_duration_wins(self):
        values = {"patient_id": self.patient.id, "chair_id": self.chair_1.id, "doctor_id": self.doctor.id}
        event = self.env["calendar.event"].create(
            dict(values, start=self.at(10), duration=1.0, service_ids=[(6, 0, self.service.ids)])
        )
        self.assertEqual(round((event.stop - event.start).total_seconds() / 60), 60)
        by_services = self.env["calendar.event"].create(
            dict(values, start=self.at(12), service_ids=[(6, 0, self.service.ids)])
        )
        self.assertEqual(round((by_services.stop - by_services.start).total_seconds() / 60), 30)
