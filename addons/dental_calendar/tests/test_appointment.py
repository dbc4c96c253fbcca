from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DAY, DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestAppointment(DentalCalendarCommon):
    def test_booking_completes_values(self):
        event = self.book(self.at(10))
        self.assertEqual(event.name, self.patient.name)
        self.assertEqual(event.company_id, self.company)
        self.assertTrue(event.is_dental_appointment)
        self.assertEqual(event.dental_state, "scheduled")
        self.assertEqual(event.dental_color, 4)
        self.assertIn(self.patient.partner_id, event.partner_ids)
        self.assertIn(self.user_doctor.partner_id, event.partner_ids)
        self.assertTrue(event.dental_doctor_exclusive)
        self.assertEqual(event.dental_start_text, "04.03.2030 10:00")
        self.assertEqual(self.patient.appointment_count, 1)

    def test_chair_double_booking_refused(self):
        self.book(self.at(10))
        with self.assertRaisesRegex(ValidationError, "Chair 1 is already booked from 04.03.2030 10:00 to 10:40"):
            self.book(self.at(10.5), patient=self.patient_2, doctor=self.doctor_2)
        # Back to back is fine: ranges are half-open.
        self.book(self.at(10 + 40 / 60), patient=self.patient_2, doctor=self.doctor_2)

    @mute_logger("odoo.sql_db")
    def test_database_guard(self):
        """Without the check before writing (as in a race), the exclusion constraints refuse."""
        self.book(self.at(10))
        Event = type(self.env["calendar.event"])
        with patch.object(Event, "_dental_check_free", lambda self, vals=None, vals_list=None: None):
            with self.assertRaisesRegex(ValidationError, "The chair is already booked"):
                self.book(self.at(10.25), patient=self.patient_2, doctor=self.doctor_2)
            with self.assertRaisesRegex(ValidationError, "The doctor already has a patient"):
                self.book(self.at(10.25), chair=self.chair_2, patient=self.patient_2)
            other = self.book(self.at(10), chair=self.chair_2, patient=self.patient_2, doctor=self.doctor_2)
            with self.assertRaisesRegex(ValidationError, "The chair is already booked"):
                other.write({"chair_id": self.chair_1.id})
            self.assertEqual(other.chair_id, self.chair_2)

    def test_moving_onto_a_busy_chair_refused(self):
        self.book(self.at(10))
        other = self.book(self.at(10), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2)
        with self.assertRaisesRegex(ValidationError, "Chair 1 is already booked"):
            other.write({"chair_id": self.chair_1.id})
        self.assertEqual(other.chair_id, self.chair_2)

    def test_moving_the_start_keeps_the_duration(self):
        self.book(self.at(11))
        event = self.book(self.at(10), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2)
        event.write({"start": self.at(12)})
        self.assertEqual(event.stop, self.at(12 + 40 / 60))
        with self.assertRaisesRegex(ValidationError, "Chair 1 is already booked from 04.03.2030 11:00"):
            event.write({"start": self.at(10.5), "chair_id": self.chair_1.id})
        with self.assertRaisesRegex(ValidationError, "Chair 1 is already booked"):
            event.write({"chair_id": self.chair_1.id, "start": self.at(9), "duration": 2.5})

    def test_cancelled_and_no_show_free_the_slot(self):
        first = self.book(self.at(10))
        first.action_dental_cancel()
        second = self.book(self.at(10), patient=self.patient_2)
        second.action_dental_no_show()
        third = self.book(self.at(10), patient=self.patient_2)
        self.assertEqual(third.dental_state, "scheduled")
        # Both stay in history.
        history = self.env["calendar.event"].search([("chair_id", "=", self.chair_1.id)])
        self.assertEqual(history, first | second | third)
        # Restoring the cancelled one would double book the chair.
        with self.assertRaises(ValidationError):
            first.action_dental_reschedule()

    def test_doctor_overlap_per_setting(self):
        self.book(self.at(10))
        with self.assertRaisesRegex(ValidationError, "Dr. Sergeev already has a patient"):
            self.book(self.at(10), chair=self.chair_2, patient=self.patient_2)
        self.company.dental_doctor_parallel = True
        parallel = self.book(self.at(10), chair=self.chair_2, patient=self.patient_2)
        self.assertFalse(parallel.dental_doctor_exclusive)

    def test_doctor_required_per_setting(self):
        with self.assertRaisesRegex(ValidationError, "Choose a doctor"):
            self.book(self.at(10), doctor=self.env["hr.employee"])
        self.company.dental_allow_no_doctor = True
        event = self.book(self.at(10), doctor=self.env["hr.employee"])
        self.assertFalse(event.doctor_id)

    def test_one_day_only(self):
        with self.assertRaisesRegex(ValidationError, "on the same day"):
            self.book(self.at(20), self.at(2, days=1))
        with self.assertRaisesRegex(ValidationError, "end after it starts"):
            self.book(self.at(11), self.at(10))
        self.company.dental_outside_hours = "allow"
        late = self.book(self.at(23), self.at(24))  # until midnight is the same day
        self.assertEqual(late.stop, self.at(0, days=1))

    def test_chair_required_and_of_the_branch(self):
        with self.assertRaisesRegex(ValidationError, "Choose a chair"):
            self.book(self.at(10), chair_id=False)
        with self.assertRaisesRegex(ValidationError, "belongs to the branch Branch B"):
            self.book(self.at(10), chair=self.chair_b, company_id=self.company.id)

    def test_outside_hours_warned_or_refused(self):
        Event = self.env["calendar.event"]
        # Warn (default): booked, and the schedule gets the warnings to show.
        late = self.book(self.at(20.5))
        warnings = Event.dental_check_slot(
            {"start": self.at(20.5), "stop": self.at(21.5), "chair_id": self.chair_1.id, "doctor_id": self.doctor.id}
        )
        self.assertEqual(len(warnings), 2, warnings)  # after closing time, outside Dr. Sergeev's shift
        self.assertFalse(Event.dental_check_slot({"start": self.at(11), "stop": self.at(11.5)}, late.id))
        self.company.dental_outside_hours = "refuse"
        with self.assertRaisesRegex(ValidationError, "outside the working hours"):
            self.book(self.at(8), patient=self.patient_2)
        with self.assertRaisesRegex(ValidationError, "has no shift covering"):
            self.book(self.at(16), patient=self.patient_2)
        in_shift = self.book(self.at(11), patient=self.patient_2)
        # The shift changes afterwards: the visit can still be completed.
        self.shift.stop = self.at(11)
        in_shift.action_dental_complete()
        self.assertEqual(in_shift.dental_state, "completed")
        self.company.dental_outside_hours = "allow"
        self.book(self.at(8), patient=self.patient_2)

    def test_completion_hook_runs_once(self):
        event = self.book(self.at(10))
        calls = []
        original = type(event)._dental_on_completed

        def spy(records):
            calls.append(records.id)
            return original(records)

        with patch.object(type(event), "_dental_on_completed", spy):
            event.action_dental_confirm()
            event.action_dental_arrive()
            event.action_dental_in_chair()
            event.action_dental_complete()
            self.assertEqual(calls, [event.id])
            self.assertEqual(self.patient.last_visit_date, DAY)
            self.assertEqual(event.visit_type, "primary", "booked before any completed visit")
            # Back and forth does not complete the plan twice.
            event.write({"dental_state": "in_chair"})
            event.write({"dental_state": "completed"})
            self.assertEqual(calls, [event.id])
        with self.assertRaises(UserError):
            event.unlink()
        with freeze_time(DAY):
            self.assertEqual(self.book(self.at(10, days=7)).visit_type, "repeat")
        with freeze_time(DAY + timedelta(days=800)):
            later = self.book(self.at(10, days=900), patient=self.patient)
            self.assertEqual(later.visit_type, "primary", "primary again after the primary period")
        action = self.patient.action_dental_book()
        self.assertEqual(action["tag"], "dental_calendar.schedule")
        self.assertEqual(action["params"]["patient_id"], self.patient.id)

    def test_duration_from_services_hook(self):
        service = self.env["product.product"].create({"name": "Filling", "type": "service"})
        Event = type(self.env["calendar.event"])
        with patch.object(Event, "_dental_service_duration", lambda self, products: 60 * len(products)):
            event = self.env["calendar.event"].create(
                {
                    "patient_id": self.patient.id,
                    "chair_id": self.chair_1.id,
                    "doctor_id": self.doctor.id,
                    "start": self.at(10),
                    "service_ids": [(6, 0, service.ids)],
                }
            )
        self.assertEqual(event.stop - event.start, timedelta(hours=1))
        # Without a service duration the default is two calendar steps.
        event_2 = self.env["calendar.event"].create(
            {
                "patient_id": self.patient.id,
                "chair_id": self.chair_2.id,
                "doctor_id": self.doctor_2.id,
                "start": self.at(12),
            }
        )
        self.assertEqual(event_2.stop - event_2.start, timedelta(minutes=40))

    def test_status_change_is_tracked(self):
        event = self.book(self.at(10)).with_context(tracking_disable=False)
        event.action_dental_confirm()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = event.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "dental_state")
        self.assertTrue(tracked)

    def test_move_wizard(self):
        event = self.book(self.at(10))
        wizard = (
            self.env["dental.appointment.move.wizard"]
            .with_context(active_id=event.id)
            .create({"date": DAY + timedelta(days=1), "hour": 11.0, "chair_id": self.chair_2.id})
        )
        self.assertEqual(wizard.event_id, event)
        self.assertEqual(wizard.doctor_id, self.doctor)
        wizard.action_move()
        self.assertEqual(event.start, self.at(11, days=1))
        self.assertEqual(event.stop, self.at(11 + 40 / 60, days=1))
        self.assertEqual(event.chair_id, self.chair_2)

    def test_ordinary_meetings_untouched(self):
        meeting = self.env["calendar.event"].create(
            {"name": "Staff meeting", "start": self.at(10), "stop": self.at(11)}
        )
        self.assertFalse(meeting.is_dental_appointment)
        self.assertFalse(meeting.company_id)
        meeting.write({"start": self.at(12), "stop": self.at(13)})
        meeting.unlink()
