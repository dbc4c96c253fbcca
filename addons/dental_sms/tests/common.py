import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from odoo.tests import TransactionCase

_logger = logging.getLogger(__name__)


class FakeGateway:
    """A tiny threaded HTTP server on 127.0.0.1 answering from a script.

    ``answer(status, body, delay=0, headers=None)`` queues the next answer (``body``: str or a
    JSON-able object); without a queued answer it replies 200 ``{}``. Every request is kept in
    ``requests`` as ``{"method", "path", "form", "body", "headers"}``.
    """

    def __init__(self):
        self.requests = []
        self.answers = []
        self.parallel = self.max_parallel = 0
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                form = {key: values[0] for key, values in parse_qs(body).items()}
                path, _, query = self.path.partition("?")
                form.update({key: values[0] for key, values in parse_qs(query).items()})
                with gateway.lock:
                    gateway.requests.append(
                        {
                            "method": self.command,
                            "path": path,
                            "form": form,
                            "body": body,
                            "headers": dict(self.headers),
                        }
                    )
                    status, payload, delay, headers = gateway.answers.pop(0) if gateway.answers else (200, {}, 0, {})
                    gateway.parallel += 1
                    gateway.max_parallel = max(gateway.max_parallel, gateway.parallel)
                if delay:
                    time.sleep(delay)
                with gateway.lock:
                    gateway.parallel -= 1
                data = payload if isinstance(payload, str) else json.dumps(payload)
                try:
                    self.send_response(status)
                    for key, value in (headers or {}).items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data.encode())))
                    self.end_headers()
                    self.wfile.write(data.encode())
                except OSError as error:
                    _logger.debug("fake gateway: the client left before the answer (%s)", error)

            do_GET = do_POST = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, status, body, delay=0, headers=None):
        self.answers.append((status, body, delay, headers))

    def reset(self):
        self.requests.clear()
        self.answers.clear()
        self.max_parallel = 0


class DentalSmsCommon(TransactionCase):
    """A fake gateway server and an account of the test company pointing at it."""

    provider = "smsc"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.fake = FakeGateway()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.company = cls.env.company
        cls.account = cls.env["dental.sms.account"].create(
            {
                "name": "Test gateway",
                "company_id": cls.company.id,
                "provider": cls.provider,
                "endpoint_url": cls.fake.url + "/sys/",
                "login": "clinic",
                "password": "s3cret-pass",
                "sender": "Smile",
                "timeout": 2,
                "max_retries": 2,
                "retry_backoff": 0.01,
                "rate_limit": 1000,
                "concurrency": 1,  # answers in the order of the messages
            }
        )
        cls.partner = cls.env["res.partner"].create({"name": "Anna Petrova", "mobile": "+79160000001"})

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def new_sms(self, number="+79160000001", body="Your appointment is tomorrow at 10:00", **vals):
        return self.env["sms.sms"].create({"number": number, "body": body, **vals})

    def run_queue(self):
        return self.env["sms.sms"].with_context(lang="en_US")._dental_process_queue()
