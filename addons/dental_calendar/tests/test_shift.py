from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DAY, DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestShift(DentalCalendarCommon):
    def test_overlapping_shifts_refused(self):
        Shift = self.env["dental.shift"]
        with self.assertRaisesRegex(ValidationError, "Two shifts overlap in the same chair"):
            Shift.create(
                {
                    "employee_id": self.doctor_2.id,
                    "chair_id": self.chair_1.id,
                    "start": self.at(14),
                    "stop": self.at(18),
                }
            )
        with self.assertRaisesRegex(ValidationError, "two overlapping shifts"):
            Shift.create(
                {"employee_id": self.doctor.id, "chair_id": self.chair_b.id, "start": self.at(14), "stop": self.at(18)}
            )
        with self.assertRaises(ValidationError):
            self.shift_2.write({"chair_id": self.chair_1.id})
        with self.assertRaisesRegex(ValidationError, "must end after it starts"):
            self.shift_2.write({"stop": self.at(8)})
        # The afternoon of chair 1 is free.
        afternoon = Shift.create(
            {
                "employee_id": self.doctor_2.id,
                "chair_id": self.chair_1.id,
                "start": self.at(15, days=1),
                "stop": self.at(21, days=1),
            }
        )
        self.assertEqual(afternoon.company_id, self.company)
        self.assertIn("Dr. Orlova, Chair 1", afternoon.display_name)

    def test_pattern_generation(self):
        wizard = Form(self.env["dental.shift.pattern.wizard"])
        wizard.employee_id = self.doctor
        wizard.chair_id = self.chair_1
        wizard.date_from = DAY  # Monday: already has a shift of Dr. Sergeev
        wizard.date_to = DAY + timedelta(days=13)
        wizard.hour_from = 14.0
        wizard.hour_to = 20.0
        wizard.fri = False
        wizard.sat = True
        wizard = wizard.save()
        result = wizard.action_generate()
        shifts = self.env["dental.shift"].search(
            [("employee_id", "=", self.doctor.id), ("start", ">", self.at(0, days=1))]
        )
        # Two weeks x (Mon-Thu + Sat) = 10 days, minus the busy first Monday.
        self.assertEqual(len(shifts), 9)
        self.assertEqual({s.start.weekday() for s in shifts}, {0, 1, 2, 3, 5})
        self.assertEqual(shifts[0].start, self.at(14, days=1))
        self.assertEqual(shifts[0].stop, self.at(20, days=1))
        self.assertIn("04.03.2030", result["params"]["message"])
        with self.assertRaises(UserError):
            wizard.write({"mon": False, "tue": False, "wed": False, "thu": False, "sat": False})
            wizard.action_generate()

    def test_copy_week(self):
        wizard = self.env["dental.shift.copy.wizard"].create(
            {
                "company_id": self.company.id,
                "week_from": DAY + timedelta(days=2),
                "week_to": DAY + timedelta(days=7),
                "weeks": 2,
            }
        )
        wizard.action_copy()
        copies = self.env["dental.shift"].search([("start", ">=", self.at(0, days=7))], order="start, employee_id")
        self.assertEqual(len(copies), 4)
        self.assertEqual(copies.mapped("start"), [self.at(9, days=7)] * 2 + [self.at(9, days=14)] * 2)
        # Copying again skips what would overlap.
        again = self.env["dental.shift.copy.wizard"].create(
            {"company_id": self.company.id, "week_from": DAY, "week_to": DAY + timedelta(days=7)}
        )
        result = again.action_copy()
        self.assertIn("2 skipped", result["params"]["message"])
        self.assertEqual(self.env["dental.shift"].search_count([("start", ">=", self.at(0, days=7))]), 4)
