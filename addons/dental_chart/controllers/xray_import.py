import hmac
import json
import logging

from odoo import SUPERUSER_ID, http
from odoo.exceptions import AccessError, ValidationError
from odoo.http import request

_logger = logging.getLogger(__name__)


class DentalXrayImportController(http.Controller):
    """Endpoint where an AI X-ray analysis service (Diagnocat-style) posts its findings.

    ``POST /dental_chart/xray_import`` with ``Authorization: Bearer <token>`` (the
    branch's import token in Settings) and a JSON body (readme/DESCRIPTION.md).
    Answers JSON: 200 ``{"ok": true, "image_id", "finding_ids", "duplicate"}``,
    400 ``{"ok": false, "errors": [...]}``, 401 for a bad token.
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
        company = self._authenticate(request.httprequest.headers.get("Authorization", ""))
        if not company:
            return self._answer({"ok": False, "errors": ["invalid token"]}, 401)
        try:
            payload = json.loads(request.httprequest.get_data(as_text=True) or "null")
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

    def _authenticate(self, header):
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        companies = request.env["res.company"].sudo().search([("dental_import_token", "!=", False)])
        for company in companies:
            if hmac.compare_digest(company.dental_import_token.encode(), token.strip().encode()):
                return company
        return None

    def _answer(self, data, status):
        return request.make_json_response(data, status=status)
