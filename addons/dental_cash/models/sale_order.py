from odoo import _, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Billing a treatment plan invoices the procedures done (delivered quantities) not yet invoiced."""

    _inherit = "sale.order"

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        if self.is_treatment_plan and self.patient_id:
            vals["dental_patient_id"] = self.patient_id.id
        return vals

    dental_amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_dental_amount_paid",
        help="Posted invoices minus credit notes billing the plan's procedures (taxes included).",
    )

    def _compute_dental_amount_paid(self):
        money = self._dental_plan_money()
        for order in self:
            order.dental_amount_invoiced, order.dental_amount_paid = money.get(order.id, (0.0, 0.0))

    def _dental_get_amount_paid(self):
        return {order_id: paid for order_id, (_invoiced, paid) in self._dental_plan_money().items()}

    def _dental_plan_money(self):
        """{plan id: (amount invoiced, amount paid)}: of every posted invoice (minus credit notes) billing the
        plan, the plan's lines and the paid part in their proportion of the document (a visit's invoice may
        also bill services outside the plan, or procedures of another plan). A constant number of queries,
        reading only the columns used: the patient card lists every plan with both amounts."""
        result = {order_id: [0.0, 0.0] for order_id in self.ids}
        if not self.ids:
            return result
        lines = self.env["account.move.line"].search_fetch(
            [
                ("sale_line_ids.order_id", "in", self.ids),
                ("move_id.state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
            ],
            ["move_id", "price_total", "sale_line_ids"],
        )
        lines.move_id.fetch(["currency_id", "amount_total", "amount_residual", "move_type"])
        lines.sale_line_ids.fetch(["order_id"])
        for line in lines:
            move = line.move_id
            sign = -1 if move.move_type == "out_refund" else 1
            if move.currency_id.is_zero(move.amount_total):
                paid = 0.0
            else:
                paid = (move.amount_total - move.amount_residual) * line.price_total / move.amount_total
            for order_id in set(line.sale_line_ids.order_id.ids) & result.keys():
                result[order_id][0] += sign * line.price_total
                result[order_id][1] += sign * paid
        return {order_id: tuple(amounts) for order_id, amounts in result.items()}

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
