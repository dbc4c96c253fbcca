from odoo import _, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL


class DentalReportArea(models.Model):
    """Income per m² of the branches (seed 001 updates: "Доход на квадратный метр"): one row per branch and month
    from the first month with income to the current one, with the branch's income of the month (as in the
    services rendered report) and its area (``res.company.dental_area``).

    The income per m² of any group is its income over the area of its branches, summed over the group first
    (``_read_group_select``): every branch has a row in every month, so the area of a group is its rows' area over
    its number of months.
    """

    _name = "dental.report.area"
    _inherit = ["dental.report.mixin"]
    _description = "Income per m²"
    _auto = False
    _order = "date desc, company_id"
    _rec_name = "company_id"
    _dental_source_model = "account.move.line"
    _dental_month_field = "date"
    _dental_xlsx_columns = ("date", "company_id", "area", "amount", "amount_per_m2")

    date = fields.Date(string="Month", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    area = fields.Float(string="Area (m²)", digits=(16, 1), readonly=True, aggregator="max")
    amount = fields.Monetary(string="Income", readonly=True)
    amount_per_m2 = fields.Monetary(string="Income per m²", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            WITH income AS (
                SELECT l.company_id, date_trunc('month', l.date)::date AS month, SUM(-l.balance) AS amount
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                 WHERE m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.dental_patient_id IS NOT NULL
                   AND l.display_type = 'product'
                   AND %(days)s
                 GROUP BY 1, 2
            ), first_income AS (
                -- the first month with income, of all time (a search's days only narrow the months summed)
                SELECT date_trunc('month', l.date)::date AS month
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                 WHERE m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.dental_patient_id IS NOT NULL
                   AND l.display_type = 'product'
                 ORDER BY l.date
                 LIMIT 1
            )
            SELECT c.id * 100000 + EXTRACT(YEAR FROM g.month)::int * 12 + EXTRACT(MONTH FROM g.month)::int AS id,
                   g.month::date AS date, c.id AS company_id, c.currency_id, COALESCE(c.dental_area, 0) AS area,
                   COALESCE(i.amount, 0) AS amount,
                   COALESCE(i.amount, 0) / NULLIF(c.dental_area, 0) AS amount_per_m2
              FROM res_company c
             CROSS JOIN generate_series(
                       (SELECT month FROM first_income), date_trunc('month', CURRENT_DATE), INTERVAL '1 month'
                   ) g(month)
              LEFT JOIN income i ON i.company_id = c.id AND i.month = g.month::date
            """,
            days=self._dental_days_sql(SQL("l.date")),
        )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "amount_per_m2:avg":
            return SQL(
                "SUM(%s) / NULLIF(SUM(%s) / COUNT(DISTINCT %s), 0)",
                self._field_to_sql(self._table, "amount", query),
                self._field_to_sql(self._table, "area", query),
                self._field_to_sql(self._table, "date", query),
            )
        if aggregate_spec == "area:max":
            # the area of a group: its branches' areas (each branch counted once: its rows over its months)
            return SQL(
                "SUM(%s) / NULLIF(COUNT(DISTINCT %s), 0)",
                self._field_to_sql(self._table, "area", query),
                self._field_to_sql(self._table, "date", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _dental_source_domain(self, domain):
        """The service lines of the months and branches of ``domain`` (through the services rendered report)."""
        terms = []
        for company, month in self._read_group(domain, ["company_id", "date:month"]):
            last = fields.Date.end_of(month, "month")
            terms.append([("company_id", "=", company.id), ("date", ">=", month), ("date", "<=", last)])
        if not terms:
            return [("id", "in", [])]
        return self.env["dental.report.service"]._dental_source_domain(expression.OR(terms))

    def action_dental_open_row(self):
        self.ensure_one()
        return {
            **self.action_dental_open_source([("id", "=", self.id)]),
            "name": _("Income of %(branch)s", branch=self.company_id.display_name),
        }
