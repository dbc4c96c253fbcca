"""The loopback boilerplate of the tests' fake services (SMS gateways, Diagnocat, cloud registers, the financing
provider, РЭМД and ИЭМК): an HTTP server on 127.0.0.1 (a free port) in a daemon thread, quiet, whose subclass
answers each request. Import it as ``odoo.addons.dental_patient.tests.fake_http``."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_logger = logging.getLogger(__name__)


class FakeHttpServer:
    """``requests``: what the subclass records; ``lock``: held while it records and picks its answer.

    A subclass implements :meth:`_handle` (``handler``: the request's ``BaseHTTPRequestHandler``, its method one of
    ``METHODS``) with :meth:`read_body` and :meth:`reply`. ``start``/``stop``, or ``with fake:``."""

    METHODS = ("GET", "POST")  # the others are answered 501
    NAME = None  # in the debug log of a client that left before the answer (default: the class name)

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _dispatch(self):
                fake._handle(self)

            def log_message(self, *args):
                pass

        for method in self.METHODS:
            setattr(Handler, f"do_{method}", Handler._dispatch)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    @staticmethod
    def read_body(handler):
        """The raw body (bytes) of the request."""
        length = int(handler.headers.get("Content-Length") or 0)
        return handler.rfile.read(length) if length else b""

    def reply(self, handler, status, data, content_type=None, headers=None):
        """Write the answer (``data``: bytes); a client that left (its timeout) is only logged."""
        try:
            handler.send_response(status)
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            if content_type:
                handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError as error:
            _logger.debug("%s: the client left before the answer (%s)", self.NAME or type(self).__name__, error)

    def _handle(self, handler):
        raise NotImplementedError


class FakeJsonServer(FakeHttpServer):
    """A JSON service: each request's body is parsed (:meth:`_parse`), recorded (:meth:`_record`) and answered
    (:meth:`_respond`: ``(status, answer, delay)``, under the lock); the answer (a JSON-able object, or a str
    written as it is) is written after ``delay`` seconds (a service slow to answer)."""

    def _parse(self, raw):
        return json.loads(raw.decode()) if raw else {}

    def _record(self, handler, body):
        raise NotImplementedError

    def _respond(self, handler, body):
        raise NotImplementedError

    def _handle(self, handler):
        body = self._parse(self.read_body(handler))
        with self.lock:
            self.requests.append(self._record(handler, body))
            status, answer, delay = self._respond(handler, body)
        if delay:
            time.sleep(delay)
        data = (answer if isinstance(answer, str) else json.dumps(answer)).encode()
        self.reply(handler, status, data, content_type="application/json")
