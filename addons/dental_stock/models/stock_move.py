from odoo import _, fields, models

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY


class StockMove(models.Model):
    """Stock moves of the clinic's write-offs carry their procedure; only those join the closed-day lock."""

    _name = "stock.move"
    # dental.lock.mixin first: its checks run before stock's own create/write/unlink
    _inherit = ["dental.lock.mixin", "stock.move"]

    dental_sale_line_id = fields.Many2one(
        "sale.order.line", string="Procedure", index="btree_not_null", readonly=True, copy=False
    )
    dental_date = fields.Date(string="Procedure Date", readonly=True, copy=False)
    dental_patient_id = fields.Many2one(related="dental_sale_line_id.order_id.patient_id", string="Patient")
    dental_doctor_id = fields.Many2one(related="dental_sale_line_id.doctor_id", string="Doctor")
    dental_service_id = fields.Many2one(related="dental_sale_line_id.product_id", string="Service")

    # ------------------------------------------------------------------ write-offs done at once
    def _should_bypass_reservation(self, forced_location=False):
        # A procedure's write-off (or its return) is created and done in one call: reserving its quantity in the
        # quants when its move line is created, to release it when the move is done, is two quant updates per
        # material for nothing (they were most of the completion's queries).
        return bool(self.dental_sale_line_id) or super()._should_bypass_reservation(forced_location)

    def _push_apply(self):
        # A write-off goes to the consumption location and a return back where it came from: no push rule applies,
        # and looking them up costs two searches per material.
        return super(StockMove, self.filtered(lambda move: not move.dental_sale_line_id))._push_apply()

    # ------------------------------------------------------------------ closed days (dental.lock.mixin)
    def _dental_lock_fields(self):
        # what changes a write-off: its quantities, places, product, state, dates (Odoo's bookkeeping of the move's
        # other fields stays free)
        return self._dental_lock_join(
            super()._dental_lock_fields(),
            CLOSED_DAY,
            (
                "product_id",
                "product_uom_qty",
                "quantity",
                "location_id",
                "location_dest_id",
                "state",
                "date",
                "dental_date",
                "dental_sale_line_id",
                "scrap_id",
            ),
        )

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY and self.dental_sale_line_id:
            pairs = [*pairs, (self.company_id, self.dental_date)]
        if lock == CLOSED_DAY and self.scrap_id and self.state == "done":
            # a manual write-off (scrap) is money of the day it is done: the day of its move
            pairs = [*pairs, (self.company_id, self.company_id._dental_local_date(self.date))]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY and len(self) == 1 and self.dental_sale_line_id:
            return _("A material write-off")
        if lock == CLOSED_DAY and len(self) == 1 and self.scrap_id:
            return _("A manual write-off")
        return super()._dental_lock_label(lock)
