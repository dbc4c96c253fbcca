import logging

from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.dental_patient.tools import webhook

from ..tools import pbx

_logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024  # one call event


class DentalTelephonyWebhooks(http.Controller):
    """The PBX's call events, one route per provider (tools/pbx.py parses them, docs/telephony.md).

    Like dental_marketing's inbound channels: no session, the account is authenticated before the body is
    trusted (Mango's signature; the token of UIS and Beeline in ``?token=`` or ``Authorization: Bearer``):
    403 otherwise. 400 with the reason for a body that is not an event. Both logged, nothing stored. 200
    ``{"ok": true, "calls": [...]}`` otherwise; a repeated event changes nothing (one call per external id).
    """

    _routes = {
        "type": "http",
        "auth": "none",
        "methods": ["POST"],
        "csrf": False,
        "save_session": False,
        "readonly": False,
        "dental_max_body": MAX_BODY,  # refused with 413 before Odoo parses Mango's form (dental_patient's ir.http)
    }

    @http.route("/dental_telephony/mango/<int:account_id>/events/record/<string:sub_event>", **_routes)
    def mango_record(self, account_id, sub_event, **kwargs):
        """``events/record/added`` (the recording is in the cloud storage), ``events/record/tagged``."""
        return self.mango(account_id, f"record/{sub_event}")

    @http.route("/dental_telephony/mango/<int:account_id>/events/<string:event>", **_routes)
    def mango(self, account_id, event, **kwargs):
        account = self._account("mango", account_id)
        try:
            if not account:
                raise pbx.PbxForbidden("unknown account")
            payload = pbx.mango_check(request.httprequest.form, account.sudo().api_key, account.sudo().api_secret)
            events = pbx.mango_parse(event, payload)
        except pbx.PbxError as error:
            return self._refuse("mango", account_id, error)
        return self._receive(account, events)

    @http.route("/dental_telephony/uis/<int:account_id>", **_routes)
    def uis(self, account_id, **kwargs):
        return self._token_route("uis", account_id, lambda body: pbx.uis_parse(_json(body)))

    @http.route("/dental_telephony/beeline/<int:account_id>", **_routes)
    def beeline(self, account_id, **kwargs):
        return self._token_route("beeline", account_id, pbx.beeline_parse)

    @http.route("/dental_telephony/recording/<int:call_id>", type="http", auth="user", methods=["GET"])
    def recording(self, call_id, **kwargs):
        """A Mango recording: Mango's link works once, so each opening asks Mango for a fresh one and redirects
        to it. Only for users who may read the call and its recording (Directors, coordinators): 404 otherwise,
        like a call without a recording or a link Mango does not give."""
        call = request.env["dental.call"].browse(call_id).exists()
        try:
            call.check_access("read")
            call.check_field_access_rights("read", ["recording_ref"])
        except AccessError:
            raise NotFound() from None
        # after the user's own checks: the reference and the account's secrets are read as the superuser
        sudo_call = call.sudo()
        link = call and sudo_call.account_id._dental_mango_play_link(call, sudo_call.recording_ref)
        if not link:
            raise NotFound()
        return request.redirect(link, code=303, local=False)

    # ------------------------------------------------------------------ helpers
    def _env(self):
        # The webhook acts as the superuser on the one account its secret names, checked first.
        return request.env(user=SUPERUSER_ID, context={"lang": "en_US"})

    def _account(self, provider, account_id):
        account = self._env()["dental.pbx.account"].browse(account_id).exists()
        return account if account and account.active and account.provider == provider else account.browse()

    def _token_route(self, provider, account_id, parse):
        account = self._account(provider, account_id)
        token = webhook.bearer_token(request.httprequest, "token")
        try:
            if not account or not account._dental_token_ok(token):
                raise pbx.PbxForbidden("bad token")
            # within MAX_BODY: the route's dental_max_body refused a larger body with 413 and kept this one
            events = parse(request.httprequest.get_data(cache=True))
        except pbx.PbxError as error:
            return self._refuse(provider, account_id, error)
        return self._receive(account, events)

    def _receive(self, account, events):
        calls = account._dental_receive(events)
        return webhook.json_response({"ok": True, "calls": calls.ids})

    def _refuse(self, provider, account_id, error):
        status = 403 if isinstance(error, pbx.PbxForbidden) else 400
        data = {"ok": False, "error": "forbidden" if status == 403 else str(error)}
        return webhook.refuse(
            _logger, "PBX webhook (%s, account %s) refused: %s", provider, account_id, error, status=status, data=data
        )


def _json(body):
    try:
        return webhook.parse_json(body)
    except ValueError:
        raise pbx.PbxError("the body is not JSON") from None
