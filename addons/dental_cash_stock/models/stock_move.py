from odoo import _, fields, models

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY


class StockMove(models.Model):
    """The stock side of goods sold on a patient's invoice: money of the invoice's day, locked with it once the
    cash day is closed (joins dental_stock's lock of the stock move; the hooks collect every addon's pairs)."""

    _inherit = "stock.move"

    dental_invoice_line_id = fields.Many2one(
        "account.move.line", string="Patient Invoice Line", index="btree_not_null", readonly=True, copy=False
    )

    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, ("dental_invoice_line_id",))

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY and self.dental_invoice_line_id:
            invoice = self.dental_invoice_line_id.move_id
            pairs = [*pairs, (invoice.company_id, invoice.date)]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY and len(self) == 1 and self.dental_invoice_line_id:
            return _("Goods sold to a patient")
        return super()._dental_lock_label(lock)
