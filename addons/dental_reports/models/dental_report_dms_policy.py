from odoo import fields, models
from odoo.tools import SQL


class DentalReportDmsPolicy(models.Model):
    """ДМС policies by state (seed "Отчёты. ДМС", filter by the policy's type: active, inactive, any): one row per
    policy with its state today (valid, not yet valid, expired, inactive), its yearly limit, what the insurer pays
    for its services in the current policy year and the limit left, as ``dental.insurance.policy`` computes them.

    The consumed amount adds up the policy's services of every branch, as the policy's own limit does (the limit
    holds for the patient whatever branch treated them); the row itself is the policy's branch's.
    """

    _name = "dental.report.dms.policy"
    _inherit = ["dental.report.mixin"]
    _description = "ДМС Policies by State"
    _auto = False
    _order = "date_start desc, id desc"
    _rec_name = "policy_id"
    _dental_source_model = "dental.insurance.policy"
    _dental_source_field = "policy_id"
    _dental_xlsx_columns = (
        "policy_id",
        "company_id",
        "patient_id",
        "insurer_id",
        "contract_id",
        "date_start",
        "date_end",
        "state",
        "limit_year",
        "consumed_amount",
        "remaining_amount",
        "limit_state",
        "service_count",
    )

    policy_id = fields.Many2one("dental.insurance.policy", string="Policy", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    insurer_id = fields.Many2one("res.partner", string="Insurer", readonly=True)
    contract_id = fields.Many2one("dental.dms.contract", string="Programme", readonly=True)
    date_start = fields.Date(string="Valid From", readonly=True)
    date_end = fields.Date(string="Valid To", readonly=True)
    state = fields.Selection(
        [("valid", "Valid"), ("future", "Not Yet Valid"), ("expired", "Expired"), ("inactive", "Inactive")],
        readonly=True,
    )
    limit_year = fields.Monetary(string="Yearly Limit", readonly=True)
    consumed_amount = fields.Monetary(string="Consumed This Policy Year", readonly=True)
    remaining_amount = fields.Monetary(string="Remaining Limit", readonly=True)
    limit_state = fields.Selection(
        [("none", "No Limit"), ("within", "Within the Limit"), ("consumed", "Limit Consumed")],
        string="Limit",
        readonly=True,
    )
    service_count = fields.Integer(string="Services", readonly=True)

    @property
    def _table_query(self):
        # the policy year of today: from the last anniversary of the start (age() counts years as relativedelta)
        return SQL(
            """
            SELECT p.id, p.id AS policy_id, p.company_id, c.currency_id, p.patient_id, p.insurer_id, p.contract_id,
                   p.date_start, p.date_end,
                   CASE WHEN NOT p.active THEN 'inactive'
                        WHEN CURRENT_DATE < p.date_start THEN 'future'
                        WHEN CURRENT_DATE > p.date_end THEN 'expired'
                        ELSE 'valid' END AS state,
                   COALESCE(k.limit_year, 0) AS limit_year,
                   u.consumed AS consumed_amount,
                   CASE WHEN COALESCE(k.limit_year, 0) > 0 THEN GREATEST(k.limit_year - u.consumed, 0)
                        ELSE 0 END AS remaining_amount,
                   CASE WHEN COALESCE(k.limit_year, 0) = 0 THEN 'none'
                        WHEN u.consumed >= k.limit_year THEN 'consumed'
                        ELSE 'within' END AS limit_state,
                   u.service_count
              FROM dental_insurance_policy p
              JOIN res_company c ON c.id = p.company_id
              LEFT JOIN dental_dms_contract k ON k.id = p.contract_id
             CROSS JOIN LATERAL (
                 SELECT CASE WHEN CURRENT_DATE >= p.date_start
                             THEN (p.date_start + make_interval(
                                      years => EXTRACT(YEAR FROM age(CURRENT_DATE, p.date_start))::int))::date
                             ELSE p.date_start END AS year_start
             ) y
             CROSS JOIN LATERAL (
                 SELECT COALESCE(SUM(s.amount_insurer) FILTER (
                            WHERE s.date >= y.year_start
                              AND s.date <= (y.year_start + INTERVAL '1 year' - INTERVAL '1 day')::date), 0
                        ) AS consumed,
                        COUNT(s.id) AS service_count
                   FROM dental_dms_service s
                  WHERE s.policy_id = p.id
             ) u
            """
        )
