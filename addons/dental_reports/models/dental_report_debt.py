from odoo import fields, models
from odoo.tools import SQL


class DentalReportDebt(models.Model):
    """Debtors: every posted patient invoice still open today, with what is owed and for how long."""

    _name = "dental.report.debt"
    _inherit = ["dental.report.mixin"]
    _description = "Debtors"
    _auto = False
    _order = "invoice_date, id"
    _rec_name = "move_id"
    _dental_source_model = "account.move"
    _dental_source_field = "move_id"
    _dental_xlsx_columns = (
        "invoice_date",
        "invoice_date_due",
        "company_id",
        "move_id",
        "patient_id",
        "amount_total",
        "amount_residual",
        "days_overdue",
    )

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    invoice_date = fields.Date(readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    amount_total = fields.Monetary(string="Invoiced", readonly=True)
    amount_residual = fields.Monetary(string="Owed", readonly=True)
    days_overdue = fields.Integer(string="Days Overdue", readonly=True, aggregator="max")

    @property
    def _table_query(self):
        # the age is counted from the database's CURRENT_DATE at each read: nothing stored goes stale
        return SQL(
            """
            SELECT m.id, m.id AS move_id, m.invoice_date, m.invoice_date_due, m.company_id, c.currency_id,
                   m.dental_patient_id AS patient_id, m.amount_total_signed AS amount_total,
                   m.amount_residual_signed AS amount_residual,
                   GREATEST(CURRENT_DATE - m.invoice_date_due, 0) AS days_overdue
              FROM account_move m
              JOIN res_company c ON c.id = m.company_id
             WHERE m.state = 'posted'
               AND m.move_type = 'out_invoice'
               AND m.dental_patient_id IS NOT NULL
               AND m.amount_residual_signed > 0
            """
        )
