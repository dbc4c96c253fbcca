import base64
import json
from unittest.mock import patch

from odoo.tests import TransactionCase

from odoo.addons.dental_patient.tests.common import add_role_users
from odoo.addons.dental_patient.tests.fake_http import FakeJsonServer

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TOKEN = "diagnocat-test-token"


class FakeDiagnocat(FakeJsonServer):
    """A tiny threaded HTTP server on 127.0.0.1 speaking the protocol of readme/DESCRIPTION.md.

    ``answer(status, body, delay=0)`` queues the next answer (``body``: a JSON-able object or a str);
    without one it answers 404. Every request is kept in ``requests`` as ``{"method", "path", "json",
    "headers"}``. Answers to a request with another token than ``TOKEN`` are 401.
    """

    NAME = "fake Diagnocat"

    def __init__(self):
        super().__init__()
        self.answers = []
        self.url = f"{self.base_url}/v1"

    def answer(self, status, body, delay=0):
        self.answers.append((status, body, delay))

    def _parse(self, raw):
        return json.loads(raw.decode()) if raw else None

    def _record(self, handler, body):
        return {"method": handler.command, "path": handler.path, "json": body, "headers": dict(handler.headers)}

    def _respond(self, handler, body):
        if handler.headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"error": "bad token"}, 0
        return self.answers.pop(0) if self.answers else (404, {}, 0)


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
