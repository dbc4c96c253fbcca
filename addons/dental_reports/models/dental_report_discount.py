from odoo import fields, models
from odoo.tools import SQL


class DentalReportDiscount(models.Model):
    """Discounts given (seed "Отчёты. Скидки"): one row per discounted service line of a posted patient invoice
    or credit note (a credit note's rows are negative), with its programme (none: a manual discount), the income
    after the discount and the discount itself, in the company currency, dated by the journal item.

    The discount is computed from the line's income: income × discount % / (100 − discount %), so a line's
    income plus its discount is its price before the discount; a line discounted 100 % has no income to start
    from and counts its unit price × quantity.
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
    discount = fields.Float(string="Discount (%)", digits="Discount", readonly=True, aggregator="avg")
    amount = fields.Monetary(string="Income", readonly=True)
    discount_amount = fields.Monetary(string="Discount", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id, l.id AS line_id, l.date, l.company_id, l.company_currency_id AS currency_id,
                   l.dental_discount_program_id AS program_id, l.move_id, m.dental_patient_id AS patient_id,
                   l.dental_doctor_id AS doctor_id, l.product_id, l.discount,
                   -l.balance AS amount,
                   CASE WHEN l.discount >= 100
                        THEN l.price_unit * l.quantity * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
                        ELSE -l.balance * l.discount / (100 - l.discount)
                   END AS discount_amount
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.dental_patient_id IS NOT NULL
               AND l.display_type = 'product'
               AND l.discount > 0
            """
        )
