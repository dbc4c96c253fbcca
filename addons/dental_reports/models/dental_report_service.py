from odoo import fields, models
from odoo.tools import SQL


class DentalReportService(models.Model):
    """Services rendered and the income they bring: one row per service line of a posted patient invoice or
    credit note (a credit note's rows are negative), in the company currency, dated by the journal item.

    The income of a row is the line's balance on its income account, so the report's sums are the accounting's
    income of the patients' invoices for the same period and branch. Paid and debt split each line by the share
    of its invoice still open today.
    """

    _name = "dental.report.service"
    _inherit = ["dental.report.mixin"]
    _description = "Services Rendered"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"
    _dental_source_model = "account.move.line"
    _dental_source_field = "line_id"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "move_id",
        "patient_id",
        "doctor_id",
        "product_id",
        "categ_id",
        "quantity",
        "amount",
        "paid_amount",
        "debt_amount",
    )

    line_id = fields.Many2one("account.move.line", string="Journal Item", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection([("out_invoice", "Invoice"), ("out_refund", "Credit Note")], readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    categ_id = fields.Many2one("product.category", string="Direction", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    amount = fields.Monetary(string="Income", readonly=True)
    paid_amount = fields.Monetary(string="Paid", readonly=True)
    debt_amount = fields.Monetary(string="Debt", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id, l.id AS line_id, l.date, l.company_id, l.company_currency_id AS currency_id, l.move_id,
                   m.move_type, m.dental_patient_id AS patient_id, l.dental_doctor_id AS doctor_id, l.product_id,
                   pt.categ_id,
                   CASE WHEN m.move_type = 'out_refund' THEN -l.quantity ELSE l.quantity END AS quantity,
                   -l.balance AS amount,
                   -l.balance * s.paid_share AS paid_amount,
                   -l.balance * (1 - s.paid_share) AS debt_amount
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              LEFT JOIN product_product pp ON pp.id = l.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
             CROSS JOIN LATERAL (
                 SELECT CASE WHEN m.amount_total_signed = 0 THEN 1.0
                             ELSE 1.0 - m.amount_residual_signed / m.amount_total_signed END AS paid_share
             ) s
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.dental_patient_id IS NOT NULL
               AND l.display_type = 'product'
               AND %(days)s
            """,
            days=self._dental_days_sql(SQL("l.date")),
        )
