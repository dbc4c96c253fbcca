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
