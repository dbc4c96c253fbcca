from odoo import fields, models
from odoo.tools import SQL


class DentalCoordinatorPipeline(models.Model):
    """The patients a coordinator leads (seed «Coordinators»), one row per active patient with a coordinator:
    stage in the clinic, first consultation, next visit, next call, approved plans and what was paid.

    Stages, each implying the ones before: **new** (no completed visit yet) → **consulted** (a completed visit,
    the first one being the first consultation) → **plan approved** (an approved treatment plan) → **paid** (some
    of the patient's invoices paid). The conversion report (seed «Coordinators. Reports») groups the rows by
    coordinator and month of the first consultation; its ratios come from the sums of each group
    (``dental.analytics.ratio.mixin``): plan rate = plans / consulted, payment rate = paid / plans,
    conversion = paid / consulted, average plan = plan amount / plans.

    Plans and payments are those of the caller's branches (``self.env.companies``).
    Coordinators read their own rows only, Directors every row of their branches (record rules).
    """

    _name = "dental.coordinator.pipeline"
    _inherit = ["dental.analytics.ratio.mixin"]
    _description = "Coordinator Pipeline"
    _auto = False
    _order = "next_visit, patient_id"
    _rec_name = "patient_id"
    _dental_ratios = {
        "plan_rate": ("plan_count", "consulted_count", 100.0),
        "paid_rate": ("paid_count", "plan_count", 100.0),
        "conversion": ("paid_count", "consulted_count", 100.0),
        "average_plan": ("plan_amount", "plan_count", 1.0),
    }

    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    coordinator_id = fields.Many2one("res.users", string="Coordinator", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Attending Doctor", readonly=True)
    phone = fields.Char(readonly=True)
    stage = fields.Selection(
        [("new", "New"), ("consulted", "Consulted"), ("plan", "Plan Approved"), ("paid", "Paid")],
        string="Stage in the Clinic",
        readonly=True,
    )
    first_visit_date = fields.Date(string="First Consultation", readonly=True)
    next_visit = fields.Datetime(readonly=True)
    next_call = fields.Date(readonly=True, help="Deadline of the next call activity planned on the patient.")
    plan_amount = fields.Float(string="Plan Amount", readonly=True, digits=(16, 2))
    paid_amount = fields.Float(string="Paid", readonly=True, digits=(16, 2))
    patient_count = fields.Integer(string="Patients", readonly=True)
    consulted_count = fields.Integer(string="Consulted", readonly=True)
    plan_count = fields.Integer(string="Plans Approved", readonly=True)
    paid_count = fields.Integer(string="Paid Patients", readonly=True)
    plan_rate = fields.Float(string="Plan Rate (%)", readonly=True, aggregator="avg", digits=(16, 2))
    paid_rate = fields.Float(string="Payment Rate (%)", readonly=True, aggregator="avg", digits=(16, 2))
    conversion = fields.Float(string="Conversion (%)", readonly=True, aggregator="avg", digits=(16, 2))
    average_plan = fields.Float(string="Average Plan", readonly=True, aggregator="avg", digits=(16, 2))

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id, p.id AS patient_id, p.coordinator_id, p.company_id, p.doctor_id,
                   COALESCE(r.mobile, r.phone) AS phone, p.dental_first_visit_date AS first_visit_date,
                   nv.next_visit, nc.next_call,
                   COALESCE(pl.plan_amount, 0.0) AS plan_amount, COALESCE(pa.paid, 0.0) AS paid_amount,
                   CASE WHEN COALESCE(pa.paid, 0) > 0 THEN 'paid' WHEN pl.plan_amount IS NOT NULL THEN 'plan'
                        WHEN p.dental_first_visit_date IS NOT NULL THEN 'consulted' ELSE 'new' END AS stage,
                   1 AS patient_count,
                   CASE WHEN p.dental_first_visit_date IS NULL THEN 0 ELSE 1 END AS consulted_count,
                   CASE WHEN pl.plan_amount IS NULL THEN 0 ELSE 1 END AS plan_count,
                   CASE WHEN COALESCE(pa.paid, 0) > 0 THEN 1 ELSE 0 END AS paid_count,
                   NULL::float AS plan_rate, NULL::float AS paid_rate, NULL::float AS conversion,
                   NULL::float AS average_plan
              FROM dental_patient p
              JOIN res_partner r ON r.id = p.partner_id
              LEFT JOIN LATERAL (
                  SELECT MIN(e.start) AS next_visit FROM calendar_event e
                   WHERE e.patient_id = p.id AND e.active AND e.dental_state IN ('scheduled', 'confirmed')
                     AND e.start >= %(now)s
              ) nv ON TRUE
              LEFT JOIN LATERAL (
                  SELECT MIN(a.date_deadline) AS next_call FROM mail_activity a
                    JOIN mail_activity_type t ON t.id = a.activity_type_id
                   WHERE a.res_model = 'dental.patient' AND a.res_id = p.id AND t.category = 'phonecall'
              ) nc ON TRUE
              LEFT JOIN LATERAL (
                  SELECT SUM(s.amount_untaxed) AS plan_amount FROM sale_order s
                   WHERE s.patient_id = p.id AND s.is_treatment_plan AND s.state = 'sale' AND s.company_id = ANY(%(companies)s)
              ) pl ON TRUE
              LEFT JOIN LATERAL (
                  SELECT SUM(m.amount_total_signed - m.amount_residual_signed) AS paid FROM account_move m
                   WHERE m.dental_patient_id = p.id AND m.company_id = ANY(%(companies)s) AND m.state = 'posted'
                     AND m.move_type IN ('out_invoice', 'out_refund')
              ) pa ON TRUE
             WHERE p.coordinator_id IS NOT NULL AND p.active
            """,
            companies=self.env.companies.ids,
            now=fields.Datetime.now(),
        )

    def action_dental_open_patient(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dental.patient",
            "res_id": self.patient_id.id,
            "views": [(False, "form")],
            "target": "current",
        }
