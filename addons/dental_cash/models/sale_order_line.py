from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _prepare_invoice_line(self, **optional_values):
        vals = super()._prepare_invoice_line(**optional_values)
        if self.order_id.is_treatment_plan and not self.display_type:
            vals.setdefault("dental_tooth_ids", [fields.Command.set(self.tooth_ids.ids)])
            vals.setdefault("dental_doctor_id", (self.doctor_id or self.order_id.doctor_id).id)
        return vals
