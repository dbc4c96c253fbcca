from odoo import api, models


class AccountPaymentRegister(models.TransientModel):
    """Odoo's "Register Payment" on a patient's invoice pays into the invoice's branch's own journals.

    Natively the wizard offers the journals of the invoice's company and of its parents and picks the first
    bank journal, the main clinic's: a registrar of a branch, who works in the branch only, then gets "Access to
    unauthorized or invalid companies", and the payment would miss the branch's cash summary anyway. For a
    patient's invoice (``dental_patient_id``) the journals offered are the branch's own ones (its Cash Desk,
    Card Terminal, Bank Transfer) and the Cash Desk is the default. Other invoices keep Odoo's behaviour.
    """

    _inherit = "account.payment.register"

    @api.model
    def _dental_batch_branch(self, batch_result):
        """The branch of a batch of patients' invoice lines, or None for other lines."""
        lines = batch_result["lines"]
        moves = lines.move_id
        # every move a patient's (mapped() of no patient is an empty recordset: all() of it would be True)
        if len(lines.company_id) == 1 and moves and all(move.dental_patient_id for move in moves):
            return lines.company_id
        return None

    def _get_batch_available_journals(self, batch_result):
        journals = super()._get_batch_available_journals(batch_result)
        branch = self._dental_batch_branch(batch_result)
        if branch:
            journals = journals.filtered(lambda journal: journal.company_id == branch)
        return journals

    @api.model
    def _get_batch_journal(self, batch_result):
        branch = self._dental_batch_branch(batch_result)
        if branch:
            cash = self.env["account.journal"].search(
                [("company_id", "=", branch.id), ("dental_payment_kind", "=", "cash")], limit=1
            )
            if cash and cash in self.available_journal_ids._origin:
                return cash
        return super()._get_batch_journal(batch_result)

    @api.depends("available_journal_ids")
    def _compute_journal_id(self):
        res = super()._compute_journal_id()
        for wizard in self:
            # a patient's preferred payment method of another company's journal is not offered on a branch
            if (
                wizard.journal_id
                and wizard.journal_id._origin not in wizard.available_journal_ids._origin
                and wizard.batches
            ):
                batch = wizard.batches[0]
                if self._dental_batch_branch(batch):
                    wizard.journal_id = wizard._get_batch_journal(batch)
        return res
