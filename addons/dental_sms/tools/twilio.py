"""Twilio Programmable Messaging: Messages API (Basic auth) and signed status callbacks."""

import base64
import hashlib
import hmac
from urllib.parse import urlsplit, urlunsplit

import requests

from odoo.addons.dental_patient.tools import webhook

from . import gateway as gw
from .smsc import _float, _int

SEND_ERRORS = {
    21211: gw.INVALID_NUMBER,  # invalid 'To' number
    21614: gw.INVALID_NUMBER,  # 'To' is not a mobile number
    21217: gw.INVALID_NUMBER,
    21408: gw.COUNTRY_NOT_SUPPORTED,  # region not enabled
    21610: gw.REJECTED,  # the recipient replied STOP
    20003: gw.ACCOUNT_ERROR,  # authentication / account suspended
    20005: gw.ACCOUNT_ERROR,  # account not active
    21606: gw.ACCOUNT_ERROR,  # 'From' is not a number of the account
    30007: gw.REJECTED,  # filtered by the carrier
}
DELIVERY_ERRORS = {
    30003: gw.NOT_DELIVERED,  # unreachable handset
    30004: gw.NOT_ALLOWED,  # blocked
    30005: gw.INVALID_DESTINATION,  # unknown destination
    30006: gw.INVALID_DESTINATION,  # landline
    30007: gw.REJECTED,
    30008: gw.NOT_DELIVERED,
}
STATUS_STATES = {
    "accepted": gw.PENDING,
    "scheduled": gw.PENDING,
    "queued": gw.PENDING,
    "sending": gw.PENDING,
    "sent": gw.PENDING,
    "delivered": gw.DELIVERED,
    "read": gw.DELIVERED,
    "undelivered": gw.ERROR,
    "failed": gw.ERROR,
    "canceled": gw.CANCELED,
}


@gw.register
class TwilioGateway(gw.Gateway):
    """``login`` is the Account SID, ``password`` the Auth Token; ``sender`` a number or a
    Messaging Service SID (``MG…``)."""

    code = "twilio"
    default_endpoint = "https://api.twilio.com/2010-04-01"
    supports_callback = True
    supports_inbound = True

    def send(self, message):
        data = {"To": message.number, "Body": message.body}
        sender = self.config.sender or ""
        data["MessagingServiceSid" if sender.startswith("MG") else "From"] = sender
        if self.config.callback_url:
            data["StatusCallback"] = self.config.callback_url
        try:
            response = self._request(
                "POST",
                f"Accounts/{self.config.login}/Messages.json",
                data=data,
                auth=(self.config.login, self.config.password),
            )
        except requests.ReadTimeout:
            return gw.SendResult(gw.UNKNOWN, reason="timeout")
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code in (200, 201) and answer.get("sid"):
            state = self.status_result(answer)
            return gw.SendResult(
                state.state or gw.PENDING,
                external_id=answer["sid"],
                parts=_int(answer.get("num_segments")),
                cost=_float(answer.get("price")),
                failure_type=state.failure_type,
                reason=state.reason,
            )
        code = _int(answer.get("code"))
        return gw.SendResult(
            gw.ERROR,
            failure_type=SEND_ERRORS.get(code, gw.GATEWAY_ERROR),
            reason=f"Twilio {code or response.status_code}: {answer.get('message', '')}"[:250],
        )

    def status_result(self, values):
        """A StatusResult from a callback's form or a message resource (keys of either casing)."""
        status = (values.get("MessageStatus") or values.get("status") or "").lower()
        state = STATUS_STATES.get(status, "")
        code = _int(values.get("ErrorCode") or values.get("error_code"))
        failure_type = reason = ""
        if state == gw.ERROR:
            failure_type = DELIVERY_ERRORS.get(code) or SEND_ERRORS.get(code) or gw.NOT_DELIVERED
            reason = f"Twilio {status} {code or ''}".strip()
        sid = values.get("MessageSid") or values.get("sid") or ""
        return gw.StatusResult(sid, state, failure_type, reason)

    def check_signature(self, url, params, signature):
        """X-Twilio-Signature: base64(HMAC-SHA1(auth token, url + each key and value, keys sorted)). Twilio
        signs the URL sometimes with its default port (``:443``), sometimes without: both are accepted, as
        twilio-python's ``RequestValidator.validate`` does (doc/protocols.md)."""
        if not signature or not self.config.password:
            return False
        return any(webhook.secret_ok(self._signature(variant, params), signature) for variant in _port_variants(url))

    def _signature(self, url, params):
        payload = url
        for key in sorted(params):
            values = params[key] if isinstance(params[key], list) else [params[key]]
            for value in sorted(values):
                payload += key + value
        digest = hmac.new(self.config.password.encode(), payload.encode(), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()

    def parse_inbound(self, payload):
        """An incoming SMS posted to the number's "A message comes in" webhook (signed as the callbacks)."""
        sender = payload.get("From") or ""
        if not sender:
            return []
        return [gw.InboundMessage(sender, payload.get("Body") or "", payload.get("MessageSid") or "")]


def _port_variants(url):
    """``url`` without and with its scheme's default port (a port it names is kept as the second)."""
    parsed = urlsplit(url)
    if not parsed.hostname:
        return [url]
    default = 443 if parsed.scheme == "https" else 80
    host = parsed.netloc.rsplit("@", 1)[-1]
    userinfo = parsed.netloc[: -len(host)]
    bare = host.rsplit(":", 1)[0] if parsed.port else host
    without = urlunsplit(parsed._replace(netloc=f"{userinfo}{bare}"))
    with_port = urlunsplit(parsed._replace(netloc=f"{userinfo}{bare}:{parsed.port or default}"))
    return [without, with_port]
