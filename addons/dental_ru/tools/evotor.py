"""Evotor cloud cash register (Эвотор, «Облачная касса»): the fiscalisation service
``https://fiscalization.evotor.ru/possystem/v5`` speaks the ATOL Online protocol in its version 5 (ФФД 1.2), as
Evotor documents it ("Описание API (коннектор АТОЛ Онлайн)" and its Open API page, docs.evotor.online):
``getToken`` with login and password, ``{group_code}/{operation}`` with the ``Token`` header and the receipt's
``external_id``, ``{group_code}/report/{uuid}``. So the same client and the same guarantees (one document per
``external_id``, a repeat answered with the first document's uuid), with the v5 body: the item's unit as the
ФФД 1.2 code ``measure`` (0: piece or unit) and its subject as the code ``payment_object`` (4: service), a refund
correction of its own (``sell_refund_correction``), a correction with its items, total and client and without the
ФФД 1.05 ``base_name``.

The timestamp keeps ATOL's "dd.mm.yyyy HH:MM:SS": the ATOL v5 clients and the clients of Evotor's v5 service read
for doc/fiscal_protocol.md all send it; only the generated example of Evotor's Open API page shows an ISO 8601 one.
"""

from .atol import AtolClient

MEASURE_PIECE = 0  # ФФД 1.2 tag 2108: "шт. или ед."
PAYMENT_OBJECT_CODES = {"commodity": 1, "service": 4, "payment": 10}  # ФФД 1.2 tag 1212


class EvotorClient(AtolClient):
    API_VERSION = "v5"
    LABEL = "Evotor"
    OPERATION_PATHS = {}

    def adapt_body(self, body):
        body = dict(body)
        document_key = "correction" if "correction" in body else "receipt"
        document = dict(body[document_key])
        items = []
        for item in document.get("items") or []:
            item = dict(item)
            item.pop("measurement_unit", None)
            item["measure"] = MEASURE_PIECE
            item["payment_object"] = PAYMENT_OBJECT_CODES.get(item.get("payment_object"), 4)
            items.append(item)
        if items:
            document["items"] = items
        if document_key == "correction":
            document.setdefault("total", sum(payment["sum"] for payment in document.get("payments") or []))
            if "correction_info" in document:
                document["correction_info"] = {k: v for k, v in document["correction_info"].items() if k != "base_name"}
        body[document_key] = document
        return body
