"""A fake ATOL Online API v4 on 127.0.0.1 keeping its documents like the real one: one document per
``external_id`` in a group (a repeat answers error 33 with the first document's uuid), tokens, reports; and a fake
Evotor cloud register, the same protocol in its version 5 (ФФД 1.2 body)."""

import re
import uuid
from datetime import datetime

from .fake_server import FakeJsonServer

LOGIN, PASSWORD = "clinic-login", "clinic-secret"


class FakeAtol(FakeJsonServer):
    """``plan`` holds what the next registrations do: ``"ok"``, ``("refuse", code, text)``, ``("hang", seconds)``
    (the document is taken, the answer comes late), ``("http", status)``; default ``"ok"``. ``documents``:
    {external_id: {"uuid", "operation", "body"}}; a document is "printed" once it is in there. ``report_status``:
    what reports answer (``done`` or ``wait``)."""

    VERSION = "v4"

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

    def _invalid(self, body):
        """What the register's validation refuses in the body (ATOL v4: the unit as text, the subject as a name,
        a correction without items)."""
        document = body.get("receipt") or body.get("correction") or {}
        for item in document.get("items") or []:
            if not isinstance(item.get("measurement_unit"), str) or not isinstance(item.get("payment_object"), str):
                return "items: measurement_unit, payment_object"
        if "correction" in body and "items" in body["correction"]:
            return "correction: items"
        return None

    @staticmethod
    def _error(code, text, **extra):
        return {"error": {"error_id": str(uuid.uuid4()), "code": code, "text": text, "type": "system"}, **extra}

    def _answer(self, method, path, body, token):
        if path.endswith(f"/{self.VERSION}/getToken"):
            if body.get("login") == LOGIN and body.get("pass") == PASSWORD:
                token = uuid.uuid4().hex
                self.tokens.add(token)
                return 200, {"error": None, "token": token, "timestamp": "06.12.2026 12:00:00"}, 0
            return 200, self._error(12, "Неверный логин или пароль"), 0
        if token not in self.tokens:
            return 200, self._error(11, "Срок действия токена истёк"), 0
        if match := re.search(rf"/{self.VERSION}/([^/]+)/report/([^/]+)$", path):
            doc = next((d for d in self.documents.values() if d["uuid"] == match.group(2)), None)
            if not doc:
                return 200, self._error(34, "Документ не найден", status="fail"), 0
            if self.report_status == "wait":
                return 200, {"uuid": doc["uuid"], "status": "wait", "error": None, "payload": None}, 0
            number = list(self.documents).index(doc["body"]["external_id"]) + 1
            payload = {
                "total": (doc["body"].get("receipt") or doc["body"].get("correction"))["payments"][0]["sum"],
                "fn_number": "9999078900004312",
                "shift_number": 12,
                "receipt_datetime": "06.12.2026 12:00:01",
                "fiscal_receipt_number": number,
                "fiscal_document_number": 1000 + number,
                "ecr_registration_number": "0000000001002292",
                "fiscal_document_attribute": 3000000000 + number,
            }
            return 200, {"uuid": doc["uuid"], "status": "done", "error": None, "payload": payload}, 0
        operation = path.rsplit("/", 1)[-1]
        step = self.plan.pop(0) if self.plan else "ok"
        if isinstance(step, tuple) and step[0] == "http":
            return step[1], {}, 0
        if isinstance(step, tuple) and step[0] == "refuse":
            return 200, self._error(step[1], step[2], uuid=str(uuid.uuid4()), status="fail"), 0
        if invalid := self._invalid(body):
            return 200, self._error(32, f"Ошибка валидации JSON: {invalid}", uuid=str(uuid.uuid4()), status="fail"), 0
        external_id = body.get("external_id")
        if external_id in self.documents:
            existing = self.documents[external_id]["uuid"]
            text = f"В системе существует чек с external_id : {external_id}"
            return 200, self._error(33, text, uuid=existing, status="fail"), 0
        self.documents[external_id] = {"uuid": str(uuid.uuid4()), "operation": operation, "body": body}
        delay = step[1] if isinstance(step, tuple) and step[0] == "hang" else 0
        answer = {"uuid": self.documents[external_id]["uuid"], "status": "wait", "error": None}
        return 200, answer, delay


class FakeEvotor(FakeAtol):
    """Evotor's cloud register (its ATOL connector, API v5): the v5 body (ФФД 1.2) or a validation error."""

    VERSION = "v5"

    def _invalid(self, body):
        try:
            datetime.fromisoformat(body.get("timestamp") or "")
        except ValueError:
            return "timestamp"
        document = body.get("receipt") or body.get("correction") or {}
        if not document.get("items"):
            return "items"
        for item in document["items"]:
            if "measurement_unit" in item or not isinstance(item.get("measure"), int):
                return "items: measure"
            if not isinstance(item.get("payment_object"), int):
                return "items: payment_object"
        if "correction" in body and "total" not in body["correction"]:
            return "correction: total"
        return None
