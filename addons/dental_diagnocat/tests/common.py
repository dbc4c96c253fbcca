import base64
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

from odoo.tests import TransactionCase

from odoo.addons.dental_patient.tests.common import add_role_users

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TOKEN = "diagnocat-test-token"

_logger = logging.getLogger(__name__)


class FakeDiagnocat:
    """A tiny threaded HTTP server on 127.0.0.1 speaking the protocol of readme/DESCRIPTION.md.

    ``answer(status, body, delay=0)`` queues the next answer (``body``: a JSON-able object or a str);
    without one it answers 404. Every request is kept in ``requests`` as ``{"method", "path", "json",
    "headers"}``. Answers to a request with another token than ``TOKEN`` are 401.
    """

    def __init__(self):
        self.requests = []
        self.answers = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                with fake.lock:
                    fake.requests.append(
                        {
                            "method": self.command,
                            "path": self.path,
                            "json": json.loads(body) if body else None,
                            "headers": dict(self.headers),
                        }
                    )
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        status, payload, delay = 401, {"error": "bad token"}, 0
                    else:
                        status, payload, delay = fake.answers.pop(0) if fake.answers else (404, {}, 0)
                if delay:
                    time.sleep(delay)
                data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError as error:
                    _logger.debug("fake Diagnocat: the client left before the answer (%s)", error)

            do_GET = do_POST = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, status, body, delay=0):
        self.answers.append((status, body, delay))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def study_json(status, study_id="dc-1", findings=None, error=None):
    data = {"id": study_id, "status": status}
    if findings is not None:
        data["findings"] = findings
    if error is not None:
        data["error"] = error
    return data


FINDINGS = [
    {"tooth": "36", "type": "caries", "surfaces": ["O", "D"], "probability": 0.93},
    {"tooth": "46", "type": "root_canal_filling", "probability": 0.88, "comment": "short of apex"},
    {"tooth": "17", "type": "missing", "probability": 0.99},
    {"tooth": "21", "type": "calculus", "probability": 0.6},
]


class DiagnocatCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        cls.company = cls.env.company
        add_role_users(
            cls,
            {
                "registrar": "dental_patient.group_registrar",
                "assistant": "dental_patient.group_assistant",
                "doctor": "dental_patient.group_doctor",
                "director": "dental_patient.group_director",
                "accountant": "account.group_account_user",
            },
            "dcat",
            "Dcat",
        )
        cls.patient = cls.env["dental.patient"].create({"last_name": "Rentgenova", "first_name": "Anna"})
        picture = cls.env["ir.attachment"].create({"name": "opg.png", "raw": PNG, "mimetype": "image/png"})
        cls.image = cls.env["dental.image"].create(
            {
                "name": "OPG",
                "patient_id": cls.patient.id,
                "kind": "panoramic",
                "date": "2026-03-02",
                "attachment_ids": [(6, 0, picture.ids)],
            }
        )
        cls.company.write({"dental_diagnocat_timeout": 1, "dental_diagnocat_retries": 1})
        cls.Study = cls.env["dental.diagnocat.study"]
        # no real pause between retries in the tests
        patcher = patch.object(type(cls.Study), "_diagnocat_backoff", 0.01)
        patcher.start()
        cls.addClassCleanup(patcher.stop)

    def _configure(self, url):
        self.company.write({"dental_diagnocat_url": url, "dental_diagnocat_token": TOKEN})
