from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

# Fields of a matching whose change moves money between the matched documents.
PARTIAL_LOCKED_FIELDS = {"debit_move_id", "credit_move_id", "amount", "debit_amount_currency", "credit_amount_currency"}


def _is_payment_entry(move):
    """A payment: an entry of a payment (bank, cash) journal, or the exchange difference of one."""
    return bool(
        move.origin_payment_id
        or move.journal_id.type in ("bank", "cash", "credit")
        or move.journal_id == move.company_id.currency_exchange_journal_id
    )


class AccountPartialReconcile(models.Model):
    """The cash lock covers the matching of a closed day's invoices and payments.

    Un-matching or re-matching them changes what the closed day's money paid (an invoice of the day becomes
    unpaid, its payment a deposit), and a credit note matched with a closed day's invoice cancels it. Every path
    (the invoice's "unreconcile", ``remove_move_reconcile``, ``reconcile``, ``js_assign_outstanding_line``,
    writing ``matched_*_ids`` of a journal item, this model's own create/write/unlink over RPC) ends here, so
    the rule is checked once, on the matchings themselves:

    - a matching of two lines both dated on or before the closed day, one of them a document of the cash desk
      (customer invoice or credit note, payment of a clinic journal, cash operation), is neither created nor
      removed nor changed;
    - a closed day's invoice is matched on an open day by a payment only (paying an old debt today works), not
      by a credit note or a journal entry;
    - a matching with one side on an open day is removed as usual (resetting today's payment).

    Who is bound: the front desk (every user with the registrar role, senior registrars and Directors included,
    and every custom role with the "Money: Edit" section;
    a Director reopens the day first, with a reason, like for every other change of a closed day). Accountants
    without a dental role keep Odoo's own reconciliation (they correct allocations in the books, under Odoo's
    lock dates); so does the system itself (crons, install).
    """

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._dental_check_reconcile_lock(new=True)
        return partials

    def write(self, vals):
        locked = PARTIAL_LOCKED_FIELDS & set(vals)
        if locked:
            self._dental_check_reconcile_lock(changed=True)
        res = super().write(vals)
        if locked:
            self._dental_check_reconcile_lock(changed=True)
        return res

    def unlink(self):
        self._dental_check_reconcile_lock()
        return super().unlink()

    # ------------------------------------------------------------------ rule
    @api.model
    def _dental_reconcile_bound(self):
        """Whether the current user works under the reconciliation lock (see the class docstring)."""
        return self.env.uid != SUPERUSER_ID and (
            self.env.user.has_group("dental_patient.group_registrar")
            or self.env.user.has_group("dental_patient.group_section_money_edit")
        )

    def _dental_check_reconcile_lock(self, new=False, changed=False):
        if not self or not self._dental_reconcile_bound():
            return
        # sudo: the rule reads the matched documents' dates and kinds, whatever the user may open of them
        for partial in self.sudo():
            refusal = self._dental_reconcile_refusal(partial.debit_move_id, partial.credit_move_id, new, changed)
            if refusal:
                raise UserError(refusal)

    @api.model
    def _dental_reconcile_refusal(self, debit, credit, new=False, changed=False):
        """The message refusing the matching of ``debit`` with ``credit`` (journal items), or None if allowed.

        :param new: the matching is being created
        :param changed: the matching's amounts or lines are being changed
        """
        lines = (debit | credit).sudo()
        locked_until = lines.company_id._dental_locked_until()
        # the documents of the closed-day lock: the cash scope and what other addons bring into it (a lab bill)
        scoped = lines.move_id.filtered(lambda move: move._dental_lock_pairs(CLOSED_DAY))

        def until(line):
            return locked_until.get(line.company_id.id)

        def locked(line):  # a cash desk document of a closed day
            day = until(line)
            return bool(
                day
                and line.move_id in scoped
                and any(date and date <= day for date in (line.move_id.date, line.move_id.invoice_date))
            )

        locked_lines = lines.filtered(locked)
        if not locked_lines:
            return None
        line = locked_lines[0]
        message_vals = {
            "document": line.move_id.display_name,
            "date": format_date(self.env, line.move_id.invoice_date or line.move_id.date),
            "until": format_date(self.env, until(line)),
        }
        old = all(locked(ml) or (until(ml) and ml.date <= until(ml)) for ml in lines)
        if old or changed:
            return _(
                "The matching of %(document)s (dated %(date)s) with its payments and credit notes belongs to a "
                "closed cash day: it cannot be removed or changed, the cash desk is closed until %(until)s. "
                "A Director can reopen the day (Cash Desk > Daily Summary).",
                **message_vals,
            )
        if new:
            for line in locked_lines.filtered(lambda ml: ml.move_id.move_type in ("out_invoice", "out_receipt")):
                other = lines - line
                if not other or not _is_payment_entry(other.move_id):
                    return _(
                        "The invoice %(document)s (dated %(date)s) belongs to a closed cash day: only a payment "
                        "settles it now, not a credit note or a journal entry (the cash desk is closed until "
                        "%(until)s). A Director can reopen the day to cancel the invoice.",
                        document=line.move_id.display_name,
                        date=format_date(self.env, line.move_id.invoice_date or line.move_id.date),
                        until=format_date(self.env, until(line)),
                    )
        return None
