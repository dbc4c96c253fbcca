from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.dental_cash.models.account_journal import PAYMENT_KINDS


class DentalReportDiscount(models.Model):
    """Discounts given (seed "Отчёты. Скидки"): one row per discounted service line of a posted patient invoice
    or credit note (a credit note's rows are negative), with its programme (none: a manual discount), the income
    after the discount and the discount itself, in the company currency, dated by the journal item.

    The discount is computed from the line's income: income × discount % / (100 − discount %), so a line's
    income plus its discount is its price before the discount; a line discounted 100 % has no income to start
    from and counts its unit price × quantity.

    ``payment_method`` is the method of the cash-desk payments (or prepayments) settling the line's invoice or
    paying out its credit note: one method, "mixed" when several, empty while unpaid. ``patient_kind`` tells the
    discounts of a patient's first visit (no completed visit before the billed one, or before the invoice's day
    when it bills no appointment; a credit note follows the invoice it reverses) from the later ones.
    """

    _name = "dental.report.discount"
    _inherit = ["dental.report.mixin"]
    _description = "Discounts"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "program_id"
    _dental_source_model = "account.move.line"
    _dental_source_field = "line_id"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "program_id",
        "move_id",
        "patient_id",
        "doctor_id",
        "product_id",
        "payment_method",
        "patient_kind",
        "discount",
        "amount",
        "discount_amount",
    )

    line_id = fields.Many2one("account.move.line", string="Journal Item", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    program_id = fields.Many2one("loyalty.program", string="Discount Programme", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    payment_method = fields.Selection(
        [*PAYMENT_KINDS, ("mixed", "Several Methods")], string="Payment Method", readonly=True
    )
    patient_kind = fields.Selection(
        [("primary", "First Visit"), ("secondary", "Secondary Visit")], string="Visit of the Patient", readonly=True
    )
    discount = fields.Float(string="Discount (%)", digits="Discount", readonly=True, aggregator="avg")
    amount = fields.Monetary(string="Income", readonly=True)
    discount_amount = fields.Monetary(string="Discount", readonly=True)

    @property
    def _table_query(self):
        # The payment method and the first visit come from lateral subqueries on the invoice (its
        # reconciliations, by the indexes on debit_move_id / credit_move_id) and on the patient's appointments (by
        # the index on patient_id): evaluated in the query, for the discounted lines only, never row by row in Python.
        return SQL(
            """
            SELECT l.id, l.id AS line_id, l.date, l.company_id, l.company_currency_id AS currency_id,
                   l.dental_discount_program_id AS program_id, l.move_id, m.dental_patient_id AS patient_id,
                   l.dental_doctor_id AS doctor_id, l.product_id, l.discount,
                   pay.method AS payment_method,
                   CASE WHEN EXISTS (
                            SELECT 1 FROM calendar_event e
                             WHERE e.patient_id = m.dental_patient_id AND e.dental_state = 'completed' AND e.active
                               AND CASE WHEN ap.id IS NOT NULL THEN (e.start, e.id) < (ap.start, ap.id)
                                        ELSE (e.start AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date
                                             < COALESCE(m.invoice_date, m.date) END
                        ) THEN 'secondary' ELSE 'primary' END AS patient_kind,
                   -l.balance AS amount,
                   CASE WHEN l.discount >= 100
                        THEN l.price_unit * l.quantity * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
                        ELSE -l.balance * l.discount / (100 - l.discount)
                   END AS discount_amount
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              JOIN res_company c ON c.id = m.company_id
              LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
              LEFT JOIN account_move rev ON rev.id = m.reversed_entry_id
              LEFT JOIN calendar_event ap ON ap.id = COALESCE(m.dental_appointment_id, rev.dental_appointment_id)
              LEFT JOIN LATERAL (
                  SELECT CASE WHEN COUNT(DISTINCT j.dental_payment_kind) > 1 THEN 'mixed'
                              ELSE MIN(j.dental_payment_kind) END AS method
                    FROM (SELECT pr.credit_move_id AS counterpart_id
                            FROM account_move_line il
                            JOIN account_partial_reconcile pr ON pr.debit_move_id = il.id
                           WHERE il.move_id = m.id
                          UNION ALL
                          SELECT pr.debit_move_id
                            FROM account_move_line il
                            JOIN account_partial_reconcile pr ON pr.credit_move_id = il.id
                           WHERE il.move_id = m.id) x
                    JOIN account_move_line pl ON pl.id = x.counterpart_id
                    JOIN account_journal j ON j.id = pl.journal_id
                   WHERE j.dental_payment_kind IS NOT NULL
              ) pay ON TRUE
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.dental_patient_id IS NOT NULL
               AND l.display_type = 'product'
               AND l.discount > 0
            """
        )
