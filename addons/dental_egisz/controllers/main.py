import logging

from odoo import SUPERUSER_ID, http
from odoo.http import request

from odoo.addons.dental_patient.tools import webhook

from ..tools import remd

_logger = logging.getLogger(__name__)
SOAP_TYPE = "application/soap+xml; charset=utf-8"
MAX_BODY = 1024 * 1024  # a registration result or a file request, no document


class EgiszRemdController(http.Controller):
    """What РЭМД calls: ``registerDocumentResult`` (the asynchronous answer) and ``getDocumentFile``.

    The address carries the branch's secret callback token; a wrong token answers 404 and reveals nothing.
    """

    @http.route(
        "/dental_egisz/remd/<string:token>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
        dental_max_body=MAX_BODY,  # refused with 413 before Odoo parses a form (dental_patient's ir.http)
    )
    def remd_callback(self, token, **_kwargs):
        # superuser: an unauthenticated service call, limited to the company whose secret token it presents
        env = request.env(user=SUPERUSER_ID)
        company = self._company(env, token)
        if not company:
            _logger.warning("РЭМД callback refused: unknown address")
            return request.make_response(remd.fault("unknown address"), [("Content-Type", SOAP_TYPE)], status=404)
        # within MAX_BODY: the route's dental_max_body refused a larger body with 413 and kept this one
        body = request.httprequest.get_data(cache=True)
        try:
            operation, payload = remd.parse_callback(body)
        except ValueError as error:
            return request.make_response(remd.fault(str(error)), [("Content-Type", SOAP_TYPE)], status=400)
        documents = env["dental.egisz.document"]
        if operation == "registerDocumentResult":
            known = documents._remd_result(company, payload)
            if not known:
                return request.make_response(remd.fault("unknown document"), [("Content-Type", SOAP_TYPE)], status=400)
            body = remd.envelope("registerDocumentResultResponse", [("status", "ACCEPTED")])
            return request.make_response(body, [("Content-Type", SOAP_TYPE)])
        document = documents.search(
            [
                ("local_uid", "=", payload),
                ("company_id", "=", company.id),
                ("sent_date", "!=", False),
                ("document_type", "=", "protocol"),
            ],
            limit=1,
        )
        if not document:
            return request.make_response(remd.fault("unknown document"), [("Content-Type", SOAP_TYPE)], status=400)
        body = remd.envelope(
            "getDocumentFileResponse", [("mimeType", "application/xml"), ("data", remd.b64(document._document_file()))]
        )
        return request.make_response(body, [("Content-Type", SOAP_TYPE)])

    @staticmethod
    def _company(env, token):
        """The branch whose callback token is ``token``: every branch's token is compared in constant time (an
        SQL equality on the token would answer sooner for a closer guess); an empty token matches none."""
        companies = env["res.company"].search([("egisz_callback_token", "!=", False)])
        return next((c for c in companies if webhook.secret_ok(c.egisz_callback_token, token)), companies.browse())
