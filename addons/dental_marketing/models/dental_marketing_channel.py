import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dental_patient.tools import webhook

from ..tools import inbound

MIN_TOKEN_LENGTH = 24


class DentalMarketingChannel(models.Model):
    """An inbound channel of one branch: a website form, a chat widget, a social page or an aggregator
    posting requests to ``/dental_marketing/inbound/<id>`` with the channel's token (README of the addon)."""

    _name = "dental.marketing.channel"
    _description = "Inbound Lead Channel"
    _order = "company_id, name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        [
            ("tilda", "Tilda Form"),
            ("jivo", "JivoChat"),
            ("vk", "VK Community (Callback API)"),
            ("prodoctorov", "ПроДокторов"),
            ("sberzdorovie", "СберЗдоровье"),
        ],
        required=True,
    )
    token = fields.Char(
        copy=False,
        groups="base.group_system,dental_patient.group_director",
        default=lambda self: secrets.token_urlsafe(32),
        help="Secret the service sends with each request (header Authorization: Bearer, or ?token=; "
        "VK: the Callback API's secret key).",
    )
    vk_confirmation = fields.Char(
        string="VK Confirmation Code", help="The string VK expects in answer to its confirmation request."
    )
    source_id = fields.Many2one(
        "utm.source", string="Marketing Channel", required=True, help="Source given to the leads of this channel."
    )
    team_id = fields.Many2one(
        "crm.team", string="Team", required=True, domain=[("is_dental", "=", True)], check_company=True
    )
    user_id = fields.Many2one("res.users", string="Responsible", help="Empty: the team's leader.")
    lead_count = fields.Integer(compute="_compute_lead_count")
    url = fields.Char(string="Webhook URL", compute="_compute_url")

    @api.constrains("token")
    def _check_token(self):
        for channel in self.sudo():
            if not channel.token or len(channel.token) < MIN_TOKEN_LENGTH:
                raise ValidationError(
                    _("The channel's token must be at least %(length)s characters.", length=MIN_TOKEN_LENGTH)
                )

    def _compute_lead_count(self):
        counts = dict(
            self.env["crm.lead"]._read_group(
                [("dental_channel_id", "in", self.ids)], ["dental_channel_id"], ["__count"]
            )
        )
        for channel in self:
            channel.lead_count = counts.get(channel, 0)

    def _compute_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for channel in self:
            channel.url = f"{base}/dental_marketing/inbound/{channel.id}" if channel.id else False

    def action_regenerate_token(self):
        self.ensure_one()
        # the token is written as the superuser (hidden from the channel's readers): only for those who may
        # write the channel, not for the coordinators who read it (a button is also a public RPC method)
        self.check_access("write")
        self.sudo().token = secrets.token_urlsafe(32)

    # ------------------------------------------------------------------ inbound (controller, as superuser)
    def _dental_token_ok(self, token):
        self.ensure_one()
        return webhook.secret_ok(self.token, token)

    def _dental_parse(self, payload):
        """The request of ``payload`` (dict) as an ``inbound.Request``; ``inbound.InboundError`` if malformed."""
        self.ensure_one()
        return inbound.PARSERS[self.kind](payload)

    def _dental_lead_vals(self, request):
        self.ensure_one()
        services = self.env["product.product"]
        if request.services:
            services = services.search([("type", "=", "service"), ("name", "in", list(request.services))])
        description = request.message or ""
        if request.when:
            description = _("Wished time: %(when)s", when=request.when) + ("\n" + description if description else "")
        return {
            "name": request.title or _("%(channel)s: %(name)s", channel=self.name, name=request.name or request.phone),
            "type": "lead" if not request.when else "opportunity",
            "contact_name": request.name,
            "phone": request.phone,
            "email_from": request.email,
            "description": description,
            "source_id": self.source_id.id,
            "team_id": self.team_id.id,
            "user_id": (self.user_id or self.team_id.user_id).id,
            "company_id": self.company_id.id,
            "dental_channel_id": self.id,
            "dental_external_key": request.key,
            "dental_service_ids": [fields.Command.set(services.ids)],
        }

    def _dental_receive(self, request):
        """One lead per request of the channel: a delivery repeated by the service finds the first one."""
        self.ensure_one()
        Lead = self.env["crm.lead"].with_company(self.company_id)
        if request.key:
            lead = Lead.search([("dental_channel_id", "=", self.id), ("dental_external_key", "=", request.key)])
            if lead:
                return lead, False
        lead = Lead.create(self._dental_lead_vals(request))
        patients = lead._dental_find_patients()
        if patients:
            lead.dental_patient_id = patients[0]
        return lead, True
