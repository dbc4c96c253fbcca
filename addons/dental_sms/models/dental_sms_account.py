from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools import gateway as gw

CREDENTIALS_GROUP = "base.group_system"


class DentalSmsAccount(models.Model):
    """A branch's account at an SMS gateway: SMS of that branch (and of its sub-branches without
    their own account) leave through it instead of Odoo's IAP."""

    _name = "dental.sms.account"
    _description = "SMS Gateway Account"
    _order = "company_id, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    provider = fields.Selection(
        [("smsc", "SMS-Center"), ("beeline", "Beeline A2P"), ("twilio", "Twilio")],
        required=True,
        default="smsc",
    )
    endpoint_url = fields.Char(
        "Endpoint URL",
        compute="_compute_endpoint_url",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The gateway's API address; filled with the provider's public address.",
    )
    login = fields.Char(groups=CREDENTIALS_GROUP, help="SMS-Center and Beeline login; Twilio Account SID.")
    password = fields.Char(groups=CREDENTIALS_GROUP, help="SMS-Center and Beeline password; Twilio Auth Token.")
    api_key = fields.Char(
        "API Key", groups=CREDENTIALS_GROUP, help="SMS-Center API key (instead of login and password)."
    )
    sender = fields.Char(
        help="Sender name or number registered at the gateway (Twilio: a number or a Messaging Service SID)."
    )
    timeout = fields.Float(default=10.0, help="Seconds to wait for the gateway's answer.")
    max_retries = fields.Integer(default=3, help="Retries of a call that failed on the network, 5xx or 429.")
    retry_backoff = fields.Float(default=0.5, help="Seconds before the first retry; doubled after each.")
    rate_limit = fields.Float("Rate Limit", default=10.0, help="Most messages sent per second.")
    batch_size = fields.Integer(default=100, help="Messages taken from the queue at once.")
    concurrency = fields.Integer(default=4, help="Calls to the gateway running at the same time.")
    callback_url = fields.Char("Status Callback URL", compute="_compute_callback_url")
    sms_count = fields.Integer("Messages", compute="_compute_sms_count")

    @api.depends("provider")
    def _compute_endpoint_url(self):
        for account in self:
            account.endpoint_url = account._dental_gateway_class().default_endpoint

    @api.depends("provider")
    def _compute_callback_url(self):
        for account in self:
            account.callback_url = account._dental_callback_url() if account.id else False

    def _compute_sms_count(self):
        counts = dict(
            self.env["sms.sms"]._read_group([("dental_account_id", "in", self.ids)], ["dental_account_id"], ["__count"])
        )
        for account in self:
            account.sms_count = counts.get(account, 0)

    @api.constrains("timeout", "max_retries", "retry_backoff", "rate_limit", "batch_size", "concurrency")
    def _check_limits(self):
        for account in self:
            if min(account.timeout, account.rate_limit, account.batch_size) <= 0 or not 1 <= account.concurrency <= 32:
                raise ValidationError(
                    _(
                        "The timeout, the rate limit and the batch size must be positive, "
                        "and the parallel calls between 1 and 32."
                    )
                )
            if not 0 <= account.max_retries <= 10 or account.retry_backoff < 0:
                raise ValidationError(_("Retries must be between 0 and 10, and their delay not negative."))

    @api.constrains("active", "company_id")
    def _check_one_per_company(self):
        for account in self.filtered("active"):
            if self.search_count([("company_id", "=", account.company_id.id), ("id", "!=", account.id)]):
                raise ValidationError(
                    _("%(company)s already has an active SMS gateway account.", company=account.company_id.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        self.env.registry.clear_cache()  # _dental_account_id_for_company
        return accounts

    def write(self, vals):
        result = super().write(vals)
        if {"active", "company_id"} & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    def action_view_sms(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("SMS of %(account)s", account=self.name),
            "res_model": "sms.sms",
            "view_mode": "list,form",
            "domain": [("dental_account_id", "=", self.id)],
        }

    def _dental_gateway_class(self):
        return gw.GATEWAYS[self.provider or "smsc"]

    def _dental_callback_url(self):
        """The address a calling-back gateway is given; its signature is checked against it."""
        self.ensure_one()
        if not self._dental_gateway_class().supports_callback:
            return False
        return f"{self.get_base_url()}/dental_sms/{self.provider}/status/{self.id}"

    def _dental_gateway(self, sleep=None):
        """The adapter of this account. Reads the credentials as superuser: only the cron, the
        callback controller and administrators call it, and the values stay inside the adapter."""
        self.ensure_one()
        account = self.sudo()
        config = gw.GatewayConfig(
            endpoint=account.endpoint_url,
            login=account.login or "",
            password=account.password or "",
            api_key=account.api_key or "",
            sender=account.sender or "",
            timeout=account.timeout,
            max_retries=account.max_retries,
            backoff=account.retry_backoff,
            callback_url=account._dental_callback_url() or "",
            name=account.name,
        )
        gateway_class = self._dental_gateway_class()
        return gateway_class(config, sleep=sleep) if sleep else gateway_class(config)

    @api.model
    def _dental_account_for_company(self, company):
        """The active account of ``company``, else of its nearest parent branch that has one."""
        return self.browse(self._dental_account_id_for_company(company.id) if company else False)

    @tools.ormcache()
    def _dental_has_accounts(self):
        # cached: without any account, creating an SMS costs no query more than in Odoo
        return bool(self.sudo().search_count([("active", "=", True)], limit=1))

    @tools.ormcache("company_id")
    def _dental_account_id_for_company(self, company_id):
        # cached: every sms.sms creation asks it (Odoo's SMS query budgets); cleared when accounts change
        company = self.env["res.company"].browse(company_id)
        accounts = self.sudo().search([("company_id", "in", company.parent_ids.ids)])
        return max(accounts, key=lambda a: len(a.company_id.parent_path or ""), default=self).id
