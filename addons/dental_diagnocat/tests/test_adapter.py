from odoo.tests import BaseCase, tagged

from odoo.addons.dental_diagnocat.tools.diagnocat import (
    DONE,
    ERROR,
    PROCESSING,
    DiagnocatClient,
    DiagnocatConfig,
    DiagnocatError,
)

from .common import FINDINGS, TOKEN, FakeDiagnocat, study_json


@tagged("post_install", "-at_install")
class TestDiagnocatAdapter(BaseCase):
    """The protocol class alone, against the fake server."""

    def _client(self, url, **config):
        self.pauses = []
        values = {"endpoint": url, "token": TOKEN, "timeout": 1, "max_retries": 2, "backoff": 0.5, **config}
        return DiagnocatClient(DiagnocatConfig(**values), sleep=self.pauses.append)

    def test_upload_sends_files_and_callback(self):
        with FakeDiagnocat() as fake:
            fake.answer(201, study_json("processing", "dc-7"))
            result = self._client(fake.url).upload(
                "db-1", "panoramic", [("opg.png", "image/png", "aGVsbG8=")], "https://clinic/cb/1", "secret"
            )
        self.assertEqual((result.state, result.external_id), (PROCESSING, "dc-7"))
        request = fake.requests[0]
        self.assertEqual((request["method"], request["path"]), ("POST", "/v1/studies"))
        self.assertEqual(request["json"]["reference"], "db-1")
        self.assertEqual(request["json"]["modality"], "panoramic")
        self.assertEqual(request["json"]["files"], [{"name": "opg.png", "mimetype": "image/png", "data": "aGVsbG8="}])
        self.assertEqual(request["json"]["callback"], {"url": "https://clinic/cb/1", "token": "secret"})

    def test_result_maps_types_and_lists_unknown(self):
        with FakeDiagnocat() as fake:
            fake.answer(200, study_json("done", "dc-7", FINDINGS))
            result = self._client(fake.url).fetch("dc-7")
        self.assertEqual(fake.requests[0]["path"], "/v1/studies/dc-7")
        self.assertEqual(result.state, DONE)
        self.assertEqual(
            result.findings[0],
            {"tooth": "36", "condition": "caries", "diagnosis": "K02.1", "surfaces": ["O", "D"], "confidence": 0.93},
        )
        self.assertEqual(result.findings[1]["condition"], "rct")
        self.assertEqual(result.findings[1]["note"], "short of apex")
        self.assertEqual(len(result.findings), 3)
        self.assertEqual(result.skipped, [FINDINGS[3]], "calculus has no condition here")

    def test_error_study_and_refused_token(self):
        with FakeDiagnocat() as fake:
            fake.answer(200, study_json("failed", "dc-7", error="image too dark"))
            result = self._client(fake.url).fetch("dc-7")
            self.assertEqual((result.state, result.error), (ERROR, "image too dark"))
            with self.assertRaises(DiagnocatError) as caught:
                self._client(fake.url, token="wrong").fetch("dc-7")
            self.assertFalse(caught.exception.retryable)
            self.assertIn("token", caught.exception.args[0])
            self.assertEqual(len(fake.requests), 2, "a refused token is not retried")

    def test_5xx_and_timeouts_are_retried_with_backoff(self):
        with FakeDiagnocat() as fake:
            fake.answer(503, {"error": "busy"})
            fake.answer(200, study_json("processing", "dc-7"), delay=1.5)
            fake.answer(200, study_json("done", "dc-7", []))
            result = self._client(fake.url).fetch("dc-7")
        self.assertEqual(result.state, DONE)
        self.assertEqual(len(fake.requests), 3)
        self.assertEqual(self.pauses, [0.5, 1.0])

    def test_unreachable_after_the_retries(self):
        with FakeDiagnocat() as fake:
            for _i in range(3):
                fake.answer(200, study_json("processing"), delay=1.5)
            with (
                self.assertRaises(DiagnocatError) as caught,
                self.assertLogs("odoo.addons.dental_diagnocat", "WARNING"),
            ):
                self._client(fake.url).fetch("dc-7")
        self.assertTrue(caught.exception.retryable)
        self.assertIn("timeout", caught.exception.args[0])
        self.assertEqual(len(fake.requests), 3)

    def test_config_hides_the_token(self):
        config = DiagnocatConfig(endpoint="https://x", token=TOKEN, name="Clinic")
        self.assertNotIn(TOKEN, repr(config))
