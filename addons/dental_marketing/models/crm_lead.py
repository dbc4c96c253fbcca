from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """A lead of a dental team: a new or returning patient asking for a visit.

    Native leads (teams without ``is_dental``) keep Odoo's CRM: every dental rule below checks
    ``is_dental_lead`` first.
    """

    _inherit = "crm.lead"

    is_dental_lead = fields.Boolean(
        string="Dental Lead", compute="_compute_is_dental_lead", store=True, index=True, readonly=True
    )
    dental_patient_id = fields.Many2one(
        "dental.patient", string="Patient", index="btree_not_null", tracking=True, copy=False
    )
    dental_lead_kind = fields.Selection(
        [("new", "New Patient"), ("returning", "Returning Patient")],
        string="Patient Kind",
        compute="_compute_dental_lead_kind",
        store=True,
    )
    dental_service_ids = fields.Many2many(
        "product.product",
        "crm_lead_dental_service_rel",
        "lead_id",
        "product_id",
        string="Services of Interest",
        domain=[("type", "=", "service")],
    )
    dental_appointment_id = fields.Many2one(
        "calendar.event", string="Appointment", copy=False, readonly=True, index="btree_not_null"
    )
    dental_channel_id = fields.Many2one(
        "dental.marketing.channel", string="Inbound Channel", copy=False, readonly=True, index="btree_not_null"
    )
    dental_external_key = fields.Char(
        string="External ID", copy=False, readonly=True, help="The id the channel gave the request."
    )
    dental_stale = fields.Boolean(
        string="Stale",
        copy=False,
        readonly=True,
        help="Left in an open stage longer than the branch's threshold: handed to the team leader.",
    )
    dental_stage_color = fields.Integer(related="stage_id.dental_color")

    _sql_constraints = [
        (
            "dental_external_key_unique",
            "UNIQUE(dental_channel_id, dental_external_key)",
            "This request of the channel is already a lead.",
        )
    ]

    @api.depends("team_id.is_dental")
    def _compute_is_dental_lead(self):
        for lead in self:
            lead.is_dental_lead = lead.team_id.is_dental

    @api.depends("dental_patient_id", "is_dental_lead")
    def _compute_dental_lead_kind(self):
        for lead in self:
            if not lead.is_dental_lead:
                lead.dental_lead_kind = False
            elif lead.dental_patient_id and lead.dental_patient_id.last_visit_date:
                lead.dental_lead_kind = "returning"
            else:
                lead.dental_lead_kind = lead.dental_lead_kind or "new"

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # The clinic's funnel (context key of its action) shows the dental teams' stages, not Odoo's shared ones.
        if self.env.context.get("dental_funnel"):
            # one team's funnel (the funnel builder's "Open Funnel"), else every dental team's stages
            team_id = self.env.context.get("dental_team_id")
            funnel = [("team_id", "=", team_id)] if team_id else [("team_id.is_dental", "=", True)]
            dental = stages.sudo().search(["|", ("id", "in", stages.ids), *funnel])
            return stages.browse(dental.ids)
        return super()._read_group_stage_ids(stages, domain)

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        # a dental team with its own funnel (funnel builder) puts its leads in its own stages, never in Odoo's
        # shared ones (a new team's first stage may have the same sequence as Odoo's "New")
        team = self.env["crm.team"].browse(team_id) if team_id else self.team_id
        if len(team) == 1 and team.is_dental:
            stages = self.env["crm.stage"].search(
                [("team_id", "=", team.id), *(domain or [])], order=order, limit=limit
            )
            if stages:
                return stages
        return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)

    def write(self, vals):
        # a person acting on a stale lead (a new stage or responsible) takes it up again
        # (only when one of them is stale: native leads' writes stay as they are)
        if (
            {"stage_id", "user_id"} & set(vals)
            and not self.env.context.get("dental_stale_cron")
            and any(lead.dental_stale for lead in self)
        ):
            vals = dict(vals, dental_stale=False)
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_dental_convert(self):
        """The conversion dialog: patient (existing or new, through the duplicate guard) and appointment."""
        self.ensure_one()
        if not self.is_dental_lead:
            raise UserError(_("Only a dental team's lead is converted to a patient."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Convert to Patient"),
            "res_model": "dental.lead.convert",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_dental_open_patient(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dental.patient",
            "res_id": self.dental_patient_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ business methods
    def _dental_patient_vals(self):
        """Values of a new patient card from the lead (name parts, phones, e-mail, channel, branch)."""
        self.ensure_one()
        Patient = self.env["dental.patient"]
        vals = Patient._split_name(self.contact_name or self.partner_name or self.name)
        vals.update(
            {
                "phone": self.phone or False,
                "email": self.email_from or False,
                "source_id": self.source_id.id,
                "company_id": (self.company_id or self.env.company).id,
            }
        )
        return vals

    def _dental_find_patients(self, vals=None):
        """Existing patients the lead is (the patient card's duplicate rule: same phone, or same name and
        birth date), under the caller's rights."""
        self.ensure_one()
        Patient = self.env["dental.patient"]
        vals = vals or self._dental_patient_vals()
        probe = Patient.new({key: value for key, value in vals.items() if key in Patient._fields})
        return Patient.search(probe._get_duplicate_domain(), limit=5)

    @api.model
    def _dental_stale_domain(self, company, now):
        return [
            ("is_dental_lead", "=", True),
            ("company_id", "in", [company.id, False]),
            ("dental_stale", "=", False),
            ("stage_id.dental_open", "=", True),
            ("stage_id.is_won", "=", False),
            ("date_last_stage_update", "<", now - timedelta(days=company.dental_lead_stale_days)),
        ]

    @api.model
    def _dental_cron_stale(self):
        """Flag the dental leads left too long in an open stage and hand them to their team's leader."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([("dental_lead_stale_days", ">", 0)]):
            leads = self.search(self._dental_stale_domain(company, now))
            leads._dental_mark_stale()

    def _dental_mark_stale(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for lead in self.with_context(dental_stale_cron=True):
            leader = lead.team_id.user_id
            vals = {"dental_stale": True}
            if leader and leader != lead.user_id:
                vals["user_id"] = leader.id
            lead.write(vals)
            responsible = lead.user_id or leader
            if responsible:
                lead.activity_schedule(
                    act_type_xmlid=todo.get_external_id()[todo.id],
                    summary=_("Stale lead: call the patient"),
                    user_id=responsible.id,
                )
