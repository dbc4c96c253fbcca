import json
import logging
import secrets
import uuid
from datetime import timedelta
from urllib.parse import quote

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dental_patient.tools import http_retry

from ..tools import pbx

_logger = logging.getLogger(__name__)

MIN_TOKEN_LENGTH = 24
# Beeline's event subscription: asked for 25 h (the length public integrations ask for), renewed by the cron
# when less than RENEW_BEFORE is left, so a failed renewal is tried again a few times before calls stop arriving.
SUBSCRIPTION_SECONDS = 90000
RENEW_BEFORE = timedelta(hours=6)


class DentalPbxAccount(models.Model):
    """A branch's account at a cloud PBX: the PBX posts its call events to ``webhook_url`` (controllers/main.py);
    the API settings serve the calls we make to it (recording links)."""

    _name = "dental.pbx.account"
    _description = "PBX Account"
    _order = "company_id, name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    provider = fields.Selection(
        [("uis", "UIS"), ("mango", "Mango Office"), ("beeline", "Beeline Cloud PBX")], required=True
    )
    endpoint_url = fields.Char(
        string="API Endpoint",
        help="Base address of the provider's API, e.g. https://app.mango-office.ru/vpbx/, "
        "https://cloudpbx.beeline.ru/apis/portal/ or UIS's Call API https://callapi.uiscom.ru/v4.0",
    )
    api_key = fields.Char(
        string="API Key",
        groups="base.group_system",
        help="Mango: the VPBX API key (unique code); UIS: the Call API key (calls from Odoo).",
    )
    api_secret = fields.Char(
        string="API Secret",
        groups="base.group_system",
        help="Mango: the API salt (signing key); Beeline: the API token (X-MPBX-API-AUTH-TOKEN).",
    )
    webhook_token = fields.Char(
        groups="base.group_system",
        copy=False,
        default=lambda self: secrets.token_urlsafe(32),
        help="UIS and Beeline: the secret carried by the notification address (?token=...). Mango signs instead.",
    )
    timeout = fields.Integer(string="Timeout (s)", default=5, help="Seconds to wait for the provider's API.")
    line_number = fields.Char(
        string="Outgoing Line",
        help="The clinic's number a patient sees when a user calls from Odoo: UIS's virtual number (required for "
        "calls from Odoo); Mango's line (optional: the employee's own line otherwise); Beeline: not used.",
    )
    webhook_url = fields.Char(string="Webhook Address", compute="_compute_webhook_url")
    missed_call_sms = fields.Boolean(
        string="SMS after a Missed Call", help="Send the caller the template below once per missed incoming call."
    )
    missed_call_template_id = fields.Many2one(
        "sms.template",
        string="Missed Call Template",
        domain=[("model", "=", "dental.call")],
        default=lambda self: self.env.ref("dental_telephony.sms_template_missed_call", raise_if_not_found=False),
    )
    call_count = fields.Integer(compute="_compute_call_count")
    subscription_ref = fields.Char(
        string="Subscription Number",
        readonly=True,
        copy=False,
        help="Beeline: the subscription to call events that delivers them to the webhook address; renewed by "
        "Odoo before it expires.",
    )
    subscription_expires = fields.Datetime(string="Subscription Expires", readonly=True, copy=False)
    subscription_error = fields.Char(string="Last Subscription Error", readonly=True, copy=False)

    _sql_constraints = [
        ("timeout_range", "CHECK(timeout BETWEEN 1 AND 60)", "The timeout must be between 1 and 60 seconds."),
    ]

    @api.depends("provider", "webhook_token")
    def _compute_webhook_url(self):
        base = self.get_base_url()
        for account in self:
            if not account.id or not account.provider:
                account.webhook_url = False
            elif account.provider == "mango":
                # Mango appends events/call, events/summary, events/recording to the address it is given
                account.webhook_url = f"{base}/dental_telephony/mango/{account.id}/"
            else:
                token = account.sudo().webhook_token or ""
                account.webhook_url = f"{base}/dental_telephony/{account.provider}/{account.id}?token={token}"

    def _compute_call_count(self):
        counts = dict(
            self.env["dental.call"]._read_group([("account_id", "in", self.ids)], ["account_id"], ["__count"])
        )
        for account in self:
            account.call_count = counts.get(account, 0)

    @api.constrains("webhook_token", "provider")
    def _check_webhook_token(self):
        for account in self.sudo():
            if account.provider != "mango" and len(account.webhook_token or "") < MIN_TOKEN_LENGTH:
                raise ValidationError(
                    _("The webhook token must be at least %(length)s characters.", length=MIN_TOKEN_LENGTH)
                )

    @api.constrains("missed_call_sms", "missed_call_template_id")
    def _check_missed_call_template(self):
        for account in self:
            if account.missed_call_sms and not account.missed_call_template_id:
                raise ValidationError(_("Choose the template of the SMS sent after a missed call."))

    def _dental_check_manage(self):
        """The account's actions change it as the superuser: only for those who may write it (administrators),
        not for the Directors who read it (a button is also a public RPC method)."""
        self.check_access("write")

    def action_regenerate_token(self):
        self.ensure_one()
        self._dental_check_manage()
        self.sudo().webhook_token = secrets.token_urlsafe(32)
        if self.provider == "beeline" and self.subscription_ref:
            # the subscription carries the old address: events would be refused from now on
            self._dental_beeline_subscribe()

    def action_beeline_subscribe(self):
        """Subscribe (again) to Beeline's call events at the webhook address; the old subscription, if any, is
        ended once the new one exists (events of both meanwhile: a call is applied once per external id)."""
        self.ensure_one()
        self._dental_check_manage()
        if self.provider != "beeline":
            raise UserError(_("Only a Beeline account subscribes to call events; the others are set in the PBX."))
        if not self.sudo().endpoint_url or not self.sudo().api_secret:
            raise UserError(_("Fill in the API endpoint and the API token of the account first."))
        if not self._dental_beeline_subscribe():
            raise UserError(
                _("Beeline did not subscribe the account: %(error)s", error=self.subscription_error or _("no answer"))
            )

    def action_beeline_unsubscribe(self):
        self.ensure_one()
        self._dental_check_manage()
        if self.subscription_ref:
            self._dental_beeline_delete(self.subscription_ref)
        self.write({"subscription_ref": False, "subscription_expires": False, "subscription_error": False})

    @api.model
    def _cron_beeline_renew(self):
        """Renew the Beeline subscriptions that expire within RENEW_BEFORE (or have expired: calls are not
        delivered until then). One account's failure is logged on it and does not stop the others."""
        accounts = self.search(
            [
                ("provider", "=", "beeline"),
                ("subscription_ref", "!=", False),
                ("subscription_expires", "<", fields.Datetime.now() + RENEW_BEFORE),
            ]
        )
        for account in accounts:
            account._dental_beeline_subscribe()

    def _dental_beeline_subscribe(self):
        """PUT <endpoint>/subscription; True when Beeline gave a subscription id (stored with its expiry), False
        otherwise (the error stored and logged; the current subscription, if any, is kept)."""
        self.ensure_one()
        account = self.sudo()
        old_ref = account.subscription_ref
        try:
            response = self._dental_beeline_request(
                "PUT",
                "subscription",
                f"Beeline subscription of PBX account {account.id}",
                json={"expires": SUBSCRIPTION_SECONDS, "subscriptionType": "BASIC_CALL", "url": account.webhook_url},
            )
            answer = response.json() if response.ok else {}
            ref = answer.get("subscriptionId") if isinstance(answer, dict) else None
            if not response.ok:
                error = f"HTTP {response.status_code}: {response.text[:200]}"
            elif not ref:
                error = "the answer has no subscriptionId"
        except (http_retry.RetriesExhausted, requests.RequestException, ValueError) as exc:
            ref, error = None, str(exc)[:200]
        if not ref:
            _logger.warning("Beeline subscription of PBX account %s failed: %s", account.id, error)
            account.subscription_error = error
            return False
        seconds = answer.get("expires")
        seconds = seconds if isinstance(seconds, int) and 0 < seconds <= SUBSCRIPTION_SECONDS else SUBSCRIPTION_SECONDS
        account.write(
            {
                "subscription_ref": str(ref)[:200],
                "subscription_expires": fields.Datetime.now() + timedelta(seconds=seconds),
                "subscription_error": False,
            }
        )
        if old_ref and old_ref != str(ref):
            self._dental_beeline_delete(old_ref)
        return True

    def _dental_beeline_delete(self, ref):
        """End a subscription at Beeline (DELETE <endpoint>/subscription?subscriptionId=); a failure is logged
        only: the subscription then ends by itself at its expiry."""
        try:
            response = self._dental_beeline_request(
                "DELETE",
                "subscription",
                f"End of Beeline subscription {ref}",
                params={"subscriptionId": ref},
            )
            if not response.ok and response.status_code != 404:
                _logger.warning("Beeline subscription %s not ended: HTTP %s", ref, response.status_code)
        except (http_retry.RetriesExhausted, requests.RequestException) as exc:
            _logger.warning("Beeline subscription %s not ended: %s", ref, exc)

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_telephony.dental_call_action")
        action["domain"] = [("account_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------ webhooks (as superuser, after checking)
    def _dental_token_ok(self, token):
        self.ensure_one()
        return pbx.secret_ok(self.sudo().webhook_token, token)

    def _dental_receive(self, events):
        """Apply the adapter's events to the calls of this account (one call per external id)."""
        self.ensure_one()
        Call = self.env["dental.call"].with_company(self.company_id)
        calls = Call
        shift = pbx.clock_shift(events, fields.Datetime.now())
        if shift:
            # a local wall time sent as UTC (Mango's "UTC+3", a UIS time without its offset): read in UTC
            _logger.info("PBX account %s: event times %s ahead of their receipt, moved back", self.id, shift)
            events = [pbx.shifted(event, shift) for event in events]
        for event in events:
            calls |= Call._dental_apply_event(self, event)
        return calls

    # ------------------------------------------------------------------ API calls to the PBX
    def _dental_session(self):
        return requests.Session()

    def _dental_api_request(self, method, path, label, **kwargs):
        """A call to the PBX's API under the account's endpoint: its timeout, one retry (logged as ``label``)."""
        account = self.sudo()
        base = account.endpoint_url.rstrip("/")
        return http_retry.request_with_retries(
            self._dental_session(),
            method,
            f"{base}/{path}" if path else base,
            timeout=account.timeout,
            max_retries=1,
            backoff=0.5,
            sleep=lambda seconds: None,
            logger=_logger,
            label=label,
            **kwargs,
        )

    def _dental_beeline_request(self, method, path, label, **kwargs):
        """A call to Beeline's portal API, authenticated by the account's API token."""
        headers = {"X-MPBX-API-AUTH-TOKEN": self.sudo().api_secret or ""}
        return self._dental_api_request(method, path, label, headers=headers, **kwargs)

    def _dental_recording_url(self, call, reference):
        """The link stored on a call for its recording; False when it cannot be given (logged: the call keeps
        its recording reference and the link may be asked again).

        Mango answers ``queries/recording/post`` with a redirect to a temporary link that dies once used
        (doc/protocols.md): the call stores Odoo's own ``/dental_telephony/recording/<call id>``, which asks
        Mango for a fresh link each time a user opens it (``_dental_mango_play_link``). Beeline gives a link."""
        self.ensure_one()
        account = self.sudo()
        if not account.endpoint_url:
            return False
        if account.provider == "mango":
            base = call.get_base_url().rstrip("/")
            return f"{base}/dental_telephony/recording/{call.id}"
        if account.provider != "beeline":
            return False
        try:
            response = self._dental_beeline_request(
                "GET", f"v2/records/{quote(reference, safe='/@')}/reference", f"Beeline recording of call {call.id}"
            )
            # the answer's shape is not documented publicly: a JSON {"url": ...}, a JSON string or the text
            body = response.text.strip() if response.ok else ""
            try:
                answer = json.loads(body) if body[:1] in ("{", '"') else body
            except ValueError:
                answer = None
            url = answer.get("url") if isinstance(answer, dict) else answer
        except (http_retry.RetriesExhausted, requests.RequestException, ValueError, AttributeError) as error:
            _logger.warning("Recording link of call %s not given by the PBX: %s", call.id, error)
            return False
        return _checked_link(call, url)

    def _dental_click_to_call(self, extension, number):
        """Ask the PBX to ring the user's phone (``extension``: their PBX Extension) and then ``number`` (E.164):
        Mango's ``commands/callback``, UIS's Call API ``start.employee_call``, Beeline's
        ``abonents/<extension>/call``. Returns the PBX's reference of the call (Mango: our command id; UIS: the
        call session; Beeline: its call id). Never retried after a request that may have arrived (a read timeout:
        the phones might ring twice). Raises UserError with the PBX's reason, logged."""
        self.ensure_one()
        account = self.sudo()
        digits = "".join(char for char in number or "" if char.isdigit())
        if not digits:
            raise UserError(_("There is no number to call."))
        if not account.endpoint_url or (not account.api_secret and account.provider != "uis"):
            raise UserError(_("The PBX account %(account)s has no API settings to place calls.", account=account.name))
        label = f"Call from Odoo through PBX account {account.id}"
        common = {"retry_read_timeout": False}
        try:
            if account.provider == "mango":
                command = f"odoo-{uuid.uuid4().hex}"
                payload = {"command_id": command, "from": {"extension": extension}, "to_number": digits}
                if account.line_number:
                    payload["line_number"] = "".join(char for char in account.line_number if char.isdigit())
                form = pbx.mango_command(account.api_key or "", account.api_secret or "", payload)
                response = self._dental_api_request("POST", "commands/callback", label, data=form, **common)
                answer = _json_answer(response)
                if answer.get("result") != 1000:
                    raise _PbxRefused(f"result {answer.get('result', response.status_code)}")
                return command
            if account.provider == "uis":
                if not account.api_key or not account.line_number:
                    raise UserError(
                        _("Calls from Odoo through UIS need the Call API key and the outgoing line (a virtual number).")
                    )
                employee = int(extension) if extension.isdigit() else extension
                request = {
                    "jsonrpc": "2.0",
                    "id": uuid.uuid4().hex,
                    "method": "start.employee_call",
                    "params": {
                        "access_token": account.api_key,
                        "first_call": "employee",
                        "direction": "out",
                        "virtual_phone_number": "".join(char for char in account.line_number if char.isdigit()),
                        "contact": digits,
                        "employee": {"id": employee},
                    },
                }
                response = self._dental_api_request("POST", "", label, json=request, **common)
                answer = _json_answer(response)
                error = answer.get("error")
                session = (answer.get("result") or {}).get("data", {}).get("call_session_id") if not error else None
                if not session:
                    message = error.get("message") if isinstance(error, dict) else None
                    raise _PbxRefused(message or f"HTTP {response.status_code}")
                return str(session)
            response = self._dental_beeline_request(
                "POST",
                f"abonents/{quote(extension, safe='@')}/call",
                label,
                params={"phoneNumber": digits},
                **common,
            )
            if not response.ok:
                raise _PbxRefused(f"HTTP {response.status_code}: {response.text[:200]}")
            answer = response.text.strip().strip('"')
            return answer[:200] or "beeline"
        except (_PbxRefused, http_retry.RetriesExhausted, requests.RequestException, ValueError) as error:
            _logger.warning("%s failed: %s", label, error)
            raise UserError(_("The PBX did not place the call: %(error)s", error=str(error)[:200])) from None

    def _dental_mango_play_link(self, call, reference):
        """A fresh playable link of a Mango recording (``queries/recording/post``, action ``play``), to be
        followed at once; False when Mango does not give one (logged)."""
        self.ensure_one()
        account = self.sudo()
        if account.provider != "mango" or not account.endpoint_url or not reference:
            return False
        form = pbx.mango_recording_request(account.api_key or "", account.api_secret or "", reference)
        try:
            response = self._dental_api_request(
                "POST",
                "queries/recording/post/",
                f"Mango recording of call {call.id}",
                data=form,
                allow_redirects=False,
            )
        except (http_retry.RetriesExhausted, requests.RequestException) as error:
            _logger.warning("Recording link of call %s not given by the PBX: %s", call.id, error)
            return False
        return _checked_link(call, response.headers.get("Location") if response.is_redirect else None)


class _PbxRefused(Exception):
    """The PBX answered, and refused."""


def _json_answer(response):
    try:
        answer = response.json()
    except ValueError:
        raise _PbxRefused(f"HTTP {response.status_code}: not JSON") from None
    if not isinstance(answer, dict):
        raise _PbxRefused(f"HTTP {response.status_code}: unexpected answer")
    return answer


def _checked_link(call, url):
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        _logger.warning("Recording link of call %s not given by the PBX: unexpected answer", call.id)
        return False
    return url[:2000]
