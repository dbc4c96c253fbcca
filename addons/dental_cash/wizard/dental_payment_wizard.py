from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class DentalPaymentWizard(models.TransientModel):
    """The cash desk dialog: pay an invoice or the debt, take a prepayment, refund the deposit."""

    _name = "dental.payment.wizard"
    _description = "Cash Desk Payment"
    _check_company_auto = True

    mode = fields.Selection(
        [
            ("pay", "Pay an Invoice"),
            ("debt", "Pay the Debt"),
            ("deposit", "Prepayment"),
            ("withdraw", "Refund the Deposit"),
        ],
        required=True,
        default="deposit",
    )
    patient_id = fields.Many2one("dental.patient", string="Patient", required=True, check_company=True)
    payer_id = fields.Many2one(
        "dental.patient",
        string="Paid By",
        compute="_compute_payer_id",
        store=True,
        readonly=False,
        check_company=True,
        help="The patient, or a relative paying for the patient (the tax certificate goes to the payer).",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        check_company=True,
        domain="[('partner_id', '=', partner_id), ('company_id', '=', company_id)]",
    )
    partner_id = fields.Many2one(related="patient_id.partner_id")
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=lambda self: self.env.company._dental_today())
    cash_amount = fields.Monetary(string="Cash")
    card_amount = fields.Monetary(string="Card")
    bank_amount = fields.Monetary(string="Bank Transfer")
    withdraw_kind = fields.Selection(
        [("cash", "Cash"), ("card", "Card"), ("bank", "Bank Transfer")], string="Refund By", default="cash"
    )
    withdraw_amount = fields.Monetary(string="Amount to Refund")
    deposit_available = fields.Monetary(string="Deposit", compute="_compute_patient_figures")
    debt = fields.Monetary(string="Debt", compute="_compute_patient_figures")
    amount_residual = fields.Monetary(string="Invoice Due", related="invoice_id.amount_residual")
    confirmed = fields.Boolean(string="The patient confirmed the refund")

    @api.depends("patient_id")
    def _compute_payer_id(self):
        for wizard in self:
            wizard.payer_id = wizard.patient_id

    @api.constrains("patient_id", "payer_id", "invoice_id")
    def _check_records_readable(self):
        """Only cards and invoices the user may read: the dialog shows their money, read without record rules."""
        for wizard in self:
            (wizard.patient_id | wizard.payer_id).check_access("read")
            wizard.invoice_id.check_access("read")

    @api.depends("patient_id", "company_id")
    def _compute_patient_figures(self):
        for wizard in self:
            figures = wizard.patient_id._dental_money_figures(companies=wizard.company_id).get(wizard.patient_id.id, {})
            wizard.deposit_available = figures.get("deposit", 0.0)
            wizard.debt = figures.get("debt", 0.0)

    @api.onchange("mode", "patient_id")
    def _onchange_mode(self):
        if self.mode == "withdraw":
            self.withdraw_amount = self.deposit_available
        elif self.mode == "pay" and self.invoice_id:
            self.cash_amount = self.invoice_id.amount_residual
        elif self.mode == "debt":
            self.cash_amount = self.debt

    # ------------------------------------------------------------------ confirm
    def action_confirm(self):
        self.ensure_one()
        if self.mode == "withdraw":
            self._withdraw()
        else:
            self._receive()
        return {"type": "ir.actions.act_window_close"}

    def _amounts(self):
        amounts = {kind: self[f"{kind}_amount"] for kind in ("cash", "card", "bank")}
        rounding = self.currency_id.rounding
        if any(float_compare(amount, 0.0, precision_rounding=rounding) < 0 for amount in amounts.values()):
            raise UserError(_("Payment amounts cannot be negative."))
        amounts = {
            kind: amount for kind, amount in amounts.items() if not float_is_zero(amount, precision_rounding=rounding)
        }
        if not amounts:
            raise UserError(_("Enter the amount received."))
        return amounts

    def _receive(self):
        Line = self.env["account.move.line"]
        if self.mode == "pay" and (
            not self.invoice_id or self.invoice_id.state != "posted" or self.invoice_id.partner_id != self.partner_id
        ):
            raise UserError(_("Choose a posted invoice of the patient."))
        payments = self.env["account.payment"]
        kind = "deposit" if self.mode == "deposit" else "payment"
        for method, amount in self._amounts().items():
            payments |= self._dental_create_payment(
                patient=self.patient_id,
                payer=self.payer_id,
                journal=self.company_id._dental_payment_journal(method),
                amount=amount,
                day=self.date,
                memo=self.invoice_id.name if self.mode == "pay" else dict(self._fields["mode"].selection)[self.mode],
                kind=kind,
            )
        credits = payments._dental_receivable_lines()
        if self.mode == "pay":
            debits = self.invoice_id.line_ids.filtered(
                lambda ml: ml.account_id.account_type == "asset_receivable" and not ml.reconciled
            )
            Line._dental_reconcile_in_order(debits.sorted(lambda ml: (ml.date_maturity, ml.id)), credits)
        elif self.mode == "debt":
            debits = Line._dental_open_receivable_lines(self.partner_id).filtered(
                lambda ml: ml.amount_residual > 0 and ml.company_id == self.company_id
            )
            Line._dental_reconcile_in_order(
                debits.sorted(lambda ml: (ml.date_maturity or ml.date, ml.date, ml.id)), credits
            )
        if self.company_id.dental_auto_distribute:
            Line._dental_auto_reconcile(self.partner_id)
        return payments

    def _withdraw(self):
        if not self.confirmed:
            raise UserError(_("Confirm that the patient asked for the refund."))
        amount = self.withdraw_amount
        if float_compare(amount, 0.0, precision_rounding=self.currency_id.rounding) <= 0:
            raise UserError(_("Enter the amount to refund."))
        if float_compare(amount, self.deposit_available, precision_rounding=self.currency_id.rounding) > 0:
            raise UserError(
                _(
                    "Only %(deposit)s of deposit remains: %(amount)s cannot be refunded.",
                    deposit=self.currency_id.format(self.deposit_available),
                    amount=self.currency_id.format(amount),
                )
            )
        payment = self._dental_create_payment(
            patient=self.patient_id,
            payer=self.patient_id,
            journal=self.company_id._dental_payment_journal(self.withdraw_kind),
            amount=amount,
            day=self.date,
            memo=_("Deposit refund"),
            kind="refund",
            payment_type="outbound",
        )
        Line = self.env["account.move.line"]
        credits = Line._dental_open_receivable_lines(self.partner_id).filtered(
            lambda ml: ml.amount_residual < 0 and ml.company_id == payment.company_id
        )
        Line._dental_reconcile_in_order(payment._dental_receivable_lines(), credits.sorted(lambda ml: (ml.date, ml.id)))
        return payment

    @api.model
    def _dental_create_payment(self, patient, payer, journal, amount, day, memo, kind, payment_type="inbound"):
        """Create and post a patient's payment (public: billing dialogs and integrations call it).

        :return: the posted ``account.payment`` (not reconciled: the caller allocates it)
        """
        # the operation's kind is a server-only field of the payment (dental.server.fields.mixin)
        payment = (
            self.env["account.payment"]
            ._dental_server()
            .create(
                {
                    "payment_type": payment_type,
                    "partner_type": "customer",
                    "partner_id": patient.partner_id.id,
                    "dental_patient_id": patient.id,
                    "dental_payer_id": (payer or patient).id,
                    "dental_kind": kind,
                    "amount": amount,
                    "journal_id": journal.id,
                    "company_id": journal.company_id.id,
                    "date": day,
                    "memo": memo,
                }
            )
        )
        payment.with_context(dental_no_auto_distribute=True).action_post()
        return payment
