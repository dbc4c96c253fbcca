from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

PAYMENT_LOCKED_FIELDS = {
    "state",
    "date",
    "amount",
    "journal_id",
    "partner_id",
    "payment_type",
    "partner_type",
    "currency_id",
    "destination_account_id",
    "payment_method_line_id",
    "company_id",
    "dental_payer_id",
    "dental_patient_id",
    "move_id",
    "outstanding_account_id",
}


class AccountPayment(models.Model):
    """A patient's payment at the cash desk: who was treated, who paid (for the tax certificate), what for."""

    _name = "account.payment"
    _inherit = ["dental.lock.mixin", "account.payment", "dental.server.fields.mixin"]
    # What a cash desk operation was (payment, prepayment, refund) is set by the payment dialog only
    # (dental.server.fields.mixin): the daily summary counts deposits and refunds by it, so a client relabelling
    # a payment over RPC would move money between the summary's lines.
    _dental_server_fields = ("dental_kind",)
    _dental_accept_resent_values = True

    # Indexed for the patient card's money (payments grouped by partner) and the daily summary (payments of a
    # day): Odoo indexes neither, and both read every payment of the branch without (scripts/bench).
    partner_id = fields.Many2one(index="btree_not_null")
    date = fields.Date(index=True)
    dental_patient_id = fields.Many2one(
        "dental.patient",
        string="Patient",
        compute="_compute_dental_patient_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        help="Patient whose account the payment credits (the payment's partner is the patient's partner).",
    )
    dental_payer_id = fields.Many2one(
        "dental.patient",
        string="Paid By",
        compute="_compute_dental_payer_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Who paid: the patient, or a relative who is also a patient. The tax-deduction certificate "
        "is issued to the payer.",
    )
    dental_kind = fields.Selection(
        [("payment", "Payment"), ("deposit", "Prepayment"), ("refund", "Deposit Refund")],
        string="Cash Desk Operation",
        index="btree_not_null",
        copy=False,
    )
    dental_payment_kind = fields.Selection(related="journal_id.dental_payment_kind", string="Clinic Payment Method")
    dental_cash_locked = fields.Boolean(
        string="Closed Cash Day",
        compute="_compute_dental_cash_locked",
        help="On a closed cash day: changes are refused, so the actions that change it are hidden.",
    )

    @api.depends("partner_id")
    def _compute_dental_patient_id(self):
        partners = self.partner_id
        patients = (
            self.env["dental.patient"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        by_partner = {patient.partner_id.id: patient.id for patient in patients}
        for payment in self:
            if payment.dental_patient_id and payment.dental_patient_id.partner_id == payment.partner_id:
                continue
            payment.dental_patient_id = by_partner.get(payment.partner_id.id, False)

    @api.depends("dental_patient_id")
    def _compute_dental_payer_id(self):
        for payment in self:
            if not payment.dental_payer_id:
                payment.dental_payer_id = payment.dental_patient_id

    @api.depends("date", "company_id", "journal_id")
    def _compute_dental_cash_locked(self):
        # the views' mirror of the cash lock (the server's refusal is the guard): the lock's own scope and dates
        locked = self._dental_locked_records()
        for payment in self:
            payment.dental_cash_locked = payment in locked

    @api.constrains("dental_payer_id", "payment_type")
    def _check_dental_payer(self):
        for payment in self:
            if payment.dental_payer_id and not payment.dental_patient_id:
                raise ValidationError(_("A payment made by a relative must credit a patient."))

    # ------------------------------------------------------------------ cash lock
    # collected with the other addons' (see account.move)
    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, PAYMENT_LOCKED_FIELDS)

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY and self.journal_id.dental_payment_kind:  # the clinic's payment journals
            pairs = [*pairs, (self.company_id, self.date)]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY and len(self) == 1 and self.journal_id.dental_payment_kind:
            return _("A payment")
        return super()._dental_lock_label(lock)

    # ------------------------------------------------------------------ actions
    def action_post(self):
        res = super().action_post()
        auto = self.filtered(
            lambda p: p.dental_patient_id
            and p.payment_type == "inbound"
            and p.partner_type == "customer"
            and p.company_id.dental_auto_distribute
            and not self.env.context.get("dental_no_auto_distribute")
        )
        if auto:
            self.env["account.move.line"]._dental_auto_reconcile(auto.partner_id)
        return res

    # ------------------------------------------------------------------ helpers
    def _dental_receivable_lines(self):
        return self.move_id.line_ids.filtered(
            lambda ml: ml.account_id.account_type == "asset_receivable" and not ml.reconciled
        )
