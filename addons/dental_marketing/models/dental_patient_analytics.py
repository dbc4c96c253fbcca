from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from odoo.addons.dental_patient.models.dental_server_fields import is_server_write

# Marketing money (budgets, costs, revenue, LTV, CLV): Directors and coordinators (issue 23).
MARKETING_MONEY = "dental_patient.group_director,dental_patient.group_coordinator,base.group_system"


class DentalPatient(models.Model):
    """Acquisition of a patient (issue 23): first completed visit, referrer, advertising campaign, LTV.

    Kept apart from ``dental_patient.py`` (recalls, birthdays) so each part of the addon reads on its own."""

    _inherit = "dental.patient"

    dental_first_visit_date = fields.Date(
        string="First Visit",
        readonly=True,
        copy=False,
        index=True,
        help="Day of the first completed visit (the patient's first consultation): the month the patient was "
        "acquired by the marketing channel. Set by the server when a visit is completed, never by hand.",
    )
    dental_referrer_id = fields.Many2one(
        "dental.patient",
        string="Referred By",
        index="btree_not_null",
        tracking=True,
        help="The patient who recommended the clinic (counted in the referral share).",
    )
    dental_campaign_id = fields.Many2one(
        "utm.campaign",
        string="Advertising Campaign",
        index="btree_not_null",
        tracking=True,
        help="Campaign that brought the patient; empty: the campaign of the patient's first lead.",
    )
    dental_revenue = fields.Monetary(
        string="Revenue to Date",
        compute="_compute_dental_ltv",
        currency_field="currency_id",
        groups=MARKETING_MONEY,
        help="Posted invoices less refunds, without taxes, in the branches of the user.",
    )
    dental_acquisition_cost = fields.Monetary(
        string="Acquisition Cost",
        compute="_compute_dental_ltv",
        currency_field="currency_id",
        groups=MARKETING_MONEY,
        help="The channel's cost per patient in the month of the first visit: the channel's budget of the branch "
        "for that month divided by the patients it brought then.",
    )
    dental_ltv = fields.Monetary(
        string="LTV",
        compute="_compute_dental_ltv",
        currency_field="currency_id",
        groups=MARKETING_MONEY,
        help="Lifetime value to date: revenue to date less the acquisition cost.",
    )

    @api.constrains("dental_referrer_id")
    def _check_dental_referrer_id(self):
        if any(patient.dental_referrer_id == patient for patient in self):
            raise ValidationError(_("A patient cannot refer themselves."))

    @api.model_create_multi
    def create(self, vals_list):
        if not is_server_write(self.env, self._name) and (
            any(vals.get("dental_first_visit_date") for vals in vals_list)
            or self.env.context.get("default_dental_first_visit_date")
        ):
            self._dental_refuse_first_visit()
        return super().create(vals_list)

    def write(self, vals):
        # The acquisition month feeds the channels' costs per patient and the LTV: only the completion of a visit
        # (server code, dental.server.fields' token) and the installation's fill set it, not a client's RPC.
        if "dental_first_visit_date" in vals and not is_server_write(self.env, self._name):
            day = fields.Date.to_date(vals["dental_first_visit_date"])
            if any(patient.dental_first_visit_date != day for patient in self):
                self._dental_refuse_first_visit()
        return super().write(vals)

    def _dental_refuse_first_visit(self):
        raise AccessError(_("The first visit of a patient is set when their first visit is completed."))

    def _compute_dental_ltv(self):
        # sudo: figures of the patients the caller reads (the fields carry MARKETING_MONEY); the analytics view's
        # rows of those patients and of their channels' budgets, in the patients' own branches only
        Analytics = self.env["dental.marketing.analytics"].sudo()
        patients = self.filtered("id")
        revenue = dict(Analytics._read_group([("patient_id", "in", patients.ids)], ["patient_id"], ["revenue:sum"]))
        keys = {
            (patient.company_id.id, patient.source_id.id, patient.dental_first_visit_date.replace(day=1))
            for patient in patients
            if patient.source_id and patient.dental_first_visit_date
        }
        unit_cost = {}
        if keys:
            groups = Analytics._read_group(
                [
                    ("company_id", "in", list({key[0] for key in keys})),
                    ("source_id", "in", list({key[1] for key in keys})),
                    ("date", ">=", min(key[2] for key in keys)),
                    ("date", "<", max(key[2] for key in keys) + relativedelta(months=1)),
                ],
                ["company_id", "source_id", "date:month"],
                ["budget:sum", "patient_count:sum"],
            )
            for company, source, month, budget, count in groups:
                unit_cost[(company.id, source.id, month)] = budget / count if count else 0.0
        for patient in self:
            first = patient.dental_first_visit_date
            key = (patient.company_id.id, patient.source_id.id, first.replace(day=1)) if first else None
            patient.dental_revenue = revenue.get(patient._origin, 0.0)
            patient.dental_acquisition_cost = unit_cost.get(key, 0.0)
            patient.dental_ltv = patient.dental_revenue - patient.dental_acquisition_cost

    @api.model
    def _dental_fill_first_visits(self):
        """Set the first visit of the patients with a completed visit and none recorded (the branch's local
        day of the earliest one): on installation, and for data loaded without the ORM (scripts/dental_bench)."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE dental_patient p SET dental_first_visit_date = f.day
                  FROM (SELECT e.patient_id,
                               MIN(timezone(COALESCE(rc.tz, 'UTC'), e.start AT TIME ZONE 'UTC'))::date AS day
                          FROM calendar_event e
                          JOIN res_company c ON c.id = e.company_id
                          LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
                         WHERE e.patient_id IS NOT NULL AND e.dental_state = 'completed' AND e.active
                         GROUP BY e.patient_id) f
                 WHERE p.id = f.patient_id AND p.dental_first_visit_date IS NULL
                """
            )
        )
        self.invalidate_model(["dental_first_visit_date"])

    def init(self):
        res = super().init()
        self._dental_fill_first_visits()
        return res
