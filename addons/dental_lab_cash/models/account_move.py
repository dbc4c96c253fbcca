from odoo import models


class AccountMove(models.Model):
    """dental_cash locks only the moves of its cash scope: lab bills join that scope, so the closed cash day
    (``dental.lock.mixin``) binds them whatever the order in which dental_cash and dental_lab extend the move."""

    _inherit = "account.move"

    def _dental_in_cash_scope(self):
        scope = super()._dental_in_cash_scope()
        return scope | self.filtered(lambda move: move._dental_is_lab_bill())
