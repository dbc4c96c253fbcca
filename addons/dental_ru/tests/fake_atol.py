"""A fake ATOL Online API v4 on 127.0.0.1 keeping its documents like the real one: one document per
``external_id`` in a group (a repeat answers error 33 with the first document's uuid), tokens, reports; and a fake
Evotor cloud register, the same protocol in its version 5 (ФФД 1.2 body).

Its answers follow ATOL's "Описание протокола v4", document version 4.6 (doc/fiscal_protocol.md): the error
format {error_id, code, text, type}, the HTTP status and ``status`` of each error of its table 6 (401 for the token
errors 10, 11, 12; 400 with ``status: fail`` and no uuid for a refused document; 400 with ``status: wait`` and the
first document's uuid for a duplicate, 33; 200 with ``status: wait`` for a report not ready yet, 34), the report's
payload fields and the required fields of the request schemas (section 7.2)."""

import re
import uuid

from .fake_server import FakeJsonServer

LOGIN, PASSWORD = "clinic-login", "clinic-secret"
TIMESTAMP = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}$")  # schema 7.2, "atol-timestamp"
BASE_DATE = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$")
VAT_TYPES = {"none", "vat0", "vat10", "vat18", "vat20", "vat110", "vat118", "vat120"}


class FakeAtol(FakeJsonServer):
    """``plan`` holds what the next registrations do: ``"ok"``, ``("refuse", code, text)``, ``("hang", seconds)``
    (the document is taken, the answer comes late), ``("http", status)``; default ``"ok"``. ``documents``:
    {external_id: {"uuid", "operation", "body"}}; a document is "printed" once it is in there. ``report_status``:
    what reports answer: ``done``, ``wait`` (a plain wait), ``not_found`` (error 34 with ``status: wait``) or
    ``("fail", code, text)`` (the register could not print it)."""

    VERSION = "v4"
    OPERATIONS = ("sell", "sell_refund", "sell_correction", "buy", "buy_refund", "buy_correction")

    def __init__(self):
        super().__init__()
        self.plan = []
        self.documents = {}
        self.tokens = set()
        self.report_status = "done"

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.plan.clear()
            self.documents.clear()
            self.report_status = "done"

    @property
    def url(self):
        return f"{self.base_url}/possystem"

    def registrations(self):
        return [r for r in self.requests if r["method"] == "POST" and not r["path"].endswith("getToken")]

    # ------------------------------------------------------------------ validation (schemas of section 7.2)
    def _invalid(self, body):
        """The first field the register's validation refuses in the body, or None."""
        if not TIMESTAMP.match(str(body.get("timestamp") or "")):
            return "timestamp"
        if not body.get("external_id"):
            return "external_id"
        if "correction" in body:
            return self._invalid_correction(body["correction"])
        receipt = body.get("receipt") or {}
        client = receipt.get("client") or {}
        if not (client.get("email") or client.get("phone")):
            return "receipt.client"
        company = receipt.get("company") or {}
        for key in ("email", "inn", "payment_address"):
            if not company.get(key):
                return f"receipt.company.{key}"
        return self._invalid_document(receipt, "receipt")

    def _invalid_document(self, document, where):
        """The items, payments and total of a receipt (or of a v5 correction)."""
        if not document.get("items") or not document.get("payments") or "total" not in document:
            return where
        for item in document["items"]:
            if invalid := self._invalid_item(item):
                return f"{where}.items: {invalid}"
        return self._invalid_payments(document["payments"], where)

    def _invalid_item(self, item):
        for key in ("name", "price", "quantity", "sum", "payment_method", "payment_object"):
            if key not in item:
                return key
        if (item.get("vat") or {}).get("type") not in VAT_TYPES:
            return "vat"
        if not isinstance(item.get("measurement_unit", ""), str) or not isinstance(item["payment_object"], str):
            return "measurement_unit, payment_object"
        return None

    @staticmethod
    def _invalid_payments(payments, where):
        for payment in payments:
            if payment.get("type") not in range(10) or "sum" not in payment:
                return f"{where}.payments"
        return None

    def _invalid_correction_head(self, correction):
        """The company and correction_info of a correction."""
        company = correction.get("company") or {}
        if not company.get("inn") or not company.get("payment_address"):
            return "correction.company"
        info = correction.get("correction_info") or {}
        if info.get("type") not in ("self", "instruction") or not BASE_DATE.match(str(info.get("base_date") or "")):
            return "correction.correction_info"
        keys = self.CORRECTION_INFO_KEYS + (("base_number",) if info["type"] == "instruction" else ())
        for key in keys:
            if not info.get(key):
                return f"correction.correction_info.{key}"
        return None

    def _invalid_correction(self, correction):
        """Table 3: company {sno, inn, payment_address}, correction_info {type, base_date, base_number,
        base_name}, payments, vats {type, sum}; no items (ФФД 1.05)."""
        if invalid := self._invalid_correction_head(correction):
            return invalid
        if not correction.get("payments") or not correction.get("vats"):
            return "correction"
        for vat in correction["vats"]:
            if vat.get("type") not in VAT_TYPES or "sum" not in vat:
                return "correction.vats"
        if "items" in correction:
            return "correction: items"
        return self._invalid_payments(correction["payments"], "correction")

    CORRECTION_INFO_KEYS = ("base_number", "base_name")

    # ------------------------------------------------------------------ answers
    @staticmethod
    def _error(code, text, **extra):
        return {
            "error": {"error_id": str(uuid.uuid4()), "code": code, "text": text, "type": "system"},
            "timestamp": "06.12.2026 12:00:00",
            **extra,
        }

    def _answer(self, method, path, body, token):
        if path.endswith(f"/{self.VERSION}/getToken"):
            if body.get("login") == LOGIN and body.get("pass") == PASSWORD:
                token = uuid.uuid4().hex
                self.tokens.add(token)
                return 200, {"error": None, "token": token, "timestamp": "06.12.2026 12:00:00"}, 0
            return 401, self._error(12, "Неверный логин или пароль"), 0
        if not token:
            return 401, self._error(10, "Не распознан токен запроса"), 0
        if token not in self.tokens:
            return 401, self._error(11, "Переданный токен не активен"), 0
        if match := re.search(rf"/{self.VERSION}/([^/]+)/report/([^/]+)$", path):
            return (*self._report(match.group(2)), 0)
        operation = path.rsplit("/", 1)[-1]
        if operation not in self.OPERATIONS:
            return 400, self._error(31, f'Операция "{operation}" не поддерживается'), 0
        step = self.plan.pop(0) if self.plan else "ok"
        if isinstance(step, tuple) and step[0] == "http":
            return step[1], {}, 0
        if isinstance(step, tuple) and step[0] == "refuse":
            # a refused document gets no uuid (section 4)
            return 400, self._error(step[1], step[2], status="fail"), 0
        if invalid := self._invalid(body):
            return 400, self._error(32, f"Ошибка валидации входного чека. Ошибочные поля : {invalid}", status="fail"), 0
        external_id = body.get("external_id")
        if external_id in self.documents:
            existing = self.documents[external_id]["uuid"]
            text = f"В системе существует чек с external_id : {external_id} и group_code: clinic_group"
            return 400, self._error(33, text, uuid=existing, status="wait"), 0
        self.documents[external_id] = {"uuid": str(uuid.uuid4()), "operation": operation, "body": body}
        delay = step[1] if isinstance(step, tuple) and step[0] == "hang" else 0
        answer = {
            "uuid": self.documents[external_id]["uuid"],
            "status": "wait",
            "error": None,
            "timestamp": "06.12.2026 12:00:00",
        }
        return 200, answer, delay

    def _report(self, doc_uuid):
        doc = next((d for d in self.documents.values() if d["uuid"] == doc_uuid), None)
        if not doc:
            return 400, self._error(30, f'Передан некорректный UUID : "{doc_uuid}"', status="fail")
        if self.report_status == "wait":
            return 200, {"uuid": doc["uuid"], "status": "wait", "error": None, "payload": None}
        if self.report_status == "not_found":
            text = "Состояние чека не найдено. Попробуйте позднее"
            return 200, self._error(34, text, status="wait", payload=None)
        if isinstance(self.report_status, tuple):
            __, code, text = self.report_status
            return 200, {**self._error(code, text, status="fail", payload=None), "uuid": doc["uuid"]}
        number = list(self.documents).index(doc["body"]["external_id"]) + 1
        payload = {
            "total": (doc["body"].get("receipt") or doc["body"].get("correction"))["payments"][0]["sum"],
            "fns_site": "www.nalog.gov.ru",
            "fn_number": "9999078900004312",
            "shift_number": 12,
            "receipt_datetime": "06.12.2026 12:00:01",
            "fiscal_receipt_number": number,
            "fiscal_document_number": 1000 + number,
            "ecr_registration_number": "0000000001002292",
            "fiscal_document_attribute": 3000000000 + number,
        }
        answer = {
            "uuid": doc["uuid"],
            "status": "done",
            "error": None,
            "payload": payload,
            "timestamp": "06.12.2026 12:00:02",
            "group_code": "clinic_group",
            "external_id": doc["body"]["external_id"],
        }
        return 200, answer


class FakeEvotor(FakeAtol):
    """Evotor's cloud register (its ATOL connector, API v5): the v5 body (ФФД 1.2) or a validation error."""

    VERSION = "v5"
    OPERATIONS = (*FakeAtol.OPERATIONS, "sell_refund_correction", "buy_refund_correction")
    CORRECTION_INFO_KEYS = ()  # ФФД 1.2: the basis's number only for an order of the tax authority

    def _invalid_item(self, item):
        for key in ("name", "price", "quantity", "sum", "payment_method", "payment_object", "vat"):
            if key not in item:
                return key
        if "measurement_unit" in item or not isinstance(item.get("measure"), int):
            return "measure"
        if not isinstance(item.get("payment_object"), int):
            return "payment_object"
        return None

    def _invalid_correction(self, correction):
        """A v5 correction is a receipt with its correction_info: company, items, payments, total."""
        return self._invalid_correction_head(correction) or self._invalid_document(correction, "correction")
