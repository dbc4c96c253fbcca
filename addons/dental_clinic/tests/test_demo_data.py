from datetime import timedelta

from odoo.tests import TransactionCase, tagged

MAIN = "base.main_company"
SOUTH = "dental_patient.demo_branch_south"


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo looks like a month of work in both branches (generated relative to the day of installation)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("dental_clinic.demo_user_registrar", raise_if_not_found=False):
            cls.skipTest(cls, "demo data not loaded")
        cls.branches = cls.env.ref(MAIN) | cls.env.ref(SOUTH)

    def test_appointments_past_and_future(self):
        """Both branches have their own patients' appointments over the past weeks and the weeks ahead."""
        Event = self.env["calendar.event"]
        for branch in self.branches:
            today = branch._dental_today()
            start, _stop = branch._dental_day_bounds(today)
            base = [("company_id", "=", branch.id), ("patient_id.company_id", "=", branch.id)]
            self.assertGreaterEqual(
                Event.search_count([*base, ("start", "<", start), ("dental_state", "=", "completed")]), 20
            )
            self.assertTrue(Event.search_count([*base, ("start", "<", start - timedelta(days=21))]), branch.name)
            self.assertTrue(Event.search_count([*base, ("start", ">", start + timedelta(days=7))]), branch.name)

    def test_money(self):
        """Billed visits, payments, deposits, debts, expenses, cash handed over to the bank and closed days."""
        handover = self.env.ref("dental_cash.demo_category_bank_handover")
        for branch in self.branches:
            billed = self.env["account.move"].search(
                [("company_id", "=", branch.id), ("dental_appointment_id", "!=", False), ("state", "=", "posted")]
            )
            self.assertGreaterEqual(len(billed), 10, branch.name)
            self.assertTrue(billed.filtered(lambda move: move.payment_state == "paid"), branch.name)
            payments = self.env["account.payment"].search(
                [("company_id", "=", branch.id), ("state", "in", ("in_process", "paid"))]
            )
            self.assertTrue(payments, branch.name)
            operations = self.env["dental.cash.operation"].search(
                [("company_id", "=", branch.id), ("state", "=", "posted")]
            )
            self.assertIn(handover, operations.category_id, branch.name)
            self.assertTrue(
                operations.filtered(lambda o: o.category_id != handover and o.kind == "expense"), branch.name
            )
            closings = self.env["dental.cash.closing"].search(
                [("company_id", "=", branch.id), ("state", "=", "closed")]
            )
            self.assertTrue(closings, branch.name)
            # handed over: the desk keeps a few days' takings at most, not the month's
            self.assertLess(closings.sorted("date")[-1].cash_closing, sum(closings.mapped("cash_amount")) / 2)
        moves = self.env["account.move"].search(
            [("company_id", "in", self.branches.ids), ("dental_appointment_id", "!=", False)]
        )
        self.assertTrue(moves.filtered(lambda move: move.payment_state == "partial"), "a debt")
        deposits = (
            self.env["dental.cash.closing"].search([("company_id", "in", self.branches.ids)]).mapped("deposit_amount")
        )
        self.assertTrue(any(deposits), "a deposit")

    def test_plans_records_images(self):
        """Plans in every state in both branches, visit records signed by several doctors, images with files."""
        states = {state for state, _label in self.env["sale.order"]._fields["plan_state"].selection}
        for branch in self.branches:
            plans = self.env["sale.order"].search([("company_id", "=", branch.id), ("is_treatment_plan", "=", True)])
            self.assertEqual(set(plans.mapped("plan_state")), states, branch.name)
            images = self.env["dental.image"].search([("company_id", "=", branch.id), ("attachment_ids", "!=", False)])
            self.assertTrue(images, branch.name)
            self.assertEqual(images.attachment_ids.mapped("mimetype"), ["image/png"] * len(images.attachment_ids))
        records = self.env["dental.visit.record"].search(
            [("company_id", "in", self.branches.ids), ("state", "=", "signed")]
        )
        doctors = self.env.ref("dental_clinic.demo_user_doctor") | self.env.ref("dental_clinic.demo_user_doctor_south")
        self.assertEqual(records.signed_by_id & doctors, doctors)
        self.assertTrue(
            all(record.signed_by_id == record.doctor_id.user_id for record in records if record.doctor_id.user_id)
        )
