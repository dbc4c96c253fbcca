from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

DIRECTORS = "dental_patient.group_director,base.group_system"

# A posted customer invoice of the patient left to pay (index dental_account_move_open_invoice_idx, dental_cash).
OPEN_INVOICE = [("state", "=", "posted"), ("move_type", "=", "out_invoice"), ("amount_residual", ">", 0)]


class DentalMarketingCampaign(models.Model):
    """An SMS campaign to a segment of patients, sent through dental_sms's hook (consents, the preferred
    channel, quiet hours), with its results by attribution (``dental.marketing.message``)."""

    _name = "dental.marketing.campaign"
    _description = "Marketing Campaign"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    utm_campaign_id = fields.Many2one("utm.campaign", string="UTM Campaign", ondelete="set null")
    body = fields.Text(string="Message", help="The SMS text (e-mail campaigns use their e-mail template).")
    state = fields.Selection([("draft", "Draft"), ("sent", "Sent")], default="draft", readonly=True, tracking=True)
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    loyalty_program_id = fields.Many2one(
        "loyalty.program", string="Discount Programme", help="The promotion the campaign announces."
    )
    # ------------------------------------------------------------------ segment
    age_min = fields.Integer(string="Age From")
    age_max = fields.Integer(string="Age To", help="0: no upper bound.")
    gender = fields.Selection([("male", "Male"), ("female", "Female")])
    branch_ids = fields.Many2many("res.company", string="Branches", help="Patients registered in these branches.")
    service_ids = fields.Many2many(
        "product.product",
        string="Treatments Done",
        domain=[("type", "=", "service")],
        help="Patients with a completed visit of any of these services.",
    )
    visit_months_min = fields.Integer(string="Last Visit at Least (months ago)")
    visit_months_max = fields.Integer(string="Last Visit at Most (months ago)", help="0: no bound.")
    money = fields.Selection(
        [("debt", "With a debt"), ("no_debt", "Without a debt"), ("deposit", "With a deposit")], string="Money"
    )
    group_ids = fields.Many2many("dental.patient.group", string="Patient Groups")
    source_ids = fields.Many2many("utm.source", string="Marketing Channels")
    # ------------------------------------------------------------------ results
    dental_message_ids = fields.One2many("dental.marketing.message", "campaign_id", string="Marketing Messages")
    recipient_count = fields.Integer(string="Recipients", compute="_compute_recipient_count")
    sent_count = fields.Integer(string="Sent", compute="_compute_results")
    responded_count = fields.Integer(string="Responded", compute="_compute_results", groups=DIRECTORS)
    revenue = fields.Monetary(compute="_compute_results", currency_field="currency_id", groups=DIRECTORS)
    efficiency = fields.Float(
        string="Efficiency Index",
        compute="_compute_results",
        groups=DIRECTORS,
        help="Percentage of the messages followed by a visit or an invoice within the attribution window.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends(
        "age_min", "age_max", "gender", "branch_ids", "service_ids", "visit_months_min", "visit_months_max",
        "money", "group_ids", "source_ids",
    )  # fmt: skip
    def _compute_recipient_count(self):
        Patient = self.env["dental.patient"]
        for campaign in self:
            campaign.recipient_count = Patient.search_count(campaign._dental_segment_domain())

    def _compute_results(self):
        Message = self.env["dental.marketing.message"].sudo()  # figures only, for the readers of these fields
        groups = Message._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "responded"], ["__count", "revenue:sum"]
        )
        figures = {}
        for campaign, responded, count, revenue in groups:
            sent, answered, total = figures.get(campaign.id, (0, 0, 0.0))
            figures[campaign.id] = (sent + count, answered + (count if responded else 0), total + revenue)
        for campaign in self:
            sent, answered, total = figures.get(campaign.id, (0, 0, 0.0))
            campaign.sent_count = sent
            campaign.responded_count = answered
            campaign.revenue = total
            campaign.efficiency = 100.0 * answered / sent if sent else 0.0

    @api.constrains("age_min", "age_max", "visit_months_min", "visit_months_max")
    def _check_ranges(self):
        for campaign in self:
            if min(campaign.age_min, campaign.age_max, campaign.visit_months_min, campaign.visit_months_max) < 0:
                raise ValidationError(_("Ages and months cannot be negative."))
            if campaign.age_max and campaign.age_min > campaign.age_max:
                raise ValidationError(_("The lowest age is above the highest."))
            if campaign.visit_months_max and campaign.visit_months_min > campaign.visit_months_max:
                raise ValidationError(_("The last visit range is empty."))

    # ------------------------------------------------------------------ actions
    def action_view_recipients(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recipients of %(campaign)s", campaign=self.name),
            "res_model": "dental.patient",
            "view_mode": "list,form",
            "domain": self._dental_segment_domain(),
        }

    def action_send(self):
        """Send the message to the segment now (queued; marketing messages wait for the quiet hours' end)."""
        self.ensure_one()
        if self.state == "sent":
            raise UserError(_("The campaign %(campaign)s was already sent.", campaign=self.name))
        patients = self.env["dental.patient"].search(self._dental_segment_domain())
        if not patients:
            raise UserError(_("No patient matches the campaign's segment."))
        self.env["dental.marketing.message"]._dental_send(
            patients, "campaign", f"campaign:{self.id}", body=self.body, campaign=self
        )
        self.write({"state": "sent", "date_sent": fields.Datetime.now()})
        return True

    def action_attribute(self):
        # sudo: the figures are the Directors' and the cron's (every branch's visits and invoices), whoever asks
        # for them to be recomputed: read with the caller's branches they would be overwritten with smaller ones
        self.dental_message_ids.sudo()._dental_attribute()
        return True

    # ------------------------------------------------------------------ segment
    def _dental_reachable_domain(self):
        """Patients the campaign's channel may reach: SMS consent and a phone (the blacklisted numbers are
        cancelled by Odoo's blacklist when sent)."""
        return [("sms_consent", "=", True), "|", ("mobile", "!=", False), ("phone", "!=", False)]

    def _dental_segment_domain(self):
        """Patients of the segment whom the campaign's channel may reach (``_dental_reachable_domain``)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        domain = list(self._dental_reachable_domain())
        if self.age_min:
            domain += [("birth_date", "<=", today - relativedelta(years=self.age_min))]
        if self.age_max:
            domain += [("birth_date", ">", today - relativedelta(years=self.age_max + 1))]
        if self.age_min or self.age_max:
            domain += [("birth_date_precision", "!=", "day_month")]
        if self.gender:
            domain += [("gender", "=", self.gender)]
        if self.branch_ids:
            domain += [("company_id", "in", self.branch_ids.ids)]
        else:  # the campaign's branch and its sub-branches (the head clinic's campaign reaches every branch)
            # the ids, not a child_of subquery: PostgreSQL then filters one scan instead of one per branch
            branches = self.env["res.company"].sudo().search([("id", "child_of", self.company_id.id)])
            domain += [("company_id", "in", branches.ids)]
        if self.service_ids:
            domain += [
                (
                    "appointment_ids",
                    "any",
                    [("dental_state", "=", "completed"), ("service_ids", "in", self.service_ids.ids)],
                )
            ]
        if self.visit_months_min:
            domain += [("last_visit_date", "<=", today - relativedelta(months=self.visit_months_min))]
        if self.visit_months_max:
            domain += [("last_visit_date", ">=", today - relativedelta(months=self.visit_months_max))]
        if self.money == "debt":
            domain += [("dental_invoice_ids", "any", OPEN_INVOICE)]
        elif self.money == "no_debt":
            domain += [("dental_invoice_ids", "not any", OPEN_INVOICE)]
        elif self.money == "deposit":
            domain += [("partner_id.credit", "<", 0)]
        if self.group_ids:
            domain += [("group_id", "in", self.group_ids.ids)]
        if self.source_ids:
            domain += [("source_id", "in", self.source_ids.ids)]
        return domain
