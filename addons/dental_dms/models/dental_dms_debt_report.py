from odoo import fields, models, tools


class DentalDmsDebtReport(models.Model):
    """The insurers' open registry invoices by age (days past due): what each insurer owes and since when."""

    _name = "dental.dms.debt.report"
    _description = "Insurer Debt by Age"
    _auto = False
    _order = "invoice_date_due, id"
    # the tables the view reads: their pending changes are written before it is queried
    _depends = {
        "account.move": [
            "dental_dms_registry",
            "state",
            "move_type",
            "amount_residual",
            "amount_residual_signed",
            "amount_total_signed",
            "invoice_date",
            "invoice_date_due",
            "commercial_partner_id",
            "company_id",
            "currency_id",
        ],
    }

    invoice_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    insurer_id = fields.Many2one("res.partner", string="Insurer", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    invoice_date = fields.Date(readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    amount_total = fields.Monetary(string="Invoiced", readonly=True)
    amount_residual = fields.Monetary(string="Owed", readonly=True)
    days_overdue = fields.Integer(string="Days Overdue", readonly=True)
    age = fields.Selection(
        [
            ("0_current", "Not Due"),
            ("1_30", "1-30 Days"),
            ("2_60", "31-60 Days"),
            ("3_90", "61-90 Days"),
            ("4_older", "Older than 90 Days"),
        ],
        readonly=True,
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the age is counted from today (CURRENT_DATE of the database) on each read: nothing stored goes stale
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT m.id AS id,
                       m.id AS invoice_id,
                       m.commercial_partner_id AS insurer_id,
                       m.company_id,
                       m.currency_id,
                       m.invoice_date,
                       m.invoice_date_due,
                       m.amount_total_signed AS amount_total,
                       m.amount_residual_signed AS amount_residual,
                       GREATEST(CURRENT_DATE - m.invoice_date_due, 0) AS days_overdue,
                       CASE
                           WHEN m.invoice_date_due >= CURRENT_DATE THEN '0_current'
                           WHEN CURRENT_DATE - m.invoice_date_due <= 30 THEN '1_30'
                           WHEN CURRENT_DATE - m.invoice_date_due <= 60 THEN '2_60'
                           WHEN CURRENT_DATE - m.invoice_date_due <= 90 THEN '3_90'
                           ELSE '4_older'
                       END AS age
                  FROM account_move m
                 WHERE m.dental_dms_registry
                   AND m.state = 'posted'
                   AND m.move_type = 'out_invoice'
                   AND m.amount_residual > 0
            )
            """
        )
