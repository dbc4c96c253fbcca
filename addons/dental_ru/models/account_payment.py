from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .dental_ru_fiscal_receipt import STATES


class AccountPayment(models.Model):
    """A patient's payment or refund at a branch with a cloud cash register gets its 54-ФЗ receipt."""

    _inherit = "account.payment"

    dental_receipt_ids = fields.One2many("dental.ru.fiscal.receipt", "payment_id", string="Fiscal Receipts")
    dental_receipt_state = fields.Selection(
        STATES,
        string="Receipt",
        compute="_compute_dental_receipt_state",
        store=True,
        index="btree_not_null",
        help="State of the payment's last fiscal receipt.",
    )
    dental_receipt_reason = fields.Char(string="Receipt Problem", compute="_compute_dental_receipt_state", store=True)

    @api.depends("dental_receipt_ids.state", "dental_receipt_ids.error_text")
    def _compute_dental_receipt_state(self):
        for payment in self:
            receipts = payment.dental_receipt_ids.filtered(lambda r: not r.operation.endswith("correction"))
            last = receipts.sorted("id")[-1:] if receipts else receipts
            payment.dental_receipt_state = last.state or False
            payment.dental_receipt_reason = last.error_text if last.state in ("failed", "queued") else False

    def action_post(self):
        res = super().action_post()
        self._dental_queue_receipts()
        return res

    def action_dental_receipt_retry(self):
        self.ensure_one()
        return self.dental_receipt_ids.filtered(lambda r: r.state == "failed").action_retry()

    def _dental_receipt_payments(self):
        """The posted payments that need a receipt: a patient's money through a clinic payment journal."""
        return self.filtered(
            lambda p: p.state in ("in_process", "paid")
            and p.partner_type == "customer"
            and p.journal_id.dental_payment_kind
            and p.dental_patient_id
            and not p.dental_receipt_ids
        )

    def _dental_queue_receipts(self):
        vals_list = []
        for payment in self._dental_receipt_payments():
            register = payment.company_id.dental_cash_register_id
            if not register:
                continue
            vals_list.append(
                {
                    "payment_id": payment.id,
                    "company_id": payment.company_id.id,
                    "register_id": register.id,
                    "operation": "sell" if payment.payment_type == "inbound" else "sell_refund",
                    "amount": payment.amount,
                }
            )
        if vals_list:
            # sudo: the receipt is the payment's consequence, whoever posts it; the queue is the cron's
            self.env["dental.ru.fiscal.receipt"].sudo().create(vals_list)

    def _dental_correction_receipt(
        self, operation, correction_type, base_date, base_number, amount=None, vat=None, payment_kind=None
    ):
        """A correction receipt (54-ФЗ art. 4.1) of this payment, queued like the others: of the payment's amount,
        the register's VAT and the payment's method unless told otherwise (the correction wizard)."""
        self.ensure_one()
        register = self.company_id.dental_cash_register_id
        if not register:
            raise UserError(_("The branch %s has no cloud cash register.", self.company_id.name))
        return (
            self.env["dental.ru.fiscal.receipt"]
            .sudo()
            .create(
                {
                    "payment_id": self.id,
                    "company_id": self.company_id.id,
                    "register_id": register.id,
                    "operation": operation,
                    "amount": self.amount if amount is None else amount,
                    "correction_type": correction_type,
                    "correction_base_date": base_date,
                    "correction_base_number": base_number,
                    "correction_vat": vat or False,
                    "correction_payment": payment_kind or False,
                }
            )
        )

    def action_dental_correction_receipt(self):
        """Open the correction receipt wizard (cash managers and Directors)."""
        self.ensure_one()
        if not self.env.user.has_group("dental_cash.group_cash_senior"):
            raise AccessError(_("Only a senior registrar or a Director issues correction receipts."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Correction Receipt"),
            "res_model": "dental.ru.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_payment_id": self.id},
        }
