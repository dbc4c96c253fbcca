from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestScheduleBilling(DentalCashCommon):
    """The schedule's menu of a completed visit bills it and takes its payment (dental_calendar's hook)."""

    def _menu_actions(self, event, user):
        return [entry["name"] for entry in event.with_user(user).dental_schedule_menu()["actions"]]

    def test_bill_then_payment_from_the_schedule(self):
        event = self._appointment(services=self.service_consult)
        self.assertEqual(self._menu_actions(event, self.user_registrar), ["action_dental_bill"])
        self.assertEqual(self._menu_actions(event, self.user_doctor), [], "billing is the front desk's")
        # the entry runs the appointment's own billing action: the bill dialog of the visit
        action = event.with_user(self.user_registrar).action_dental_bill()
        self.assertEqual(action["res_model"], "dental.bill.wizard")
        self.assertEqual(action["context"]["default_appointment_id"], event.id)

        invoice, _wizard = self._bill(event, env=self.env(user=self.user_registrar), cash_amount=400.0)
        self.assertEqual(invoice.amount_residual, 600.0)
        self.assertEqual(self._menu_actions(event, self.user_registrar), ["action_dental_pay"])
        action = event.with_user(self.user_registrar).action_dental_pay()
        self.assertEqual(action["res_model"], "dental.payment.wizard")
        self.assertEqual(action["context"]["default_invoice_id"], invoice.id)
        self.assertEqual(action["context"]["default_mode"], "pay")
        self._pay(600.0, mode="pay", invoice=invoice, day=self.today, env=self.env(user=self.user_registrar))
        self.assertEqual(self._menu_actions(event, self.user_registrar), [], "nothing left to bill or pay")
        with self.assertRaisesRegex(UserError, "Nothing is due"):
            event.with_user(self.user_registrar).action_dental_pay()

    def test_no_billing_before_completion(self):
        event = self._appointment(services=self.service_consult, complete=False)
        self.assertEqual(self._menu_actions(event, self.user_registrar), [])
        with self.assertRaises(UserError):
            event.with_user(self.user_registrar).action_dental_pay()
