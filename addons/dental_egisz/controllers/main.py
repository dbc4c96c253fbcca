import logging

from odoo import SUPERUSER_ID, http
from odoo.http import request

from ..tools import remd

_logger = logging.getLogger(__name__)
SOAP_TYPE = "application/soap+xml; charset=utf-8"


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
    )
    def remd_callback(self, token, **_kwargs):
        # superuser: an unauthenticated service call, limited to the company whose secret token it presents
        env = request.env(user=SUPERUSER_ID)
        company = env["res.company"].search([("egisz_callback_token", "=", token)], limit=1) if token else None
        if not company:
            return request.make_response(remd.fault("unknown address"), [("Content-Type", SOAP_TYPE)], status=404)
        try:
            operation, payload = remd.parse_callback(request.httprequest.get_data())
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
