from collections import defaultdict

from odoo import _, fields, models
from odoo.tools import float_is_zero


class AccountMove(models.Model):
    """Goods (storable products) sold to a patient on the patient's invoice leave the branch's write-off location
    when the invoice is posted, and come back when it is reset to draft or cancelled, or with a credit note.

    Only patients' invoices (``dental_patient_id``) and only lines not coming from a sale order (a sale order's
    goods are delivered by Odoo's own picking, sale_stock): other invoices stay native.
    """

    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._dental_stock_sync_goods()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._dental_stock_sync_goods()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._dental_stock_sync_goods()
        return res

    def _dental_stock_goods_lines(self):
        return self.filtered(
            lambda move: move.dental_patient_id and move.move_type in ("out_invoice", "out_refund")
        ).invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.product_id.is_storable and not line.sale_line_ids
        )

    def _dental_stock_sync_goods(self):
        """Move each goods line's stock to what its invoice's state says: its quantity out while posted (in for
        a credit note), nothing otherwise; the difference is one done move (valued by stock_account)."""
        lines = self._dental_stock_goods_lines()
        if not lines:
            return
        # sudo: the stock side of the front desk's invoice (registrars have no stock rights)
        Move = self.env["stock.move"].sudo()
        moved = defaultdict(float)  # goods out of the branch per invoice line (in the product's unit)
        for move in Move.search([("dental_invoice_line_id", "in", lines.ids), ("state", "=", "done")]):
            sign = 1 if move.location_dest_id.usage == "customer" else -1
            moved[move.dental_invoice_line_id.id] += sign * move.product_qty
        customers = self.env.ref("stock.stock_location_customers")
        vals_list = []
        for line in lines:
            product = line.product_id
            wanted = 0.0
            if line.move_id.state == "posted":
                qty = line.product_uom_id._compute_quantity(line.quantity, product.uom_id)
                wanted = qty if line.move_id.move_type == "out_invoice" else -qty
            delta = wanted - moved[line.id]
            if float_is_zero(delta, precision_rounding=product.uom_id.rounding):
                continue
            stock = line.move_id.company_id._dental_stock_source_location()
            source, dest = (stock, customers) if delta > 0 else (customers, stock)
            vals_list.append(
                {
                    "name": _("%(product)s: %(invoice)s", product=product.display_name, invoice=line.move_id.name),
                    "origin": line.move_id.name,
                    "company_id": line.move_id.company_id.id,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": abs(delta),
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "partner_id": line.move_id.partner_id.id,
                    "dental_invoice_line_id": line.id,
                    "date": fields.Datetime.now(),
                    "move_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_id": product.uom_id.id,
                                "quantity": abs(delta),
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                            }
                        )
                    ],
                    "picked": True,
                }
            )
        if vals_list:
            Move.create(vals_list)._action_done()
