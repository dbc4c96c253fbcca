import logging

from odoo import SUPERUSER_ID, http
from odoo.exceptions import AccessError, ValidationError
from odoo.http import request

from odoo.addons.dental_patient.tools import webhook

_logger = logging.getLogger(__name__)

# Largest body accepted (MB), unless the system parameter below says otherwise.
DEFAULT_MAX_MB = 20
MAX_MB_PARAM = "dental_chart.xray_import_max_mb"


class DentalXrayImportController(http.Controller):
    """Endpoint where an AI X-ray analysis service (Diagnocat-style) posts its findings.

    ``POST /dental_chart/xray_import`` with ``Authorization: Bearer <token>`` (the
    branch's import token in Settings) and a JSON body (readme/DESCRIPTION.md).
    Answers JSON: 200 ``{"ok": true, "image_id", "finding_ids", "duplicate"}``,
    400 ``{"ok": false, "errors": [...]}`` (bad JSON, wrong types, invalid rows), 401 for a bad
    token, 411 without a Content-Length, 413 for a body over the limit.
    """

    @http.route(
        "/dental_chart/xray_import",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def xray_import(self, **kwargs):
        company = self._authenticate(webhook.bearer_token(request.httprequest))
        if not company:
            return webhook.refuse(
                _logger,
                "AI X-ray import refused: bad token",
                status=401,
                data={"ok": False, "errors": ["invalid token"]},
            )
        # The size is checked before the body is read.
        if request.httprequest.content_length is None:
            return self._answer({"ok": False, "errors": ["a Content-Length header is required"]}, 411)
        max_mb = self._max_mb()
        body = webhook.read_body(request.httprequest, max_mb * 1024 * 1024)
        if body is None:
            return self._answer({"ok": False, "errors": [f"the body is larger than {max_mb} MB"]}, 413)
        try:
            payload = webhook.parse_json(body.decode(errors="replace"))
        except ValueError:
            return self._answer({"ok": False, "errors": ["the body is not JSON"]}, 400)
        # The token identifies a branch, not a user: import as the superuser restricted to that
        # branch (patients are searched in it only); the payload itself is fully validated.
        env = request.env(user=SUPERUSER_ID, context={"allowed_company_ids": company.ids, "lang": "en_US"})
        importer = env["dental.xray.import"].with_company(company)
        try:
            with env.cr.savepoint():
                result = importer._import_payload(payload)
        except (ValidationError, AccessError) as error:
            _logger.warning("AI X-ray import refused: %s", error.args[0])
            return self._answer({"ok": False, "errors": error.args[0].split("\n")}, 400)
        return self._answer(dict(result, ok=True), 200)

    def _max_mb(self):
        value = request.env["ir.config_parameter"].sudo().get_param(MAX_MB_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_MAX_MB
        except ValueError:
            _logger.warning("%s is not a number of MB: %r, %s MB used", MAX_MB_PARAM, value, DEFAULT_MAX_MB)
            return DEFAULT_MAX_MB

    def _authenticate(self, token):
        if not token:
            return None
        # sudo: the endpoint has no user yet; only the tokens are compared (each in constant time)
        companies = request.env["res.company"].sudo().search([("dental_import_token", "!=", False)])
        for company in companies:
            if webhook.secret_ok(company.dental_import_token, token):
                return company
        return None

    def _answer(self, data, status):
        return webhook.json_response(data, status=status)
