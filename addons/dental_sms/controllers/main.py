import logging

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)


class DentalSmsController(http.Controller):
    @http.route(
        "/dental_sms/twilio/status/<int:account_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def twilio_status(self, account_id, **post):
        """Twilio's StatusCallback. Authenticated by X-Twilio-Signature (HMAC-SHA1 with the account's
        Auth Token over the URL we gave Twilio and the posted fields); anything else is refused."""
        # sudo: a public route; nothing is read or written before the signature is checked
        account = request.env["dental.sms.account"].sudo().browse(account_id).exists()
        if not account or not account.active or account.provider != "twilio":
            raise Forbidden()
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
