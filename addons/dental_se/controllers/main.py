import logging

from odoo import http
from odoo.http import request

from odoo.addons.dental_patient.tools import webhook

from ..tools.financing import check_signature

_logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024


class DentalSeFinancingController(http.Controller):
    @http.route(
        "/dental_se/financing/callback/<int:provider_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        dental_max_body=MAX_BODY,  # refused with 413 before Odoo parses a form (dental_patient's ir.http)
    )
    def financing_callback(self, provider_id, **_kwargs):
        """The provider's callback: 403 unless signed with the provider's webhook secret (nothing read or written
        before), 400 for a malformed body, 200 once applied or when the event id was already received."""
        body = webhook.read_body(request.httprequest, MAX_BODY)
        if body is None:
            return self._answer(413, "too large")
        # sudo: a public route; the provider is only read to check the signature of its own secret
        provider = request.env["dental.se.financing.provider"].sudo().browse(provider_id).exists()
        signature = request.httprequest.headers.get("X-Signature", "")
        if not provider or not provider.active or not check_signature(provider.webhook_secret, body, signature):
            return webhook.refuse(
                _logger,
                "Financing callback refused for provider %s: bad signature",
                provider_id,
                data=_result("forbidden"),
            )
        try:
            payload = webhook.parse_json(body)
        except ValueError:
            return self._answer(400, "not JSON")
        if not isinstance(payload, dict) or not payload.get("event_id") or not payload.get("type"):
            return self._answer(400, "event_id and type are required")
        result = request.env["dental.se.financing.event"].sudo()._dental_receive(provider, payload)
        return self._answer(200, result)

    @staticmethod
    def _answer(status, message):
        return webhook.json_response(_result(message), status=status)


def _result(message):
    return {"result": message}
