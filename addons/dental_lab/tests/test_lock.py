from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabBillLock(DentalLabCommon):
    """A lab bill of a closed day (the branch's past-period lock here) is locked like the clinic's money."""

    def _lab_bill(self, day):
        order = self._order()
        order.action_send()
        action = order.purchase_order_id.action_create_invoice()
        bill = self.env["account.move"].browse(action["res_id"])
        bill.write({"invoice_date": day, "date": day})
        bill.action_post()
        return bill

    # Today: earlier days may be closed cash days of the demo clinic (with dental_cash), so the lab bill is made
    # today and then today is locked by the branch's "Past Periods Locked Until".
    def test_closed_day_locks_the_lab_bill(self):
        day = self.company._dental_today()
        bill = self._lab_bill(day)
        self.assertTrue(bill._dental_is_lab_bill())
        self.company.dental_past_edit_until = day
        with self.assertRaises(UserError):
            bill.button_draft()
        with self.assertRaises(UserError):
            bill.write({"invoice_date": day - timedelta(days=1)})
        with self.assertRaises(UserError):
            bill.button_cancel()
        self.assertEqual(bill.state, "posted")
        # a new lab bill dated in the closed day is refused too
        order = self._order()
        order.action_send()
        with self.assertRaises(UserError):
            order.purchase_order_id.action_create_invoice()
        self.assertFalse(order.purchase_order_id.invoice_ids)

    def test_other_vendor_bills_stay_native(self):
        day = self.company._dental_today()
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.supplier.id,
                "invoice_date": day,
                "date": day,
                "invoice_line_ids": [(0, 0, {"name": "Paper", "quantity": 1, "price_unit": 100})],
            }
        )
        bill.action_post()
        self.company.dental_past_edit_until = day
        bill.button_draft()
        self.assertEqual(bill.state, "draft")
