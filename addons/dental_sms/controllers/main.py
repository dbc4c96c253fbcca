import logging

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request

from odoo.addons.dental_patient.tools import webhook

_logger = logging.getLogger(__name__)

# A status, a message or a batch of them: a larger body is refused with 413 before its form is parsed or anything
# is stored, sent with a Content-Length or without one (chunked): the shared door's limit on the routes
# (dental_max_body, dental_patient's ir.http), and on the body the JSON routes read (webhook.read_body).
MAX_BODY = 256 * 1024


class DentalSmsController(http.Controller):
    @http.route(
        "/dental_sms/twilio/status/<int:account_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        dental_max_body=MAX_BODY,
    )
    def twilio_status(self, account_id, **post):
        """Twilio's StatusCallback. Authenticated by X-Twilio-Signature (HMAC-SHA1 with the account's
        Auth Token over the URL we gave Twilio and the posted fields); anything else is refused."""
        account = self._dental_inbound_account("twilio", account_id)
        gateway = account._dental_gateway()
        form = request.httprequest.form
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        if not gateway.check_signature(account._dental_callback_url(), form.to_dict(flat=False), signature):
            _logger.warning("Twilio status callback for SMS account %s refused: bad signature", account_id)
            raise Forbidden()
        status = gateway.status_result(form)
        if status.external_id:
            sms = (
                request.env["sms.sms"]
                .sudo()
                .search([("dental_account_id", "=", account.id), ("dental_external_id", "=", status.external_id)])
            )
            sms._dental_apply_status(status)
        return request.make_response("", status=200)

    # ------------------------------------------------------------
    # Incoming messages: each request is authenticated before anything is read or written
    # ------------------------------------------------------------

    def _dental_inbound_account(self, provider, account_id):
        """The active account of ``provider`` a gateway calls back (status or incoming message); 403 else."""
        # sudo: a public route; the account is only used to check the request's signature first
        account = request.env["dental.sms.account"].sudo().browse(account_id).exists()
        if not account or not account.active or account.provider != provider:
            raise Forbidden()
        return account

    @http.route(
        "/dental_sms/telegram/inbound/<int:account_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        dental_max_body=MAX_BODY,
    )
    def telegram_inbound(self, account_id, **post):
        """The bot's webhook (``setWebhook`` with ``secret_token``): Telegram sends the secret back in
        ``X-Telegram-Bot-Api-Secret-Token``."""
        account = self._dental_inbound_account("telegram", account_id)
        gateway = account._dental_gateway()
        secret = request.httprequest.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not gateway.check_signature("", {}, secret):
            _logger.warning("Telegram webhook for account %s refused: bad secret token", account_id)
            raise Forbidden()
        body = _body()
        if body is None:
            return _too_large("Telegram webhook", account_id)
        account._dental_receive(gateway.parse_inbound(_json(body)))
        return request.make_response("", status=200)

    @http.route(
        "/dental_sms/whatsapp/inbound/<int:account_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
        dental_max_body=MAX_BODY,
    )
    def whatsapp_inbound(self, account_id, **params):
        """WhatsApp Cloud API webhook: GET is the subscription handshake (``hub.verify_token``), POST
        carries messages and statuses, signed with the app secret (``X-Hub-Signature-256``)."""
        account = self._dental_inbound_account("whatsapp", account_id)
        gateway = account._dental_gateway()
        if request.httprequest.method == "GET":
            args = request.httprequest.args
            if args.get("hub.mode") != "subscribe" or not gateway.check_verify_token(args.get("hub.verify_token", "")):
                _logger.warning("WhatsApp webhook handshake for account %s refused: bad verify token", account_id)
                raise Forbidden()
            return request.make_response(args.get("hub.challenge", ""), headers=[("Content-Type", "text/plain")])
        body = _body()
        if body is None:
            return _too_large("WhatsApp webhook", account_id)
        if not gateway.check_signature("", body, request.httprequest.headers.get("X-Hub-Signature-256", "")):
            _logger.warning("WhatsApp webhook for account %s refused: bad signature", account_id)
            raise Forbidden()
        payload = _json(body)
        for status in gateway.parse_statuses(payload):
            if status.external_id:
                sms = (
                    request.env["sms.sms"]
                    .sudo()
                    .search([("dental_account_id", "=", account.id), ("dental_external_id", "=", status.external_id)])
                )
                sms._dental_apply_status(status)
        account._dental_receive(gateway.parse_inbound(payload))
        return request.make_response("", status=200)

    @http.route(
        "/dental_sms/twilio/inbound/<int:account_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        dental_max_body=MAX_BODY,
    )
    def twilio_inbound(self, account_id, **post):
        """A Twilio number's "A message comes in" webhook, signed like the status callbacks."""
        account = self._dental_inbound_account("twilio", account_id)
        gateway = account._dental_gateway()
        form = request.httprequest.form
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        if not gateway.check_signature(account.inbound_url, form.to_dict(flat=False), signature):
            _logger.warning("Twilio incoming SMS for account %s refused: bad signature", account_id)
            raise Forbidden()
        account._dental_receive(gateway.parse_inbound(form.to_dict()))
        # an empty TwiML answer: no automatic reply
        return request.make_response("<Response/>", headers=[("Content-Type", "text/xml")])


def _body():
    """The raw body within ``MAX_BODY`` (the shared door), ``None`` over it."""
    return webhook.read_body(request.httprequest, MAX_BODY)


def _too_large(route, account_id):
    """413, logged: nothing read further, nothing stored."""
    data = {"ok": False, "error": "too large"}
    return webhook.refuse(
        _logger, "%s for account %s refused: the body is over 256 KB", route, account_id, status=413, data=data
    )


def _json(data):
    """The JSON object of a gateway's body; a malformed or non-object body is an empty update (answered 200,
    nothing done: a gateway retries a refused delivery)."""
    try:
        payload = webhook.parse_json(data, empty={})
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
