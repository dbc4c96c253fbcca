import logging

from odoo import SUPERUSER_ID, http
from odoo.http import request

from odoo.addons.dental_patient.tools import webhook

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
        dental_max_body=MAX_BODY,  # refused with 413 before Odoo parses a form (dental_patient's ir.http)
    )
    def callback(self, study_id, **kwargs):
        # The token identifies one study, not a user: the result is applied as the superuser to that study
        # only, after the token is checked; nothing is read or written before.
        env = request.env(user=SUPERUSER_ID, context={"lang": "en_US"})
        study = env["dental.diagnocat.study"].browse(study_id).exists()
        expected = study.callback_token if study else ""
        if not webhook.secret_ok(expected, webhook.bearer_token(request.httprequest)):
            return webhook.refuse(_logger, "Diagnocat callback for study %s refused: bad token", study_id)
        # a Content-Length is required: the size is checked before the body is read
        has_length = request.httprequest.content_length is not None
        body = webhook.read_body(request.httprequest, MAX_BODY) if has_length else None
        if body is None:
            return self._answer({"ok": False, "error": "a Content-Length up to 2 MB is required"}, 400)
        try:
            data = webhook.parse_json(body.decode(errors="replace"))
            # the protocol's parsing, without calling the service
            result = DiagnocatClient(DiagnocatConfig(endpoint="")).parse_study(data)
        except (ValueError, DiagnocatError) as error:
            return self._answer({"ok": False, "error": str(error)}, 400)
        if result.external_id and study.external_id and result.external_id != study.external_id:
            return self._answer({"ok": False, "error": "not this study"}, 403)
        applied = study._diagnocat_apply(result)
        return self._answer({"ok": True, "state": study.state, "applied": applied}, 200)

    def _answer(self, data, status):
        return webhook.json_response(data, status=status)
