from odoo import models

from odoo.addons.dental_patient.models.dental_server_fields import has_server_token


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _prepare_invoice_line(self, **optional_values):
        vals = super()._prepare_invoice_line(**optional_values)
        # an approved procedure billed from its plan (sale.order.action_dental_bill): the patient's part and the
        # insurer's, as the split gave them (with the server's token only: a client's context sets no price)
        split = self.env.context.get("dental_dms_plan_lines") or {}
        if self.id in split and has_server_token(self.env, "account.move.line"):
            vals.update(split[self.id])
        return vals
