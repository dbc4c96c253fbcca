import hmac
import json
import logging

from odoo import SUPERUSER_ID, http
from odoo.http import request

from ..tools.diagnocat import DiagnocatClient, DiagnocatConfig, DiagnocatError

_logger = logging.getLogger(__name__)

# Largest callback body (a study's findings, no files).
MAX_BODY = 2 * 1024 * 1024


class DentalDiagnocatController(http.Controller):
    """Where Diagnocat posts a study's result (readme/DESCRIPTION.md, "Protocol").

    ``POST /dental_diagnocat/callback/<study id>`` with ``Authorization: Bearer <the study's callback
    token>`` (sent with the upload, one per study) and the study's JSON. Answers 200 ``{"ok": true}``,
    403 for a wrong token or study, 400 for a body that is not a study.
    """

    @http.route(
        "/dental_diagnocat/callback/<int:study_id>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def callback(self, study_id, **kwargs):
        # The token identifies one study, not a user: the result is applied as the superuser to that study
        # only, after the token is checked; nothing is read or written before.
        env = request.env(user=SUPERUSER_ID, context={"lang": "en_US"})
        study = env["dental.diagnocat.study"].browse(study_id).exists()
        scheme, _sep, token = request.httprequest.headers.get("Authorization", "").partition(" ")
        expected = study.callback_token if study else ""
        if (
            not expected
            or scheme.lower() != "bearer"
            or not hmac.compare_digest(expected.encode(), token.strip().encode())
        ):
            _logger.warning("Diagnocat callback for study %s refused: bad token", study_id)
            return self._answer({"ok": False, "error": "forbidden"}, 403)
        length = request.httprequest.content_length
        if length is None or length > MAX_BODY:
            return self._answer({"ok": False, "error": "a Content-Length up to 2 MB is required"}, 400)
        try:
            data = json.loads(request.httprequest.get_data(as_text=True) or "null")
            # the protocol's parsing, without calling the service
            result = DiagnocatClient(DiagnocatConfig(endpoint="")).parse_study(data)
        except (ValueError, DiagnocatError) as error:
            return self._answer({"ok": False, "error": str(error)}, 400)
        if result.external_id and study.external_id and result.external_id != study.external_id:
            return self._answer({"ok": False, "error": "not this study"}, 403)
        applied = study._diagnocat_apply(result)
        return self._answer({"ok": True, "state": study.state, "applied": applied}, 200)

    def _answer(self, data, status):
        return request.make_json_response(data, status=status)
