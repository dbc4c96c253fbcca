"""A fake ATOL Online API v4 on 127.0.0.1 keeping its documents like the real one: one document per
``external_id`` in a group (a repeat answers error 33 with the first document's uuid), tokens, reports."""

import json
import logging
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_logger = logging.getLogger(__name__)

LOGIN, PASSWORD = "clinic-login", "clinic-secret"


class FakeAtol:
    """``plan`` holds what the next registrations do: ``"ok"``, ``("refuse", code, text)``, ``("hang", seconds)``
    (the document is taken, the answer comes late), ``("http", status)``; default ``"ok"``. ``documents``:
    {external_id: {"uuid", "operation", "body"}}; a document is "printed" once it is in there. ``report_status``:
    what reports answer (``done`` or ``wait``)."""

    def __init__(self):
        self.requests = []
        self.plan = []
        self.documents = {}
        self.tokens = set()
        self.report_status = "done"
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode()) if length else {}
                with fake.lock:
                    fake.requests.append(
                        {"method": self.command, "path": self.path, "body": body, "token": self.headers.get("Token")}
                    )
                    status, answer, delay = fake._answer(self.command, self.path, body, self.headers.get("Token"))
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
                    _logger.debug("fake ATOL: the client left before the answer (%s)", error)

            do_GET = do_POST = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.plan.clear()
            self.documents.clear()
            self.report_status = "done"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/possystem"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def registrations(self):
        return [r for r in self.requests if r["method"] == "POST" and not r["path"].endswith("getToken")]

    @staticmethod
    def _error(code, text, **extra):
        return {"error": {"error_id": str(uuid.uuid4()), "code": code, "text": text, "type": "system"}, **extra}

    def _answer(self, method, path, body, token):
        if path.endswith("/v4/getToken"):
            if body.get("login") == LOGIN and body.get("pass") == PASSWORD:
                token = uuid.uuid4().hex
                self.tokens.add(token)
                return 200, {"error": None, "token": token, "timestamp": "06.12.2026 12:00:00"}, 0
            return 200, self._error(12, "Неверный логин или пароль"), 0
        if token not in self.tokens:
            return 200, self._error(11, "Срок действия токена истёк"), 0
        if match := re.search(r"/v4/([^/]+)/report/([^/]+)$", path):
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
        external_id = body.get("external_id")
        if external_id in self.documents:
            existing = self.documents[external_id]["uuid"]
            text = f"В системе существует чек с external_id : {external_id}"
            return 200, self._error(33, text, uuid=existing, status="fail"), 0
        self.documents[external_id] = {"uuid": str(uuid.uuid4()), "operation": operation, "body": body}
        delay = step[1] if isinstance(step, tuple) and step[0] == "hang" else 0
        answer = {"uuid": self.documents[external_id]["uuid"], "status": "wait", "error": None}
        return 200, answer, delay
