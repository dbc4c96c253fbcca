from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.dental_patient.tests.common import add_role_users

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestCoordinatorPipeline(DentalMarketingCommon):
    """The coordinators' pipeline and conversion on a prepared set (issue 23).

    Coordinator A leads: A1 (no visit yet: new), A2 (consulted), A3 (consulted, plan approved), A4 (consulted,
    plan approved, paid). Coordinator B leads B1 and B2 (both consulted, plan approved, paid).
    By hand: A: consulted 3, plans 2, paid 1 → plan rate 66.67 %, payment rate 50 %, conversion 33.33 %;
    B: 2, 2, 2 → 100 % each; overall: 6 patients, consulted 5, plans 4, paid 3 → 80 %, 75 %, 60 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        add_role_users(cls, {"coordinator_b": "dental_patient.group_coordinator"}, "pipe", "Pipe")
        Patient = cls.env["dental.patient"]
        a, b = cls.user_coordinator, cls.user_coordinator_b
        cls.a = [Patient.create({"last_name": f"Lead{i}", "first_name": "A", "coordinator_id": a.id}) for i in range(4)]
        cls.b = [Patient.create({"last_name": f"Lead{i}", "first_name": "B", "coordinator_id": b.id}) for i in range(2)]
        first = date(2026, 10, 1)
        for index, patient in enumerate(cls.a[1:] + cls.b):
            cls._appointment(day=first + timedelta(days=index), patient=patient)
        for patient in (cls.a[2], cls.a[3], *cls.b):
            cls._plan([(cls.service_consult, cls.tooth_36.browse(), 1)], patient=patient)
        for patient in (cls.a[3], *cls.b):
            invoice = cls._invoice(1000.0, day=date(2026, 10, 10), patient=patient)
            cls._pay(1000.0, mode="pay", patient=patient, invoice=invoice, day=date(2026, 10, 10))
        # what comes next for A1: a booked visit and a planned call
        cls.next_visit = cls._appointment(day=date(2026, 11, 25), patient=cls.a[0], complete=False)
        cls.a[0].activity_schedule("mail.mail_activity_data_call", date_deadline=date(2026, 11, 20))

    def _totals(self, env, groupby):
        return env["dental.coordinator.pipeline"].read_group(
            [],
            ["patient_count", "consulted_count", "plan_count", "paid_count", "plan_rate", "paid_rate", "conversion",
             "paid_amount", "average_plan"],
            groupby,
        )  # fmt: skip

    def test_pipeline_rows(self):
        Pipeline = self.env["dental.coordinator.pipeline"]
        rows = {row.patient_id: row for row in Pipeline.search([("patient_id", "in", [p.id for p in self.a])])}
        a1, a2, a3, a4 = (rows[patient] for patient in self.a)
        self.assertEqual([row.stage for row in (a1, a2, a3, a4)], ["new", "consulted", "plan", "paid"])
        self.assertEqual(a1.next_visit, self.next_visit.start)
        self.assertEqual(a1.next_call, date(2026, 11, 20))
        self.assertFalse(a1.first_visit_date)
        self.assertEqual(a2.first_visit_date, date(2026, 10, 1))
        self.assertEqual((a3.plan_amount, a3.paid_amount), (1000.0, 0.0))
        self.assertEqual((a4.plan_amount, a4.paid_amount), (1000.0, 1000.0))
        self.assertEqual(a4.coordinator_id, self.user_coordinator)

    def test_conversion_per_coordinator_and_overall(self):
        director = self.env(user=self.user_director)
        groups = {group["coordinator_id"][0]: group for group in self._totals(director, ["coordinator_id"])}
        a, b = groups[self.user_coordinator.id], groups[self.user_coordinator_b.id]
        self.assertEqual((a["patient_count"], a["consulted_count"], a["plan_count"], a["paid_count"]), (4, 3, 2, 1))
        self.assertEqual((a["plan_rate"], a["paid_rate"], a["conversion"]), (66.67, 50.0, 33.33))
        self.assertEqual((b["plan_rate"], b["paid_rate"], b["conversion"]), (100.0, 100.0, 100.0))
        [total] = self._totals(director, [])
        self.assertEqual(
            (total["patient_count"], total["consulted_count"], total["plan_count"], total["paid_count"]), (6, 5, 4, 3)
        )
        self.assertEqual((total["plan_rate"], total["paid_rate"], total["conversion"]), (80.0, 75.0, 60.0))
        self.assertEqual((total["paid_amount"], total["average_plan"]), (3000.0, 1000.0))

    def test_a_coordinator_sees_their_own_patients(self):
        coordinator = self.env(user=self.user_coordinator)
        rows = coordinator["dental.coordinator.pipeline"].search([])
        self.assertEqual(set(rows.patient_id.ids), {p.id for p in self.a})
        [total] = self._totals(coordinator, [])
        self.assertEqual((total["consulted_count"], total["conversion"]), (3, 33.33))

    def test_primary_patients(self):
        self.company.dental_primary_period_months = 1
        Patient = self.env["dental.patient"]
        action = self.env.ref("dental_marketing.dental_patient_action_primary")
        primary = Patient.search([*safe_eval(action.domain), ("coordinator_id", "!=", False)])
        # A1 never treated; the others visited in October, within a month of 18 November only from the 18th
        self.assertIn(self.a[0], primary)
        self.assertTrue({self.a[1], self.a[2]} <= set(primary))
        again = Patient.search([("visit_status", "=", "primary"), ("last_visit_date", "!=", False),
                                ("coordinator_id", "!=", False)])  # fmt: skip
        self.assertNotIn(self.a[0], again)
        self.company.dental_primary_period_months = 12
        self.assertNotIn(self.a[1], Patient.search(safe_eval(action.domain)))
