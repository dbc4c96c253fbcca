"""Telegram Bot API: ``sendMessage`` to a patient's chat, and the bot's webhook updates."""

import requests

from odoo.addons.dental_patient.tools import webhook

from . import gateway as gw

# Bot API error codes (``error_code``) and words of ``description``.
ERRORS = {
    401: gw.ACCOUNT_ERROR,  # wrong bot token
    404: gw.ACCOUNT_ERROR,  # wrong bot token (the method is not found)
    403: gw.REJECTED,  # the patient blocked the bot, or never started it
}


@gw.register
class TelegramGateway(gw.Gateway):
    """``password`` is the bot token (``123456:ABC…``), ``webhook_secret`` the secret token given to
    ``setWebhook`` and sent back by Telegram in ``X-Telegram-Bot-Api-Secret-Token``. The message's
    ``number`` is the patient's chat id. Telegram keeps the token in the URL path: it is never logged
    (``label``)."""

    code = "telegram"
    channel = "telegram"
    default_endpoint = "https://api.telegram.org"
    supports_inbound = True

    def send(self, message):
        try:
            response = self._request(
                "POST",
                f"bot{self.config.password}/sendMessage",
                label="sendMessage",
                json={"chat_id": message.number, "text": message.body},
            )
        except requests.ReadTimeout:
            return gw.SendResult(gw.UNKNOWN, reason="timeout")
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code == 200 and answer.get("ok"):
            result = answer.get("result") or {}
            # Telegram has no delivery report: a message it accepted is in the patient's chat
            return gw.SendResult(gw.DELIVERED, external_id=str(result.get("message_id") or ""), parts=1)
        code = answer.get("error_code") or response.status_code
        description = str(answer.get("description") or "")
        failure_type = ERRORS.get(code, gw.GATEWAY_ERROR)
        if code == 400 and "chat not found" in description.lower():
            failure_type = gw.INVALID_NUMBER
        return gw.SendResult(gw.ERROR, failure_type=failure_type, reason=f"Telegram {code}: {description}"[:250])

    def check_signature(self, url, params, signature):
        """The secret token header must equal the account's webhook secret (set with ``setWebhook``)."""
        secret = self.config.webhook_secret
        return webhook.secret_ok(secret, signature)

    def parse_inbound(self, payload):
        """A webhook ``Update``: its text message, if any (edited messages and other updates are ignored)."""
        message = payload.get("message") if isinstance(payload, dict) else None
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return []
        chat_id = message["chat"].get("id")
        if chat_id is None:
            return []
        # a contact the patient shared with the bot's "share my phone" button: Telegram sets its user_id to
        # the sender's own id only for the sender's own number (a forwarded card has another or none)
        contact = message.get("contact") if isinstance(message.get("contact"), dict) else {}
        sender_id = (message.get("from") or {}).get("id") if isinstance(message.get("from"), dict) else None
        own_phone = contact.get("phone_number") if sender_id and contact.get("user_id") == sender_id else ""
        return [
            gw.InboundMessage(
                str(chat_id),
                str(message.get("text") or ""),
                str(message.get("message_id") or ""),
                phone=str(own_phone or ""),
            )
        ]
