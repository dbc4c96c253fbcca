from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

PAYMENT_KINDS = [("cash", "Cash"), ("card", "Card"), ("bank", "Bank Transfer")]
JOURNAL_CODES = {"cash": "DCSH", "card": "DCRD", "bank": "DBNK"}


class ResCompany(models.Model):
    """Cash-desk settings of a branch, its payment journals and the cash lock."""

    _inherit = "res.company"

    dental_auto_distribute = fields.Boolean(
        string="Auto-distribute Prepayments and Overpayments",
        help="A payment larger than the invoice pays the patient's older open invoices, oldest first, "
        "and new invoices consume the patient's deposit automatically.",
    )
    dental_best_discount = fields.Boolean(
        string="Pick the Best Discount",
        default=True,
        help="Billing applies the applicable discount programme giving the patient the largest discount.",
    )
    dental_manual_discount_limit = fields.Float(
        string="Manual Discount Without Director (%)",
        default=10.0,
        help="A discount typed by hand on an invoice line above this percentage needs the Director role.",
    )

    # ------------------------------------------------------------------ journals
    def _dental_create_payment_journals(self):
        """Create the cash, card and bank-transfer journals of each branch having a chart of accounts."""
        Journal = self.env["account.journal"].sudo()  # sudo: set-up of accounting data, not a user action
        for company in self:
            if not company.root_id.chart_template:
                continue
            existing = Journal.search([("company_id", "=", company.id), ("dental_payment_kind", "!=", False)])
            for kind, _label in PAYMENT_KINDS:
                if kind in existing.mapped("dental_payment_kind"):
                    continue
                journal = Journal.with_company(company).create(company._dental_prepare_journal_vals(kind))
                journal._dental_setup_payment_accounts()

    def _dental_prepare_journal_vals(self, kind):
        self.ensure_one()
        names = {"cash": _("Cash Desk"), "card": _("Card Terminal"), "bank": _("Bank Transfer")}
        code = JOURNAL_CODES[kind]
        Journal = self.env["account.journal"].sudo().with_context(active_test=False)
        suffix = 0
        while Journal.search_count([("company_id", "=", self.id), ("code", "=", code)], limit=1):
            suffix += 1
            code = f"{JOURNAL_CODES[kind][:3]}{suffix}"
        return {
            "name": names[kind] if self == self.root_id else f"{names[kind]} ({self.name})",
            "type": "cash" if kind == "cash" else "bank",
            "code": code,
            "company_id": self.id,
            "dental_payment_kind": kind,
        }

    def _dental_payment_journal(self, kind):
        """The branch's journal for a payment method (``cash``, ``card``, ``bank``), created when missing."""
        self.ensure_one()
        domain = [("company_id", "=", self.id), ("dental_payment_kind", "=", kind)]
        # sudo: the journal is looked up (and created once) for whoever takes the payment
        journal = self.env["account.journal"].sudo().search(domain, limit=1)
        if not journal:
            self._dental_create_payment_journals()
            journal = self.env["account.journal"].sudo().search(domain, limit=1)
        if not journal:
            raise UserError(_("The branch %s has no chart of accounts: set up accounting first.", self.name))
        return journal.sudo(False)

    def _dental_payment_journals(self):
        """All payment journals of the branches in ``self``."""
        return self.env["account.journal"].search(
            [("company_id", "in", self.ids), ("dental_payment_kind", "!=", False)]
        )

    # ------------------------------------------------------------------ lock (dental.lock.mixin)
    def _dental_locked_until(self):
        """The past-period lock or the last closed cash day of the branch, whichever is later."""
        result = super()._dental_locked_until()
        # sudo: the lock binds whoever changes the money, whatever cash days they may read
        closings = (
            self.env["dental.cash.closing"]
            .sudo()
            ._read_group([("company_id", "in", self.ids), ("state", "=", "closed")], ["company_id"], ["date:max"])
        )
        for company, day in closings:
            result[company.id] = max(result.get(company.id) or day, day)
        return result

    def _dental_lock_message(self, what, day, until):
        self.ensure_one()
        return _(
            "%(what)s of %(branch)s dated %(date)s cannot be changed: the cash desk is closed until "
            "%(until)s. A Director can reopen the day (Cash Desk > Daily Summary).",
            what=what,
            branch=self.name,
            date=format_date(self.env, day),
            until=format_date(self.env, until),
        )
