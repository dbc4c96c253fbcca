from odoo import fields, models
from odoo.tools import SQL

# The revenue of a patient: their posted customer invoices less refunds, without taxes, in the caller's branches.
PATIENT_REVENUE = """
    SELECT SUM(m.amount_untaxed_signed) AS revenue
      FROM account_move m
     WHERE m.dental_patient_id = p.id AND m.company_id = ANY(%(companies)s) AND m.state = 'posted'
       AND m.move_type IN ('out_invoice', 'out_refund')
"""


class DentalMarketingAnalytics(models.Model):
    """Channel and campaign analytics (seed «Marketing. Channels», «Marketing. Campaigns»), one SQL view of three
    kinds of rows, so that any grouping (month, year, branch, channel, campaign) adds them up in one query:

    - a **patient** acquired: dated by the first completed visit (``dental.patient.dental_first_visit_date``),
      with the patient's channel, campaign (the card's, else the campaign of the patient's first lead), referral
      flag and revenue to date (posted invoices less refunds, untaxed, of the caller's branches);
    - a **budget** of a channel for a month (``dental.marketing.budget``);
    - a **cost** of a campaign (``dental.marketing.cost``).

    Ratios are computed from the sums of each group (``dental.analytics.ratio.mixin``):
    cost per patient = budget / patients; acquisition cost = campaign costs / patients;
    average revenue = revenue / patients; profit = revenue − campaign costs; ROI = 100 × profit / campaign costs;
    referral share = 100 × referred patients / patients.
    """

    _name = "dental.marketing.analytics"
    _inherit = ["dental.analytics.ratio.mixin"]
    _description = "Marketing Analytics"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "date"
    _dental_ratios = {
        "cost_per_patient": ("budget", "patient_count", 1.0),
        "acquisition_cost": ("cost", "patient_count", 1.0),
        "average_revenue": ("revenue", "patient_count", 1.0),
        "roi": ("profit", "cost", 100.0),
        "referral_share": ("referral_count", "patient_count", 100.0),
    }

    kind = fields.Selection(
        [("patient", "Patient Acquired"), ("budget", "Channel Budget"), ("cost", "Campaign Cost")], readonly=True
    )
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    source_id = fields.Many2one("utm.source", string="Marketing Channel", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", string="Campaign", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    budget = fields.Float(readonly=True, digits=(16, 2))
    cost = fields.Float(string="Campaign Costs", readonly=True, digits=(16, 2))
    patient_count = fields.Integer(string="Patients Acquired", readonly=True)
    referral_count = fields.Integer(string="Referred by a Patient", readonly=True)
    revenue = fields.Float(
        string="Total Revenue", readonly=True, digits=(16, 2), help="Revenue to date of the patients acquired."
    )
    profit = fields.Float(readonly=True, digits=(16, 2), help="Revenue less campaign costs.")
    cost_per_patient = fields.Float(
        string="Cost per Patient", readonly=True, aggregator="avg", digits=(16, 2), help="Channel budget / patients."
    )
    acquisition_cost = fields.Float(
        readonly=True, aggregator="avg", digits=(16, 2), help="Campaign costs / patients acquired."
    )
    average_revenue = fields.Float(readonly=True, aggregator="avg", digits=(16, 2), help="Revenue / patients.")
    roi = fields.Float(
        string="ROI (%)", readonly=True, aggregator="avg", digits=(16, 2), help="100 × profit / campaign costs."
    )
    referral_share = fields.Float(
        string="Referral Share (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="100 × patients referred by another patient / patients acquired.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id * 3 AS id, 'patient' AS kind, p.dental_first_visit_date AS date, p.company_id,
                   p.source_id, COALESCE(p.dental_campaign_id, l.campaign_id) AS campaign_id, p.id AS patient_id,
                   0.0 AS budget, 0.0 AS cost, 1 AS patient_count,
                   CASE WHEN p.dental_referrer_id IS NULL THEN 0 ELSE 1 END AS referral_count,
                   COALESCE(r.revenue, 0.0) AS revenue, COALESCE(r.revenue, 0.0) AS profit,
                   NULL::float AS cost_per_patient, NULL::float AS acquisition_cost, NULL::float AS average_revenue,
                   NULL::float AS roi, NULL::float AS referral_share
              FROM dental_patient p
              LEFT JOIN LATERAL (%(revenue)s) r ON TRUE
              LEFT JOIN LATERAL (
                  SELECT campaign_id FROM crm_lead
                   WHERE dental_patient_id = p.id AND campaign_id IS NOT NULL AND p.dental_campaign_id IS NULL
                   ORDER BY id LIMIT 1
              ) l ON TRUE
             WHERE p.dental_first_visit_date IS NOT NULL
            UNION ALL
            SELECT b.id * 3 + 1, 'budget', b.date, b.company_id, b.source_id, NULL, NULL,
                   b.amount, 0.0, 0, 0, 0.0, 0.0, NULL, NULL, NULL, NULL, NULL
              FROM dental_marketing_budget b
            UNION ALL
            SELECT c.id * 3 + 2, 'cost', c.date, c.company_id, c.source_id, c.campaign_id, NULL,
                   0.0, c.amount, 0, 0, 0.0, -c.amount, NULL, NULL, NULL, NULL, NULL
              FROM dental_marketing_cost c
            """,
            revenue=SQL(PATIENT_REVENUE, companies=self.env.companies.ids),
        )
