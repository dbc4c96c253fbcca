from odoo import _, models

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

# Fields of a lab bill whose change alters the money of its day: refused once the day is closed.
LAB_BILL_LOCKED_FIELDS = {
    "state",
    "date",
    "invoice_date",
    "line_ids",
    "invoice_line_ids",
    "partner_id",
    "journal_id",
    "currency_id",
    "company_id",
    "invoice_date_due",
}


class AccountMove(models.Model):
    """Lab bills (vendor bills of a lab order's purchase order) are locked on a closed day like the clinic's money.

    Joins ``dental.lock.mixin`` (dental_patient) without depending on dental_cash: the past-period lock applies
    alone, and with dental_cash its closed cash days too (``res.company._dental_locked_until``). Other vendor
    bills stay native.
    """

    _name = "account.move"
    _inherit = ["dental.lock.mixin", "account.move"]

    def _dental_is_lab_bill(self):
        self.ensure_one()
        return self.move_type in ("in_invoice", "in_refund") and bool(
            self.line_ids.purchase_line_id.order_id.dental_lab_order_id
        )

    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, LAB_BILL_LOCKED_FIELDS)

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY and self._dental_is_lab_bill():
            pairs = [*pairs, (self.company_id, self.date), (self.company_id, self.invoice_date)]
        return pairs

    def _dental_lock_label(self, lock):
        if len(self) == 1 and self._dental_is_lab_bill():
            return _("A lab bill")
        return super()._dental_lock_label(lock)
