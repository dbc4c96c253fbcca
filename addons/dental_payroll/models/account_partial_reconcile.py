from odoo import api, models


class AccountPartialReconcile(models.Model):
    """Money settling a patient's invoice (or refunded from a credit note) feeds the payroll ledger."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        # The ledger is the server's: whoever takes the payment (a registrar) has no payroll right.
        self.env["dental.payroll.revenue"].sudo()._dental_settled(partials.sudo())
        return partials

    def unlink(self):
        if self:
            self.env["dental.payroll.revenue"].sudo()._dental_unsettled(self.sudo())
        return super().unlink()
