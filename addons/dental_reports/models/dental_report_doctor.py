from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

# income of a doctor in a month below which the row is red, and from which it is green (yellow between);
# system parameters, read by the view at each query (seed: red up to 100,000 ₽, green above 300,000 ₽)
RED_BELOW_PARAM = "dental_reports.doctor_income_red_below"
GREEN_FROM_PARAM = "dental_reports.doctor_income_green_from"


class DentalReportDoctor(models.Model):
    """Doctors' income and balance per month and branch: services rendered (income), what of it is paid and what
    is owed, patients and invoices, and the average check, with the seed's colour by the month's income.

    Built on the services rendered (one group per doctor, branch and month), so its sums are that report's."""

    _name = "dental.report.doctor"
    _inherit = ["dental.report.mixin"]
    _description = "Doctors' Income"
    _auto = False
    _order = "month desc, amount desc"
    _rec_name = "doctor_id"
    _dental_source_model = "account.move.line"
    _dental_source_field = "doctor_id"
    _dental_month_field = "month"
    _dental_xlsx_columns = (
        "month",
        "company_id",
        "doctor_id",
        "job_id",
        "patient_count",
        "invoice_count",
        "amount",
        "paid_amount",
        "debt_amount",
        "average_check",
        "level",
    )

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    job_id = fields.Many2one("hr.job", string="Profession", readonly=True)
    patient_count = fields.Integer(string="Patients", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    amount = fields.Monetary(string="Income", readonly=True)
    paid_amount = fields.Monetary(string="Paid", readonly=True)
    debt_amount = fields.Monetary(string="Debt", readonly=True)
    average_check = fields.Monetary(
        readonly=True, aggregator="avg", help="Income per invoice (in groups: their income over their invoices)."
    )
    level = fields.Selection(
        [("red", "Below Target"), ("yellow", "Near Target"), ("green", "On Target")],
        string="Income Level",
        readonly=True,
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT MIN(x.line_id) AS id, x.month, x.company_id,
                   MIN(x.currency_id) AS currency_id, x.doctor_id, MIN(emp.job_id) AS job_id,
                   COUNT(DISTINCT x.patient_id) AS patient_count, COUNT(*) AS invoice_count,
                   SUM(x.amount) AS amount, SUM(x.paid_amount) AS paid_amount, SUM(x.debt_amount) AS debt_amount,
                   SUM(x.amount) / NULLIF(COUNT(*), 0) AS average_check,
                   CASE WHEN SUM(x.amount) < COALESCE(t.red_below, 100000) THEN 'red'
                        WHEN SUM(x.amount) < COALESCE(t.green_from, 300000) THEN 'yellow'
                        ELSE 'green' END AS level
              FROM (
                  -- one row per invoice of a doctor (hashed, no sort): the month's invoices are then its rows
                  SELECT MIN(s.line_id) AS line_id, date_trunc('month', s.date)::date AS month, s.company_id,
                         s.doctor_id, s.move_id, MIN(s.patient_id) AS patient_id, MIN(s.currency_id) AS currency_id,
                         SUM(s.amount) AS amount, SUM(s.paid_amount) AS paid_amount, SUM(s.debt_amount) AS debt_amount
                    FROM (%(services)s) s
                   GROUP BY date_trunc('month', s.date), s.company_id, s.doctor_id, s.move_id
              ) x
              JOIN hr_employee emp ON emp.id = x.doctor_id
             CROSS JOIN (
                 SELECT (SELECT value::numeric FROM ir_config_parameter WHERE key = %(red)s) AS red_below,
                        (SELECT value::numeric FROM ir_config_parameter WHERE key = %(green)s) AS green_from
             ) t
             GROUP BY x.month, x.company_id, x.doctor_id, t.red_below, t.green_from
            """,
            services=self.env["dental.report.service"]._table_query,
            red=RED_BELOW_PARAM,
            green=GREEN_FROM_PARAM,
        )

    def _read_group_select(self, aggregate_spec, query):
        # the average check of a group is its income over its invoices, not the mean of the months' checks
        if aggregate_spec == "average_check:avg":
            return SQL(
                "SUM(%s) / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, "amount", query),
                self._field_to_sql(self._table, "invoice_count", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _dental_source_domain(self, domain):
        """The service lines of the doctors, branches and months of the rows of ``domain``."""
        groups = self._read_group(domain, ["doctor_id", "company_id", "month:month"], [])
        Service = self.env["dental.report.service"]
        if not groups:
            return [("id", "in", [])]
        clauses = [
            [
                ("doctor_id", "=", doctor.id),
                ("company_id", "=", company.id),
                ("date", ">=", month),
                ("date", "<", fields.Date.add(month, months=1)),
            ]
            for doctor, company, month in groups
        ]
        return Service._dental_source_domain(expression.OR(clauses))

    def action_dental_open_row(self):
        self.ensure_one()
        return self.action_dental_open_source([("id", "=", self.id)])
