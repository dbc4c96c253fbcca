from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestScheduleJs(HttpCase):
    def test_schedule_unit_tests(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&tag=dental_calendar",
            "",
            "",
            login="admin",
            timeout=1800,
            success_signal="[HOOT] test suite succeeded",
            error_checker=unit_test_error_checker,
        )


@tagged("post_install", "-at_install")
class TestScheduleTour(HttpCase):
    def setUp(self):
        super().setUp()
        # The headless browser runs in UTC: so do the branch and the admin here.
        self.company = self.env.ref("base.main_company")
        self.company.resource_calendar_id.tz = "UTC"
        self.company.write(
            {"dental_outside_hours": "allow", "dental_work_start": 9, "dental_work_end": 21, "dental_calendar_step": 20}
        )
        self.env.ref("base.user_admin").tz = "UTC"
        self.today = fields.Date.today()
        self.chair_1, self.chair_2 = self.env["dental.chair"].create(
            [
                {"name": "Tour Chair 1", "company_id": self.company.id, "sequence": 0},
                {"name": "Tour Chair 2", "company_id": self.company.id, "sequence": 0},
            ]
        )
        self.doctor = self.env["hr.employee"].create({"name": "Dr. Tourist", "company_id": self.company.id})
        self.env["dental.shift"].create(
            {
                "employee_id": self.doctor.id,
                "chair_id": self.chair_1.id,
                "start": self._at(9),
                "stop": self._at(15),
            }
        )
        self.patient = self.env["dental.patient"].create({"last_name": "Tourov", "first_name": "Ivan"})
        self.entry = self.env["dental.waitlist"].create(
            {"name": "Waitova Anna", "phone": "+7 900 000-00-00", "company_id": self.company.id, "duration": 40}
        )

    def _at(self, hours):
        return datetime.combine(self.today, time.min) + timedelta(hours=hours)

    def test_schedule_tour(self):
        self.start_tour("/odoo/dental-schedule", "dental_calendar_schedule", login="admin")
        booked = self.env["calendar.event"].search([("patient_id", "=", self.patient.id)])
        self.assertEqual(len(booked), 1)
        self.assertEqual(booked.chair_id, self.chair_2, "moved to chair 2")
        self.assertEqual((booked.start, booked.stop), (self._at(10), self._at(10 + 40 / 60)))
        self.assertEqual(booked.doctor_id, self.doctor, "the doctor of the shift")
        self.assertEqual(booked.dental_state, "confirmed")
        self.assertEqual(self.entry.state, "booked")
        waiting = self.entry.appointment_id
        self.assertEqual(waiting.patient_id.name, "Waitova Anna")
        self.assertEqual(waiting.chair_id, self.chair_1)
        self.assertEqual((waiting.start, waiting.stop), (self._at(12), self._at(12 + 40 / 60)))
        self.assertEqual(waiting.doctor_id, self.doctor)
        new_shift = self.env["dental.shift"].search([("chair_id", "=", self.chair_2.id)])
        self.assertEqual(new_shift.employee_id, self.doctor)
        self.assertEqual((new_shift.start, new_shift.stop), (self._at(15), self._at(16)))
