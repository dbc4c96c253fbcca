from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.dental_ru_fiscal_receipt import PAYMENT_KINDS, VATS


class DentalRuCorrectionWizard(models.TransientModel):
    """A correction receipt (чек коррекции, 54-ФЗ art. 4.1) of a payment: a settlement the register did not record
    or recorded wrong, on the clinic's own initiative or by the tax authority's order. Senior registrars (cash
    managers) and Directors only: the access rights of the wizard and the check in ``action_confirm``."""

    _name = "dental.ru.correction.wizard"
    _description = "Correction Receipt"

    payment_id = fields.Many2one("account.payment", string="Payment", required=True, readonly=True)
    company_id = fields.Many2one(related="payment_id.company_id")
    currency_id = fields.Many2one(related="payment_id.currency_id")
    operation = fields.Selection(
        [("sell_correction", "Sale Correction"), ("sell_refund_correction", "Refund Correction")],
        required=True,
        compute="_compute_from_payment",
        precompute=True,
        store=True,
        readonly=False,
    )
    correction_type = fields.Selection(
        [("self", "On Own Initiative"), ("instruction", "By Tax Authority Order")],
        string="Correction Type",
        required=True,
        default="self",
    )
    base_number = fields.Char(string="Basis Document No.", required=True)
    base_date = fields.Date(string="Basis Document Date", required=True, default=fields.Date.context_today)
    amount = fields.Monetary(
        required=True, compute="_compute_from_payment", precompute=True, store=True, readonly=False
    )
    vat = fields.Selection(
        VATS, string="VAT", required=True, compute="_compute_from_payment", precompute=True, store=True, readonly=False
    )
    payment_kind = fields.Selection(
        PAYMENT_KINDS,
        string="Payment Method",
        required=True,
        compute="_compute_from_payment",
        precompute=True,
        store=True,
        readonly=False,
    )

    @api.depends("payment_id")
    def _compute_from_payment(self):
        for wizard in self:
            payment = wizard.payment_id
            wizard.operation = "sell_refund_correction" if payment.payment_type == "outbound" else "sell_correction"
            wizard.amount = payment.amount
            wizard.vat = payment.company_id.dental_cash_register_id.vat or "none"
            wizard.payment_kind = "cash" if payment.dental_payment_kind == "cash" else "electronic"

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("dental_cash.group_cash_senior"):
            raise AccessError(_("Only a senior registrar or a Director issues correction receipts."))
        payment = self.payment_id
        payment.check_access("read")
        if payment.state not in ("in_process", "paid"):
            raise UserError(_("Only a posted payment gets a correction receipt."))
        if self.amount <= 0:
            raise UserError(_("The amount of a correction receipt must be positive."))
        if self.base_date > fields.Date.context_today(self):
            raise UserError(_("The basis document of a correction cannot be dated in the future."))
        base_number = (self.base_number or "").strip()
        if not base_number:
            raise UserError(_("A correction receipt needs the number of its basis document."))
        receipt = payment._dental_correction_receipt(
            self.operation,
            self.correction_type,
            self.base_date,
            base_number,
            amount=self.amount,
            vat=self.vat,
            payment_kind=self.payment_kind,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "dental.ru.fiscal.receipt",
            "res_id": receipt.id,
            "view_mode": "form",
            "target": "current",
        }
