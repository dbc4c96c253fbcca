import logging
import threading

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools import gateway as gw

_logger = logging.getLogger(__name__)

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
        [
            ("smsc", "SMS-Center"),
            ("beeline", "Beeline A2P"),
            ("twilio", "Twilio"),
            ("telegram", "Telegram Bot"),
            ("whatsapp", "WhatsApp Business"),
        ],
        required=True,
        default="smsc",
    )
    channel = fields.Selection(
        [("sms", "SMS"), ("telegram", "Telegram"), ("whatsapp", "WhatsApp")],
        compute="_compute_channel",
        store=True,
        precompute=True,
        help="What the account sends: SMS, or messages of a messenger to the patients who opted in.",
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
    login = fields.Char(
        groups=CREDENTIALS_GROUP,
        help="SMS-Center and Beeline login; Twilio Account SID; WhatsApp phone number ID.",
    )
    password = fields.Char(
        groups=CREDENTIALS_GROUP,
        help="SMS-Center and Beeline password; Twilio Auth Token; Telegram bot token; WhatsApp access token.",
    )
    api_key = fields.Char(
        "API Key",
        groups=CREDENTIALS_GROUP,
        help="SMS-Center API key (instead of login and password); WhatsApp app secret (signs the webhooks).",
    )
    webhook_secret = fields.Char(
        groups=CREDENTIALS_GROUP,
        help="Telegram: the secret token given to setWebhook; WhatsApp: the webhook's verify token.",
    )
    inbound_url = fields.Char(
        "Incoming Messages URL",
        compute="_compute_inbound_url",
        help="The address to give the gateway for the patients' messages (Telegram setWebhook, WhatsApp "
        "webhook, Twilio number's incoming message webhook).",
    )
    read_replies = fields.Boolean(
        help="SMS-Center and Beeline: fetch the patients' replies to the account's numbers every few minutes "
        "(a two-way number or the gateway's reply service is needed). Twilio and the messengers call us instead.",
    )
    inbound_cursor = fields.Char(
        "Last Reply Read", readonly=True, copy=False, help="The gateway's id of the last incoming message read."
    )
    confirm_words = fields.Char(
        default="1, да, yes, ok",
        help="Comma-separated replies that confirm the patient's next appointment (case is ignored).",
    )
    cancel_words = fields.Char(
        default="2, нет, no",
        help="Comma-separated replies that cancel the patient's next appointment; the registrar gets an activity.",
    )
    optout_words = fields.Char(
        "Opt-out Words",
        default="стоп, stop, отписаться, unsubscribe",
        help="Comma-separated replies that put the patient's phone on the blacklist and end messenger messages.",
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
    def _compute_channel(self):
        for account in self:
            account.channel = account._dental_gateway_class().channel

    @api.depends("provider")
    def _compute_inbound_url(self):
        for account in self:
            inbound = account.id and account._dental_gateway_class().supports_inbound
            account.inbound_url = (
                f"{account.get_base_url()}/dental_sms/{account.provider}/inbound/{account.id}" if inbound else False
            )

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

    @api.constrains("active", "company_id", "provider")
    def _check_one_per_company(self):
        for account in self.filtered("active"):
            domain = [
                ("company_id", "=", account.company_id.id),
                ("channel", "=", account.channel),
                ("id", "!=", account.id),
            ]
            if self.search_count(domain):
                raise ValidationError(
                    _(
                        "%(company)s already has an active gateway account for %(channel)s.",
                        company=account.company_id.name,
                        channel=dict(self._fields["channel"]._description_selection(self.env))[account.channel],
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        self.env.registry.clear_cache()  # _dental_account_id_for_company
        return accounts

    def write(self, vals):
        result = super().write(vals)
        if {"active", "company_id", "provider"} & set(vals):
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
            webhook_secret=account.webhook_secret or "",
            name=account.name,
        )
        gateway_class = self._dental_gateway_class()
        return gateway_class(config, sleep=sleep) if sleep else gateway_class(config)

    @api.model
    def _dental_account_for_company(self, company, channel="sms"):
        """The active account of ``company`` for ``channel``, else of its nearest parent branch that has one."""
        return self.browse(self._dental_account_id_for_company(company.id, channel) if company else False)

    @tools.ormcache()
    def _dental_has_accounts(self):
        # cached: without any account, creating an SMS costs no query more than in Odoo
        return bool(self.sudo().search_count([("active", "=", True)], limit=1))

    @tools.ormcache("company_id", "channel")
    def _dental_account_id_for_company(self, company_id, channel):
        # cached: every sms.sms creation asks it (Odoo's SMS query budgets); cleared when accounts change
        company = self.env["res.company"].browse(company_id)
        accounts = self.sudo().search([("company_id", "in", company.parent_ids.ids), ("channel", "=", channel)])
        return max(accounts, key=lambda a: len(a.company_id.parent_path or ""), default=self).id

    # ------------------------------------------------------------
    # Incoming messages (webhook controllers, as superuser)
    # ------------------------------------------------------------

    def _dental_words(self, field):
        return {word.strip().casefold() for word in (self[field] or "").split(",") if word.strip()}

    def _dental_reply_kind(self, text):
        """ "optout", "confirm", "cancel" or "" for a patient's reply (the whole reply is the word)."""
        self.ensure_one()
        word = (text or "").strip().strip(".!").strip().casefold()
        for kind, field in (("optout", "optout_words"), ("confirm", "confirm_words"), ("cancel", "cancel_words")):
            if word and word in self._dental_words(field):
                return kind
        return ""

    def _dental_reads_replies(self):
        """Whether the patients' replies through this account reach us (a webhook, or polling turned on)."""
        self.ensure_one()
        gateway_class = self._dental_gateway_class()
        return gateway_class.supports_inbound or (gateway_class.supports_inbound_polling and self.read_replies)

    @api.model
    def _dental_poll_inbound(self):
        """Cron: fetch the incoming messages of the accounts that read replies by polling, and handle them as
        the webhooks do (``_dental_receive``). The messages and the new cursor are committed together, per
        account: a restart never handles a message twice nor skips one."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for account in self.search([("read_replies", "=", True)]):
            if not account._dental_gateway_class().supports_inbound_polling:
                continue
            try:
                inbound, cursor = account._dental_gateway().fetch_inbound(account.inbound_cursor or "")
            except gw.GatewayError:
                continue  # the next run asks again from the same cursor
            account._dental_receive(inbound)
            if cursor != (account.inbound_cursor or ""):
                account.inbound_cursor = cursor
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _dental_reply_prompt(self):
        """The sentence a reminder ends with when replies are read: the first confirm and cancel words."""
        self.ensure_one()
        confirm = next(iter(w.strip() for w in (self.confirm_words or "").split(",") if w.strip()), "")
        cancel = next(iter(w.strip() for w in (self.cancel_words or "").split(",") if w.strip()), "")
        if not confirm or not cancel:
            return ""
        return _("Reply %(confirm)s to confirm, %(cancel)s to cancel.", confirm=confirm, cancel=cancel)

    def _dental_find_patients(self, sender, by_phone=False):
        """The patients of this account's branches writing from ``sender`` (a Telegram chat id, or a
        phone for the other channels and ``by_phone``): only the patients this account would send to,
        never another branch's."""
        self.ensure_one()
        patients = self.env["dental.patient"]
        if self.channel == "telegram" and not by_phone:
            patients = patients.search(
                [("dental_telegram_chat_id", "=", sender), ("company_id", "child_of", self.company_id.id)]
            )
        else:
            number = _digits(sender)
            if len(number) < 7:
                return patients
            candidates = patients.search(
                [
                    ("company_id", "child_of", self.company_id.id),
                    "|",
                    ("phone_digits", "ilike", number[-10:]),
                    ("dental_whatsapp_digits", "like", number[-10:]),
                ]
            )
            patients = candidates.filtered(
                lambda p: any(
                    _same_number(number, n) for n in (*(p.phone_digits or "").split(), p.dental_whatsapp_number)
                )
            )
        return patients.filtered(lambda p: self._dental_account_for_company(p.company_id, self.channel) == self)

    def _dental_receive(self, inbound):
        """Post the patients' messages in their chatter and act on the reply words (docs/sms.md)."""
        self.ensure_one()
        for message in inbound:
            patients = self._dental_find_patients(message.sender)
            if not patients and message.phone and self.channel == "telegram":
                patients = self._dental_link_telegram(message)
            if not patients:
                _logger.info("%s: message from an unknown sender ignored", self.name)
                continue
            patients._dental_receive_reply(self, message)

    def _dental_link_telegram(self, message):
        """The patient shared their own phone with the bot: their chat becomes the card's Telegram chat
        (cards with another chat already keep it)."""
        patients = self._dental_find_patients(message.phone, by_phone=True).filtered(
            lambda p: not p.dental_telegram_chat_id
        )
        for patient in patients:
            patient.dental_telegram_chat_id = message.sender
            patient.message_post(
                body=_(
                    "Telegram chat linked: the patient shared the phone %(phone)s with the bot.", phone=message.phone
                ),
                subtype_xmlid="mail.mt_note",
            )
        return patients


def _digits(number):
    digits = "".join(char for char in number or "" if char.isdigit())
    if len(digits) == 11 and digits.startswith("8"):  # Russian trunk prefix: 8 916... is +7 916...
        digits = "7" + digits[1:]
    return digits


def _same_number(left, right):
    left, right = _digits(left), _digits(right)
    if not left or not right:
        return False
    short, full = sorted((left, right), key=len)
    return left == right or (len(short) == 10 and full.endswith(short))  # a number written without its country code
