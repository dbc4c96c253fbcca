from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_company import PAYMENT_KINDS


class AccountJournal(models.Model):
    """A clinic payment method (cash desk, card terminal, bank transfer) is a journal of the branch."""

    _inherit = "account.journal"

    dental_payment_kind = fields.Selection(
        PAYMENT_KINDS,
        string="Clinic Payment Method",
        index="btree_not_null",
        copy=False,
        help="The journal takes the patients' payments of this kind at the cash desk of its branch.",
    )

    @api.constrains("dental_payment_kind", "company_id")
    def _check_dental_payment_kind(self):
        for journal in self.filtered("dental_payment_kind"):
            count = self.search_count(
                [
                    ("company_id", "=", journal.company_id.id),
                    ("dental_payment_kind", "=", journal.dental_payment_kind),
                    ("id", "!=", journal.id),
                ]
            )
            if count:
                raise ValidationError(_("A branch has one journal per clinic payment method."))
            if journal.type not in ("cash", "bank"):
                raise ValidationError(_("A clinic payment method is a cash or bank journal."))

    def _dental_setup_payment_accounts(self):
        """Payments post straight to the journal's own account (the cash desk, the terminal's clearing)."""
        for journal in self:
            lines = journal.inbound_payment_method_line_ids | journal.outbound_payment_method_line_ids
            lines.write({"payment_account_id": journal.default_account_id.id})
