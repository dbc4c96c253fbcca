"""A fake invoice financing provider on 127.0.0.1 keeping its invoices like the real one: one invoice per
``external_id`` (a repeat answers with the invoice it has), cancellation, bearer-key authentication, and signed
callbacks it can send to the clinic."""

import json
import re
import uuid

from odoo.addons.dental_patient.tests.fake_http import FakeJsonServer
from odoo.addons.dental_se.tools.financing import sign

MERCHANT, API_KEY, SECRET = "clinic-merchant", "clinic-api-key", "clinic-webhook-secret"


class FakeProvider(FakeJsonServer):
    """``plan`` holds what the next registrations do: ``"ok"``, ``("refuse", code, message)``, ``("hang", seconds)``
    (the invoice is taken, the answer comes late), ``("http", status)``; default ``"ok"``. ``invoices``:
    {external_id: {"id", "status", "body"}}: an invoice is registered once it is in there."""

    METHODS = ("POST",)
    NAME = "fake provider"

    def __init__(self):
        super().__init__()
        self.plan = []
        self.invoices = {}

    @property
    def url(self):
        return f"{self.base_url}/api"

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.plan.clear()
            self.invoices.clear()

    def registrations(self):
        return [r for r in self.requests if r["path"].endswith("/v1/invoices")]

    def cancellations(self):
        return [r for r in self.requests if r["path"].endswith("/cancel")]

    def callback(self, invoice, event_type, event_id=None, secret=SECRET, **extra):
        """The body and headers of a signed callback about ``invoice`` (an entry of ``invoices``)."""
        payload = {
            "event_id": event_id or uuid.uuid4().hex,
            "type": event_type,
            "invoice_id": invoice["id"],
            "external_id": invoice["body"]["external_id"],
            **extra,
        }
        body = json.dumps(payload).encode()
        return body, {"Content-Type": "application/json", "X-Signature": sign(secret, body)}

    def _record(self, handler, body):
        return {"path": handler.path, "body": body, "auth": handler.headers.get("Authorization")}

    def _respond(self, handler, body):
        return self._answer(handler.path, body, handler.headers)

    def _answer(self, path, body, headers):
        if headers.get("Authorization") != f"Bearer {API_KEY}" or headers.get("X-Merchant-Id") != MERCHANT:
            return 401, {"error": {"code": "unauthorized", "message": "Invalid API key"}}, 0
        if match := re.search(r"/v1/invoices/([^/]+)/cancel$", path):
            invoice = next((i for i in self.invoices.values() if i["id"] == match.group(1)), None)
            if not invoice:
                return 404, {"error": {"code": "not_found", "message": "No such invoice"}}, 0
            if invoice["status"] == "paid":
                return 409, {"error": {"code": "already_paid", "message": "The invoice is paid"}}, 0
            invoice["status"] = "cancelled"
            return 200, {"id": invoice["id"], "status": "cancelled"}, 0
        step = self.plan.pop(0) if self.plan else "ok"
        if isinstance(step, tuple) and step[0] == "http":
            return step[1], {"error": {"code": "unavailable", "message": "Service unavailable"}}, 0
        if isinstance(step, tuple) and step[0] == "refuse":
            return 422, {"error": {"code": step[1], "message": step[2]}}, 0
        external_id = body.get("external_id")
        if external_id in self.invoices:
            invoice = self.invoices[external_id]
            return 200, {"id": invoice["id"], "status": invoice["status"], "duplicate": True}, 0
        self.invoices[external_id] = {"id": f"PZ-{uuid.uuid4().hex[:10]}", "status": "registered", "body": body}
        delay = step[1] if isinstance(step, tuple) and step[0] == "hang" else 0
        return 201, {"id": self.invoices[external_id]["id"], "status": "registered"}, delay
