from odoo import Command
from odoo.tests import Form, tagged

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabPurchase(DentalLabCommon):
    """Sending creates the lab's purchase order; the lab's vendor bill is matched to it natively."""

    def _bill(self, order, refund=False):
        purchase = order.sudo().purchase_order_id
        action = purchase.action_create_invoice()
        bill = self.env["account.move"].browse(action["res_id"])
        bill.invoice_date = self._today()
        if refund:
            credit = bill.copy({"move_type": "in_refund", "invoice_date": self._today()})
            bill.unlink()
            return credit
        return bill

    def test_send_creates_a_confirmed_purchase_order(self):
        order = self._order(qty=2).with_user(self.user_doctor)
        order.action_send()
        purchase = order.sudo().purchase_order_id
        self.assertEqual(purchase.partner_id, self.lab)
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.dental_lab_order_id, order)
        self.assertEqual(purchase.origin, order.name)
        self.assertEqual(purchase.company_id, order.company_id)
        self.assertEqual(purchase.order_line.product_id, self.crown)
        self.assertEqual(purchase.order_line.product_qty, 2)
        self.assertEqual(purchase.order_line.price_unit, 5000.0)
        self.assertEqual(purchase.invoice_status, "to invoice")

    def test_vendor_bill_matched_to_the_purchase_order(self):
        order = self._order(qty=2)
        order.action_send()
        bill = self._bill(order)
        self.assertEqual(bill.partner_id, self.lab)
        self.assertEqual(bill.invoice_line_ids.purchase_line_id, order.purchase_order_id.order_line)
        self.assertEqual(order.amount_billed, 0.0, "a draft bill is not a cost yet")
        bill.action_post()
        self.assertEqual(order.purchase_order_id.invoice_status, "invoiced")
        self.assertEqual(order.purchase_order_id.order_line.qty_invoiced, 2)
        self.assertEqual(order.amount_billed, 10000.0)

    def test_bill_matched_from_the_bill_form(self):
        """The accountant's native way: a new vendor bill auto-completed from the purchase order."""
        order = self._order()
        order.action_send()
        with Form(self.env["account.move"].with_context(default_move_type="in_invoice")) as bill_form:
            bill_form.partner_id = self.lab
            bill_form.invoice_date = self._today()
            bill_form.purchase_vendor_bill_id = self.env["purchase.bill.union"].browse(-order.purchase_order_id.id)
        bill = bill_form.save()
        self.assertEqual(bill.invoice_line_ids.purchase_line_id, order.purchase_order_id.order_line)
        bill.invoice_line_ids.price_unit = 5200.0
        bill.action_post()
        self.assertEqual(order.amount_billed, 5200.0)
        self.assertEqual(order.lab_cost, 5200.0)

    def test_ordinary_purchase_stays_native(self):
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "order_line": [Command.create({"product_id": self.crown.id, "product_qty": 1, "price_unit": 10})],
            }
        )
        purchase.button_confirm()
        self.assertFalse(purchase.dental_lab_order_id)
        action = purchase.action_create_invoice()
        bill = self.env["account.move"].browse(action["res_id"])
        self.assertFalse(bill._dental_is_lab_bill())
