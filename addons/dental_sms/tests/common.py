import json
import time
from urllib.parse import parse_qs

from odoo.tests import TransactionCase

from odoo.addons.dental_patient.tests.fake_http import FakeHttpServer


class FakeGateway(FakeHttpServer):
    """A tiny threaded HTTP server on 127.0.0.1 answering from a script.

    ``answer(status, body, delay=0, headers=None)`` queues the next answer (``body``: str or a
    JSON-able object); without a queued answer it replies 200 ``{}``. Every request is kept in
    ``requests`` as ``{"method", "path", "form", "body", "headers"}``.
    """

    NAME = "fake gateway"

    def __init__(self):
        super().__init__()
        self.answers = []
        self.parallel = self.max_parallel = 0

    @property
    def url(self):
        return self.base_url

    def _handle(self, handler):
        body = self.read_body(handler).decode()
        form = {key: values[0] for key, values in parse_qs(body).items()}
        path, _, query = handler.path.partition("?")
        form.update({key: values[0] for key, values in parse_qs(query).items()})
        with self.lock:
            self.requests.append(
                {"method": handler.command, "path": path, "form": form, "body": body, "headers": dict(handler.headers)}
            )
            status, payload, delay, headers = self.answers.pop(0) if self.answers else (200, {}, 0, {})
            self.parallel += 1
            self.max_parallel = max(self.max_parallel, self.parallel)
        if delay:
            time.sleep(delay)
        with self.lock:
            self.parallel -= 1
        data = payload if isinstance(payload, str) else json.dumps(payload)
        self.reply(handler, status, data.encode(), headers=headers)

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
