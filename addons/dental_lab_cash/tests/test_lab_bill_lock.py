from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dental_lab.tests.common import DentalLabCommon
from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY


@tagged("post_install", "-at_install")
class TestLabBillCashLock(DentalLabCommon):
    """A lab bill of a closed cash day is locked like the rest of the day's money."""

    def test_closed_cash_day_locks_the_lab_bill(self):
        self.company.dental_past_edit_until = False
        day = self.company._dental_today()
        order = self._order()
        order.action_send()
        action = order.purchase_order_id.action_create_invoice()
        bill = self.env["account.move"].browse(action["res_id"])
        bill.write({"invoice_date": day, "date": day})
        bill.action_post()
        self.assertTrue(bill._dental_lock_pairs(CLOSED_DAY), "dental_lab's pairs: no bridge needed")
        closing = self.env["dental.cash.closing"]._dental_get(self.company, day)
        closing.sudo().write({"state": "closed"})
        self.assertEqual(self.company._dental_locked_until()[self.company.id], day)
        with self.assertRaisesRegex(UserError, "cash desk is closed"):
            bill.button_draft()
        self.assertEqual(bill.state, "posted")
        self.assertTrue(bill.dental_cash_locked)
