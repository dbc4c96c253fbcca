from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.financing import FinancingClient


class DentalSeFinancingProvider(models.Model):
    """A branch's patient-invoice financing provider (Payzmart/Paynova-like): where its invoices are registered.

    The merchant credentials and the webhook secret are administrators' only (field groups); staff see which
    provider a branch uses and the state of its invoices.
    """

    _name = "dental.se.financing.provider"
    _description = "Invoice Financing Provider"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Branch", required=True, default=lambda self: self.env.company)
    endpoint = fields.Char(required=True, help="Base address of the provider's API, without /v1.")
    merchant_id = fields.Char(string="Merchant ID", required=True, groups="base.group_system")
    api_key = fields.Char(string="API Key", groups="base.group_system", copy=False)
    webhook_secret = fields.Char(
        groups="base.group_system", copy=False, help="Shared secret the provider signs its callbacks with."
    )
    callback_url = fields.Char(
        string="Callback URL", compute="_compute_callback_url", help="Give this address to the provider."
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Payout Journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
        help="The bank journal the provider pays the clinic into: the payment of a paid invoice is registered here.",
    )
    due_days = fields.Integer(string="Free Payment Period (days)", default=14)
    timeout = fields.Float(string="Timeout (s)", default=30.0)
    max_retries = fields.Integer(string="Retries per Call", default=2)
    backoff = fields.Float(string="First Retry After (s)", default=1.0)
    send_sms = fields.Boolean(string="Status SMS to the Patient", default=True)

    @api.depends("company_id")
    def _compute_callback_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for provider in self:
            provider.callback_url = provider.id and f"{base}/dental_se/financing/callback/{provider.id}"

    @api.constrains("active", "company_id")
    def _check_one_per_branch(self):
        for provider in self.filtered("active"):
            domain = [("company_id", "=", provider.company_id.id), ("id", "!=", provider.id)]
            if self.search_count(domain, limit=1):
                raise ValidationError(_("A branch has one active invoice financing provider."))

    @api.constrains("timeout", "max_retries", "backoff", "due_days")
    def _check_limits(self):
        for provider in self:
            if provider.timeout <= 0 or provider.max_retries < 0 or provider.backoff < 0 or provider.due_days < 1:
                raise ValidationError(
                    _("The timeout and the free payment period must be positive, retries and backoff not negative.")
                )

    @api.model
    def _dental_for_company(self, company):
        return self.search([("company_id", "=", company.id)], limit=1)

    def _dental_client(self):
        """The API client with the provider's credentials (called by the queue cron as superuser)."""
        self.ensure_one()
        provider = self.sudo()  # sudo: the credentials are read to send, never shown
        return FinancingClient(
            provider.endpoint,
            provider.merchant_id,
            provider.api_key,
            timeout=provider.timeout,
            max_retries=provider.max_retries,
            backoff=provider.backoff,
        )
