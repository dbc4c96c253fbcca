from odoo import fields, models


class DentalCashReopenWizard(models.TransientModel):
    _name = "dental.cash.reopen.wizard"
    _description = "Reopen a Cash Day"

    closing_id = fields.Many2one("dental.cash.closing", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.closing_id._dental_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
