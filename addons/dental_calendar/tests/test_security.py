from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestAppointmentPrivacy(DentalCalendarCommon):
    """Users without a dental role and patients (portal) see the appointments they attend, not the staff's text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_plain = mail_new_test_user(cls.env, login="dc_plain", name="Plain Employee", groups="base.group_user")
        cls.user_plain_2 = mail_new_test_user(
            cls.env, login="dc_plain_2", name="Plain Colleague", groups="base.group_user"
        )
        cls.event = cls.book(cls.at(10), note="Staff: difficult patient", description="<p>Staff only</p>")
        cls.event_2 = cls.book(cls.at(10), chair=cls.chair_2, doctor=cls.doctor_2, patient=cls.patient_2)
        cls.meeting = cls.env["calendar.event"].create(
            {"name": "Team lunch", "start": cls.at(13), "stop": cls.at(14), "description": "<p>Pizza</p>"}
        )
        # the patient has portal access to their own appointments
        cls.user_portal = mail_new_test_user(
            cls.env,
            login="dc_portal",
            name="Portal patient",
            groups="base.group_portal",
            partner_id=cls.patient.partner_id.id,
        )

    def _search(self, user):
        ids = (self.event | self.event_2 | self.meeting).ids
        return self.env["calendar.event"].with_user(user).search([("id", "in", ids)])

    def test_no_dental_role_sees_the_visits_attended(self):
        Event = self.env["calendar.event"].with_user(self.user_plain)
        self.assertEqual(self._search(self.user_plain), self.meeting, "no dental appointment of anyone")
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_plain).read(["patient_id", "note", "service_ids"])
        self.assertFalse(Event.search([("patient_id", "!=", False)]))
        self.assertFalse(Event.search_count([("note", "ilike", "difficult")]))
        attendees = self.env["calendar.attendee"].with_user(self.user_plain).search([("event_id", "=", self.event.id)])
        self.assertFalse(attendees, "the attendees (the patient) of an appointment not attended are hidden too")
        # invited, the employee sees that visit
        self.event.partner_ids = [Command.link(self.user_plain.partner_id.id)]
        self.assertEqual(self._search(self.user_plain), self.event | self.meeting)
        self.assertEqual(self.event.with_user(self.user_plain).note, "Staff: difficult patient")
        # the dental roles keep their rules
        self.assertEqual(self._search(self.user_registrar), self.event | self.event_2 | self.meeting)
        self.assertEqual(self._search(self.user_doctor), self.event | self.meeting)
        self.assertEqual(self._search(self.user_registrar_b), self.meeting)

    def test_ordinary_meetings_stay_native(self):
        """A meeting of users without a dental role works as before: every employee sees it, attendees edit it."""
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_plain)
            .create(
                {
                    "name": "Inventory",
                    "start": self.at(16),
                    "stop": self.at(17),
                    "description": "<p>Count the gloves</p>",
                    "partner_ids": [Command.set((self.user_plain | self.user_plain_2).partner_id.ids)],
                }
            )
        )
        self.assertEqual(meeting.attendee_ids.partner_id, (self.user_plain | self.user_plain_2).partner_id)
        colleague = meeting.with_user(self.user_plain_2)
        self.assertIn("gloves", colleague.description)
        colleague.write({"name": "Inventory (moved)", "start": self.at(17), "stop": self.at(18)})
        self.assertEqual(meeting.name, "Inventory (moved)")
        self.assertTrue(colleague.attendee_ids)
        # not attended: still visible to every employee, as in calendar
        self.assertIn(self.meeting, self.env["calendar.event"].with_user(self.user_plain_2).search([]))
        self.assertIn("Pizza", self.meeting.with_user(self.user_plain_2).description)

    def test_portal_patient_reads_time_doctor_status_not_staff_text(self):
        Event = self.env["calendar.event"].with_user(self.user_portal)
        self.assertEqual(Event.search([("id", "in", (self.event | self.event_2).ids)]), self.event)
        [values] = self.event.with_user(self.user_portal).read(["start", "stop", "doctor_id", "dental_state"])
        self.assertEqual(values["doctor_id"][0], self.doctor.id)
        self.assertEqual(values["dental_state"], "scheduled")
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_portal).read(["note"])
        with self.assertRaises(AccessError):
            Event.search([("note", "ilike", "difficult")])
        self.assertNotIn("note", Event.fields_get())
        self.env.invalidate_all()
        self.assertFalse(self.event.with_user(self.user_portal).read(["description"])[0]["description"])
        # no condition tells the staff's text either
        self.assertFalse(Event.search([("id", "=", self.event.id), ("description", "ilike", "Staff")]))
        self.assertFalse(Event.search([("id", "=", self.event.id), ("description", "!=", False)]))
        # the staff still read it
        self.env.invalidate_all()
        self.assertIn("Staff only", self.event.with_user(self.user_registrar).description)
        # a meeting the patient attends keeps calendar's behaviour
        self.meeting.partner_ids = [Command.link(self.patient.partner_id.id)]
        self.env.invalidate_all()
        self.assertIn("Pizza", self.meeting.with_user(self.user_portal).read(["description"])[0]["description"])
        self.assertEqual(Event.search([("description", "ilike", "Pizza")]), self.meeting)


@tagged("post_install", "-at_install")
class TestServerOnlyFields(DentalCalendarCommon):
    """Fields that turn a check off are set by the server only."""

    def test_doctor_exclusive_is_computed_not_written(self):
        event = self.book(self.at(10))
        self.assertTrue(event.dental_doctor_exclusive)
        Event = self.env["calendar.event"].with_user(self.user_registrar)
        with self.assertRaises(AccessError):
            event.with_user(self.user_registrar).write({"dental_doctor_exclusive": False})
        self.assertTrue(event.dental_doctor_exclusive)
        vals = {
            "patient_id": self.patient_2.id,
            "chair_id": self.chair_2.id,
            "doctor_id": self.doctor.id,
            "start": self.at(10),
            "stop": self.at(10.5),
        }
        with self.assertRaises(AccessError):
            Event.create(dict(vals, dental_doctor_exclusive=False))
        with self.assertRaises(AccessError):
            Event.with_context(default_dental_doctor_exclusive=False).create(vals)
        # the same doctor at the same time is still refused
        with self.assertRaisesRegex(ValidationError, "Dr. Sergeev already has a patient"):
            Event.create(vals)
        # the branch's setting decides new bookings; booked ones keep theirs until the doctor or branch changes
        self.company.dental_doctor_parallel = True
        parallel = Event.create(vals)
        self.assertFalse(parallel.dental_doctor_exclusive)
        self.assertTrue(event.dental_doctor_exclusive)
        self.company.dental_doctor_parallel = False
        other = self.book(self.at(12), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2)
        with self.assertRaisesRegex(ValidationError, "Dr. Sergeev already has a patient"):
            other.with_user(self.user_registrar).write({"doctor_id": self.doctor.id, "start": self.at(10.5)})

    @mute_logger("odoo.sql_db")
    def test_doctor_exclusive_in_the_database(self):
        """The value the exclusion constraint reads is in the INSERT: a race is refused clearly."""
        self.book(self.at(10))
        Event = type(self.env["calendar.event"])
        registrar = self.env(user=self.user_registrar)
        with patch.object(Event, "_dental_check_free", lambda self, vals=None, vals_list=None: None):
            with self.assertRaisesRegex(ValidationError, "The doctor already has a patient"):
                self.book(self.at(10.25), chair=self.chair_2, patient=self.patient_2, env=registrar)

    def test_completion_and_reminder_stamps(self):
        event = self.book(self.at(10)).with_user(self.user_registrar)
        for fname, value in (
            ("dental_completion_done", True),
            ("dental_reminder_date", self.at(10).date()),
            ("is_dental_appointment", False),
        ):
            with self.assertRaises(AccessError):
                event.write({fname: value})
        self.assertFalse(event.dental_completion_done)
        self.assertTrue(event.is_dental_appointment)
        # the completion stamps it itself
        event.action_dental_complete()
        self.assertTrue(event.dental_completion_done)
        self.assertTrue(self.patient.last_visit_date)


@tagged("post_install", "-at_install")
class TestBranchReach(DentalCalendarCommon):
    """A record of a branch never points at (or moves to) a branch the user does not work in."""

    def test_patient_of_another_branch(self):
        with self.assertRaisesRegex(ValidationError, "belongs to another branch"):
            self.book(self.at(10), patient=self.patient_b)
        # a card of the head company is shared by its branches
        child = self.env["res.company"].create({"name": "Branch C", "parent_id": self.company.id})
        chair_c = self.env["dental.chair"].create({"name": "Chair C1", "company_id": child.id})
        event = self.book(self.at(10), chair=chair_c, doctor=self.doctor_2)
        self.assertEqual(event.company_id, child)

    def test_waitlist_patient_of_another_branch(self):
        Waitlist = self.env["dental.waitlist"].with_user(self.user_registrar)
        with self.assertRaisesRegex(ValidationError, "belongs to another branch"):
            Waitlist.create({"patient_id": self.patient_b.id})
        entry = Waitlist.create({"patient_id": self.patient.id})
        self.assertEqual(entry.name, self.patient.name)
        other = self.book(self.at(10), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2)
        with self.assertRaises(ValidationError):
            entry.write({"appointment_id": other.id})
        with self.assertRaises(AccessError):
            entry.write({"company_id": self.branch_b.id})
        self.assertEqual(entry.company_id, self.company)

    def test_shift_and_appointment_stay_in_the_users_branches(self):
        shift = self.shift.with_user(self.user_registrar)
        with self.assertRaises(AccessError):
            shift.write({"chair_id": self.chair_b.id})
        self.assertEqual(self.shift.chair_id, self.chair_1)
        event = self.book(self.at(10)).with_user(self.user_registrar)
        with self.assertRaises(AccessError):
            event.write({"chair_id": self.chair_b.id, "company_id": self.branch_b.id})
        self.assertEqual(event.company_id, self.company)

    def test_move_wizard_of_another_branch(self):
        event_b = self.book(
            self.at(10), chair=self.chair_b, doctor=self.doctor_b, patient=self.patient_b, company_id=self.branch_b.id
        )
        Wizard = self.env["dental.appointment.move.wizard"].with_user(self.user_registrar)
        with self.assertRaises(AccessError):
            Wizard.create({"event_id": event_b.id, "date": "2030-03-05", "hour": 10, "chair_id": self.chair_1.id})
        own = self.book(self.at(10))
        with self.assertRaisesRegex(ValidationError, "chair of the appointment's branch"):
            self.env["dental.appointment.move.wizard"].create(
                {"event_id": own.id, "date": "2030-03-05", "hour": 10, "chair_id": self.chair_b.id}
            )
        wizard = Wizard.with_context(active_id=own.id).create({})
        self.assertEqual(wizard.patient_id, self.patient)
        wizard.write({"hour": 11})
        wizard.action_move()
        self.assertEqual(own.start, self.at(11))
