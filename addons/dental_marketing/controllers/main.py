import logging

from odoo import SUPERUSER_ID, http
from odoo.http import request

from odoo.addons.dental_patient.tools import webhook

from ..tools import inbound

_logger = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # a form or a chat's transcript


class DentalMarketingInbound(http.Controller):
    """``POST /dental_marketing/inbound/<channel id>``: a request of an inbound channel becomes a lead.

    Authenticated by the channel's token (``Authorization: Bearer <token>``, ``?token=<token>``, or VK's
    ``secret`` in the body) before anything else is read: 403 otherwise. A body over 256 KB, sent with a
    Content-Length or without one: 413 before its form or JSON is read (the shared door's limit on the route).
    400 with the reason (also logged) for a body that is not a request of the channel, nothing created; 200
    ``{"ok": true, "lead_id": ..., "created": ...}`` otherwise (Jivo: with its ``"result": "ok"``), the same lead
    for a repeated delivery. VK and Tilda get their plain "ok", VK its confirmation code.
    """

    @http.route(
        "/dental_marketing/inbound/<int:channel_id>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
        dental_max_body=MAX_BODY,
    )
    def inbound(self, channel_id, **kwargs):
        # The token identifies one channel of one branch: the lead is created as the superuser for that
        # channel's branch and team only, after the token is checked.
        env = request.env(user=SUPERUSER_ID, context={"lang": "en_US"})
        channel = env["dental.marketing.channel"].browse(channel_id).exists().filtered("active")
        token = webhook.bearer_token(request.httprequest, "token")
        payload = None
        if not token and channel.kind == "vk":
            payload = self._payload(channel)
            token = payload.get("secret", "") if isinstance(payload, dict) else ""
        if not channel or not isinstance(token, str) or not channel._dental_token_ok(token):
            return webhook.refuse(_logger, "Inbound request to channel %s refused: bad token", channel_id)
        if payload is None:
            payload = self._payload(channel)
        try:
            if payload is None:
                raise inbound.InboundError("the body is not JSON")
            parsed = channel._dental_parse(payload)
        except inbound.Confirmation:
            return request.make_response(channel.vk_confirmation or "", headers=[("Content-Type", "text/plain")])
        except (inbound.Ping, inbound.Ignored):
            return self._ok(channel, {"ok": True})
        except inbound.InboundError as error:
            return self._refuse(channel_id, str(error), 400)
        lead, created = channel._dental_receive(parsed)
        return self._ok(channel, {"ok": True, "lead_id": lead.id, "created": created})

    def _payload(self, channel):
        httprequest = request.httprequest
        if channel.kind == "tilda" and httprequest.form:
            return httprequest.form.to_dict()
        body = webhook.read_body(httprequest, MAX_BODY)  # None: over the limit, sent without a Content-Length
        try:
            return webhook.parse_json(body.decode(errors="replace")) if body is not None else None
        except ValueError:
            return None

    def _ok(self, channel, data):
        # VK Callback API and Tilda's webhook wait for the plain string "ok"; Jivo's webhooks for the JSON
        # {"result": "ok"} (anything else is an error to Jivo). doc/protocols.md
        if channel.kind in ("vk", "tilda"):
            return request.make_response("ok", headers=[("Content-Type", "text/plain")])
        if channel.kind == "jivo":
            data = dict(data, result="ok")
        return webhook.json_response(data)

    def _refuse(self, channel_id, reason, status):
        data = {"ok": False, "error": reason}
        return webhook.refuse(
            _logger, "Inbound request to channel %s refused: %s", channel_id, reason, status=status, data=data
        )
