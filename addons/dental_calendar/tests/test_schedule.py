from odoo.tests import tagged

from odoo.addons.dental_calendar.models.calendar_event import STATE_COLORS

from .common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestScheduleData(DentalCalendarCommon):
    def test_day_of_a_branch(self):
        # Only this test's chairs and waiting list in the branch (demo data may fill it).
        mine = self.chair_1 | self.chair_2
        self.env["dental.chair"].search(
            [("company_id", "=", self.company.id), ("id", "not in", mine.ids)]
        ).active = False
        self.env["dental.waitlist"].search([("company_id", "=", self.company.id)]).action_cancel()
        first = self.book(self.at(10))
        self.book(self.at(11), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2).action_dental_confirm()
        self.book(
            self.at(10), chair=self.chair_b, doctor=self.doctor_b, patient=self.patient_b, company_id=self.branch_b.id
        )
        self.env["dental.waitlist"].create({"patient_id": self.patient_2.id})
        data = self.env["dental.schedule"].get_schedule(self.company.id, self.at(0), self.at(24))
        self.assertEqual([c["name"] for c in data["chairs"]], ["Chair 1", "Chair 2"])
        self.assertEqual(len(data["shifts"]), 2)
        self.assertEqual(data["shifts"][0]["employee_name"], "Dr. Sergeev")
        self.assertEqual(len(data["appointments"]), 2, "branch B's appointment is not in branch A's day")
        block = next(a for a in data["appointments"] if a["id"] == first.id)
        self.assertEqual(block["chair_id"], self.chair_1.id)
        self.assertEqual(block["patient_name"], "Kuznetsov Ivan")
        self.assertEqual(block["start"], "2030-03-04 07:00:00")
        self.assertTrue(block["is_new"])
        self.assertTrue(block["unconfirmed"])
        self.assertEqual(block["debt"], 0)
        self.assertEqual(data["company"]["step"], 20)
        self.assertEqual(data["company"]["tz"], "Europe/Moscow")
        self.assertEqual([w["name"] for w in data["waitlist"]], ["Popova Olga"])
        self.assertEqual(len(data["states"]), 7)

    def test_each_status_has_a_colour_of_its_own(self):
        """The legend and the blocks colour appointments by status: every status, no two alike."""
        data = self.env["dental.schedule"].get_schedule(self.company.id, self.at(0), self.at(24))
        keys = [key for key, __ in self.env["calendar.event"]._fields["dental_state"].selection]
        self.assertEqual([s["key"] for s in data["states"]], keys)
        colours = [s["color"] for s in data["states"]]
        self.assertEqual(len(set(colours)), len(keys), colours)
        event = self.book(self.at(10))
        for state in ("confirmed", "arrived", "in_chair"):
            event.dental_state = state
            block = self.env["dental.schedule"].get_schedule(self.company.id, self.at(0), self.at(24))["appointments"]
            self.assertEqual(next(b for b in block if b["id"] == event.id)["color"], STATE_COLORS[state])

    def test_doctor_week(self):
        self.book(self.at(10))
        self.book(self.at(10, days=2), chair=self.chair_2)
        self.book(self.at(10), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2)
        data = self.env["dental.schedule"].get_schedule(self.company.id, self.at(0), self.at(0, days=7), self.doctor.id)
        self.assertEqual(len(data["appointments"]), 2)
        self.assertEqual({a["doctor_id"] for a in data["appointments"]}, {self.doctor.id})

    def test_constant_number_of_queries(self):
        for hour in range(9, 14):
            self.book(self.at(hour))
            self.book(self.at(hour), chair=self.chair_2, doctor=self.doctor_2, patient=self.patient_2)
        Schedule = self.env["dental.schedule"]

        def count_queries():
            Schedule.get_schedule(self.company.id, self.at(0), self.at(24))  # settle pending recomputations
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Schedule.get_schedule(self.company.id, self.at(0), self.at(24))
            return self.env.cr.sql_log_count - before

        few = count_queries()
        for hour in range(14, 20):
            self.book(self.at(hour), doctor=self.doctor_2)
            self.book(self.at(hour), chair=self.chair_2, doctor=self.doctor, patient=self.patient_2)
        self.assertEqual(count_queries(), few, "the day costs the same number of queries whatever its size")
        self.assertLessEqual(few, 20)
