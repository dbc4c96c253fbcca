from odoo import _, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Billing a treatment plan invoices the procedures done (delivered quantities) not yet invoiced."""

    _inherit = "sale.order"

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        if self.is_treatment_plan and self.patient_id:
            vals["dental_patient_id"] = self.patient_id.id
        return vals

    def _dental_get_amount_paid(self):
        """{plan id: amount paid}: of every posted invoice (minus credit notes) billing the plan, the paid part
        in the proportion of the plan's lines in the document (a visit's invoice may also bill services
        outside the plan, or procedures of another plan)."""
        result = dict.fromkeys(self.ids, 0.0)
        lines = self.env["account.move.line"].search(
            [
                ("sale_line_ids.order_id", "in", self.ids),
                ("move_id.state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
            ]
        )
        for line in lines:
            move = line.move_id
            if move.currency_id.is_zero(move.amount_total):
                continue
            paid = (move.amount_total - move.amount_residual) * line.price_total / move.amount_total
            sign = -1 if move.move_type == "out_refund" else 1
            for order in line.sale_line_ids.order_id.filtered(lambda o: o.id in result):
                result[order.id] += sign * paid
        return result

    def action_dental_bill(self):
        """Invoice the performed procedures of an approved plan and open the (draft) invoice."""
        self.ensure_one()
        self._dental_check_billable()
        lines = self.order_line.filtered(lambda ml: not ml.display_type and ml.qty_to_invoice > 0)
        if not lines:
            raise UserError(_("Nothing to bill on %s: no performed procedure waits for an invoice.", self.display_name))
        invoice = self._create_invoices(final=True)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": invoice.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
