from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.dental_cash.models.account_journal import PAYMENT_KINDS


class DentalReportPayment(models.Model):
    """Payments for a period: every posted cash-desk payment of a patient (payments, prepayments, refunds of a
    deposit) with its method, in the company currency (a refund is negative). ``unallocated_amount`` is what
    of it is still not matched to an invoice today: the patient's deposit."""

    _name = "dental.report.payment"
    _inherit = ["dental.report.mixin"]
    _description = "Payments"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "payment_id"
    _dental_source_model = "account.payment"
    _dental_source_field = "payment_id"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "payment_id",
        "patient_id",
        "payer_id",
        "journal_id",
        "method",
        "kind",
        "amount",
        "unallocated_amount",
    )

    payment_id = fields.Many2one("account.payment", string="Payment", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    payer_id = fields.Many2one("dental.patient", string="Payer", readonly=True)
    journal_id = fields.Many2one("account.journal", string="Journal", readonly=True)
    method = fields.Selection(PAYMENT_KINDS, string="Payment Method", readonly=True)
    kind = fields.Selection(
        [("payment", "Payment"), ("deposit", "Prepayment"), ("refund", "Deposit Refund")],
        string="Operation",
        readonly=True,
    )
    amount = fields.Monetary(string="Received", readonly=True)
    unallocated_amount = fields.Monetary(string="Deposit Left", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id, p.id AS payment_id, m.date, m.company_id, c.currency_id,
                   p.dental_patient_id AS patient_id, p.dental_payer_id AS payer_id, m.journal_id,
                   j.dental_payment_kind AS method, p.dental_kind AS kind,
                   p.amount_company_currency_signed AS amount,
                   COALESCE(r.residual, 0) AS unallocated_amount
              FROM account_payment p
              JOIN account_move m ON m.id = p.move_id
              JOIN account_journal j ON j.id = m.journal_id
              JOIN res_company c ON c.id = m.company_id
              LEFT JOIN LATERAL (
                  SELECT -SUM(l.amount_residual) AS residual
                    FROM account_move_line l
                    JOIN account_account a ON a.id = l.account_id
                   WHERE l.move_id = m.id AND a.account_type = 'asset_receivable'
              ) r ON TRUE
             WHERE m.state = 'posted'
               AND p.dental_kind IS NOT NULL
            """
        )
