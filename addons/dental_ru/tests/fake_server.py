"""The HTTP boilerplate of the fake cloud registers: a JSON server on 127.0.0.1 in a thread, recording requests;
a subclass answers them (``_answer``)."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_logger = logging.getLogger(__name__)


class FakeJsonServer:
    """``requests``: [{"method", "path", "body", "token"}]; ``_answer(method, path, body, token)`` returns
    ``(status, answer, delay)``: the answer is written after ``delay`` seconds (a register slow to answer)."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode()) if length else {}
                token = self.headers.get("Token")
                with fake.lock:
                    fake.requests.append({"method": self.command, "path": self.path, "body": body, "token": token})
                    status, answer, delay = fake._answer(self.command, self.path, body, token)
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
                    _logger.debug("%s: the client left before the answer (%s)", type(fake).__name__, error)

            do_GET = do_POST = _handle

            def log_message(self, *args):
                pass

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

    def _answer(self, method, path, body, token):
        raise NotImplementedError
