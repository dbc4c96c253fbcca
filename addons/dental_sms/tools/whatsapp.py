"""WhatsApp Business Cloud API: ``/{phone-number-id}/messages`` and the app's signed webhooks."""

import hashlib
import hmac

import requests

from odoo.addons.dental_patient.tools import webhook

from . import gateway as gw

ERRORS = {
    190: gw.ACCOUNT_ERROR,  # access token expired or invalid
    131005: gw.ACCOUNT_ERROR,  # permission denied
    131031: gw.ACCOUNT_ERROR,  # account locked
    131026: gw.INVALID_NUMBER,  # not a WhatsApp number / undeliverable
    131030: gw.REJECTED,  # recipient not in the allowed list (test numbers)
    131047: gw.REJECTED,  # more than 24 hours since the patient's last message: a template is needed
    131050: gw.REJECTED,  # the patient stopped marketing messages
    131042: gw.NO_BALANCE,  # payment problem of the business account
}
STATUS_STATES = {"sent": gw.PENDING, "delivered": gw.DELIVERED, "read": gw.DELIVERED, "failed": gw.ERROR}


def digits(number):
    return "".join(char for char in number or "" if char.isdigit())


@gw.register
class WhatsAppGateway(gw.Gateway):
    """``login`` is the phone number id, ``password`` the access token (sent as a bearer token),
    ``api_key`` the app secret (signs the webhooks: ``X-Hub-Signature-256``), ``webhook_secret`` the
    verify token of the webhook subscription handshake."""

    code = "whatsapp"
    channel = "whatsapp"
    default_endpoint = "https://graph.facebook.com/v21.0"
    supports_inbound = True

    def send(self, message):
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": digits(message.number),
        }
        if message.template:
            # outside the 24-hour customer-service window only an approved template is delivered
            body.update(type="template", template=message.template)
        else:
            body.update(type="text", text={"body": message.body})
        try:
            response = self._request(
                "POST",
                f"{self.config.login}/messages",
                json=body,
                headers={"Authorization": f"Bearer {self.config.password}"},
            )
        except requests.ReadTimeout:
            return gw.SendResult(gw.UNKNOWN, reason="timeout")
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        messages = answer.get("messages") if isinstance(answer, dict) else None
        if response.status_code == 200 and messages and messages[0].get("id"):
            return gw.SendResult(gw.PENDING, external_id=messages[0]["id"], parts=1)
        error = answer.get("error") if isinstance(answer, dict) else None
        error = error if isinstance(error, dict) else {}
        code = error.get("code") or response.status_code
        return gw.SendResult(
            gw.ERROR,
            failure_type=ERRORS.get(code, gw.GATEWAY_ERROR),
            reason=f"WhatsApp {code}: {error.get('message', '')}"[:250],
        )

    def check_signature(self, url, params, signature):
        """``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>``;
        ``params`` is the raw body (bytes)."""
        secret = self.config.api_key
        if not secret or not signature or not isinstance(params, bytes):
            return False
        expected = "sha256=" + hmac.new(secret.encode(), params, hashlib.sha256).hexdigest()
        return webhook.secret_ok(expected, signature)

    def check_verify_token(self, token):
        secret = self.config.webhook_secret
        return webhook.secret_ok(secret, token)

    def _values(self, payload):
        if not isinstance(payload, dict):
            return
        for entry in payload.get("entry") or []:
            for change in (entry or {}).get("changes") or []:
                value = (change or {}).get("value")
                if isinstance(value, dict):
                    yield value

    def parse_inbound(self, payload):
        """The text messages of a webhook notification (buttons' texts too)."""
        inbound = []
        for value in self._values(payload):
            for message in value.get("messages") or []:
                text = (message.get("text") or {}).get("body") or (message.get("button") or {}).get("text") or ""
                if message.get("from"):
                    inbound.append(gw.InboundMessage(digits(message["from"]), str(text), str(message.get("id") or "")))
        return inbound

    def parse_statuses(self, payload):
        """Delivery statuses of a webhook notification."""
        statuses = []
        for value in self._values(payload):
            for status in value.get("statuses") or []:
                state = STATUS_STATES.get(status.get("status"), "")
                failure_type = reason = ""
                if state == gw.ERROR:
                    error = (status.get("errors") or [{}])[0]
                    failure_type = ERRORS.get(error.get("code"), gw.NOT_DELIVERED)
                    reason = f"WhatsApp {error.get('code', '')}: {error.get('title', '')}"[:250]
                statuses.append(gw.StatusResult(str(status.get("id") or ""), state, failure_type, reason))
        return statuses
