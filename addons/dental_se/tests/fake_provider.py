"""A fake invoice financing provider on 127.0.0.1 keeping its invoices like the real one: one invoice per
``external_id`` (a repeat answers with the invoice it has), cancellation, bearer-key authentication, and signed
callbacks it can send to the clinic."""

import json
import logging
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.addons.dental_se.tools.financing import sign

_logger = logging.getLogger(__name__)

MERCHANT, API_KEY, SECRET = "clinic-merchant", "clinic-api-key", "clinic-webhook-secret"


class FakeProvider:
    """``plan`` holds what the next registrations do: ``"ok"``, ``("refuse", code, message)``, ``("hang", seconds)``
    (the invoice is taken, the answer comes late), ``("http", status)``; default ``"ok"``. ``invoices``:
    {external_id: {"id", "status", "body"}}: an invoice is registered once it is in there."""

    def __init__(self):
        self.requests = []
        self.plan = []
        self.invoices = {}
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode()) if length else {}
                with fake.lock:
                    fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                    status, answer, delay = fake._answer(self.path, body, self.headers)
                if delay:
                    time.sleep(delay)
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError as error:
                    _logger.debug("fake provider: the client left before the answer (%s)", error)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

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
