from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabCost(DentalLabCommon):
    """The lab cost of an order is attributed to the patient's procedure (stored, for margins and payroll)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan([(cls.crown_service, cls.tooth_11, 1)], approve=True)
        cls.procedure = cls.plan.order_line

    def _post_bill(self, order, price):
        action = order.purchase_order_id.action_create_invoice()
        bill = self.env["account.move"].browse(action["res_id"])
        bill.invoice_date = self._today()
        bill.invoice_line_ids.price_unit = price
        bill.action_post()
        return bill

    def test_cost_ordered_then_billed_on_the_procedure(self):
        order = self._order(plan_line_id=self.procedure.id)
        self.assertEqual(order.lab_cost, 5000.0)
        self.assertEqual(self.procedure.dental_lab_cost, 5000.0)
        order.action_send()
        bill = self._post_bill(order, 4800.0)
        self.assertEqual(order.lab_cost, 4800.0)
        self.assertEqual(self.procedure.dental_lab_cost, 4800.0)
        # stored: payroll reads it with a search
        self.assertIn(
            self.procedure,
            self.env["sale.order.line"].search([("dental_lab_cost", "=", 4800.0), ("id", "=", self.procedure.id)]),
        )
        bill.button_draft()
        self.assertEqual(self.procedure.dental_lab_cost, 5000.0, "back to the ordered amount while unbilled")

    def test_credit_note_reduces_the_cost(self):
        order = self._order(plan_line_id=self.procedure.id)
        order.action_send()
        bill = self._post_bill(order, 5000.0)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"journal_id": bill.journal_id.id, "date": self._today()})
        )
        credit = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        credit.invoice_line_ids.price_unit = 1000.0
        credit.action_post()
        self.assertEqual(order.lab_cost, 4000.0)
        self.assertEqual(self.procedure.dental_lab_cost, 4000.0)

    def test_two_orders_on_one_procedure_and_a_cancelled_one(self):
        first = self._order(plan_line_id=self.procedure.id)
        second = self._order(plan_line_id=self.procedure.id, lab=self.lab_other)
        self.assertEqual(self.procedure.dental_lab_cost, 11500.0)
        second.action_cancel()
        self.assertEqual(self.procedure.dental_lab_cost, 5000.0)
        self.assertEqual(first.lab_cost, 5000.0)

    def test_procedure_of_another_patient_refused(self):
        other = self.env["dental.patient"].create({"last_name": "Other", "first_name": "Patient"})
        other_plan = self._plan([(self.crown_service, self.tooth_11, 1)], patient=other)
        with self.assertRaises(ValidationError):
            self._order(plan_line_id=other_plan.order_line.id)

    def test_costs_only_for_directors_and_accountants(self):
        order = self._order(plan_line_id=self.procedure.id)
        for user in (self.user_director, self.user_accountant):
            self.assertEqual(order.with_user(user).lab_cost, 5000.0)
            self.assertEqual(self.procedure.with_user(user).dental_lab_cost, 5000.0)
        for user in (self.user_doctor, self.user_registrar, self.user_assistant, self.user_coordinator):
            order.invalidate_model()
            with self.assertRaises(AccessError, msg=user.login):
                order.with_user(user).read(["lab_cost"])
            with self.assertRaises(AccessError, msg=user.login):
                order.line_ids.with_user(user).read(["price_unit"])
            with self.assertRaises(AccessError, msg=user.login):
                self.procedure.with_user(user).read(["dental_lab_cost"])
