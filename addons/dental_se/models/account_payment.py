from odoo import models


class AccountPayment(models.Model):
    """A payment taken at the clinic wakes the financing queue: an invoice it pays is cancelled at the provider."""

    _inherit = "account.payment"

    def action_post(self):
        res = super().action_post()
        if self.env["dental.se.financing.request"].sudo().search_count([("state", "in", ("registered", "accepted"))]):
            self.env["dental.se.financing.request"]._dental_trigger()
        return res
