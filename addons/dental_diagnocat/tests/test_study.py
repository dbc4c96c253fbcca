import json

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.dental_diagnocat.models.dental_diagnocat_study import MAX_ATTEMPTS

from .common import FINDINGS, PNG, TOKEN, DiagnocatCommon, FakeDiagnocat, study_json

LOGGER = "odoo.addons.dental_diagnocat"


@tagged("post_install", "-at_install")
class TestDiagnocatStudy(DiagnocatCommon):
    """The flow through the cron against the fake server: result, pending then result, error, timeout."""

    def _send(self):
        action = self.image.with_user(self.user_doctor).action_diagnocat_send()
        return self.Study.browse(action["res_id"])

    def _run(self):
        self.Study._diagnocat_cron()

    def _assert_imported(self, study):
        findings = study.finding_ids
        self.assertEqual(len(findings), 3)
        self.assertEqual(study.finding_count, 3)
        self.assertEqual(set(findings.mapped("origin")), {"imported"})
        self.assertEqual(set(findings.mapped("image_id")), {self.image})
        self.assertEqual(set(findings.mapped("patient_id")), {self.patient})
        caries = findings.filtered(lambda f: f.condition_id.code == "caries")
        self.assertEqual(caries.tooth_ids.code, "36")
        self.assertEqual(sorted(caries.surface_ids.mapped("code")), ["D", "O"])
        self.assertEqual(caries.diagnosis_id.code, "K02.1")
        self.assertAlmostEqual(caries.confidence, 0.93)
        self.assertEqual(json.loads(study.skipped_findings), [FINDINGS[3]])

    def test_result(self):
        with FakeDiagnocat() as fake:
            self._configure(fake.url)
            study = self._send()
            self.assertEqual(study.state, "queued")
            fake.answer(201, study_json("processing", "dc-1"))
            fake.answer(200, study_json("done", "dc-1", FINDINGS))
            self._run()
            self.assertEqual((study.state, study.external_id), ("processing", "dc-1"))
            upload = fake.requests[0]["json"]
            self.assertEqual(upload["modality"], "panoramic")
            self.assertEqual(upload["files"][0]["name"], "opg.png")
            self.assertEqual(upload["reference"], f"{self.env.cr.dbname}-{study.id}")
            self.assertNotIn("callback", upload, "no callback unless the branch asks for it")
            self._run()
        self.assertEqual(study.state, "done")
        self.assertFalse(study.error_message)
        self._assert_imported(study)
        # a finished study is not asked again
        self._run()
        self.assertEqual(len(fake.requests), 2)

    def test_pending_then_result(self):
        with FakeDiagnocat() as fake:
            self._configure(fake.url)
            study = self._send()
            fake.answer(201, study_json("uploaded", "dc-2"))
            fake.answer(200, study_json("processing", "dc-2"))
            fake.answer(200, study_json("processing", "dc-2"))
            fake.answer(200, study_json("done", "dc-2", FINDINGS))
            states = []
            for _i in range(4):
                self._run()
                states.append(study.state)
        self.assertEqual(states, ["uploaded", "processing", "processing", "done"])
        self.assertEqual([r["path"] for r in fake.requests[1:]], ["/v1/studies/dc-2"] * 3)
        self._assert_imported(study)

    def test_error_then_sent_again(self):
        with FakeDiagnocat() as fake:
            self._configure(fake.url)
            study = self._send()
            fake.answer(201, study_json("processing", "dc-3"))
            fake.answer(200, study_json("error", "dc-3", error="The image is not a dental X-ray"))
            self._run()
            self._run()
            self.assertEqual(study.state, "error")
            self.assertEqual(study.error_message, "The image is not a dental X-ray")
            self.assertFalse(self.image.finding_ids)
            study.with_user(self.user_doctor).action_retry()
            self.assertEqual(study.state, "uploaded", "the service has the study: asked again, not re-uploaded")
            fake.answer(200, study_json("done", "dc-3", FINDINGS))
            self._run()
        self.assertEqual(study.state, "done")
        self._assert_imported(study)

    def test_timeout_then_error(self):
        with FakeDiagnocat() as fake:
            self._configure(fake.url)
            study = self._send()
            for _i in range(2 * MAX_ATTEMPTS):  # each run: a call and one retry, both too slow
                fake.answer(201, study_json("processing", "dc-4"), delay=1.5)
            with self.assertLogs(LOGGER, "WARNING") as logs:
                for attempt in range(1, MAX_ATTEMPTS):
                    self._run()
                    self.assertEqual(study.state, "queued")
                    self.assertEqual(study.attempts, attempt)
                    self.assertIn("timeout", study.error_message)
                self._run()
        self.assertIn("POST studies failed: timeout", logs.output[0])
        self.assertIn(f"Diagnocat study {study.id} failed: the service did not answer", logs.output[-1])
        self.assertNotIn(TOKEN, "\n".join(logs.output))
        self.assertEqual(study.state, "error")
        self.assertIn("did not answer (timeout)", study.error_message)
        self.assertFalse(study.external_id)
        self.assertEqual(len(fake.requests), 2 * MAX_ATTEMPTS)

    def test_refused_token_and_refused_findings(self):
        with FakeDiagnocat() as fake:
            self.company.write({"dental_diagnocat_url": fake.url, "dental_diagnocat_token": "wrong"})
            study = self._send()
            with self.assertLogs(LOGGER, "WARNING") as logs:
                self._run()
            self.assertIn("refused the token", logs.output[0])
            self.assertEqual(study.state, "error")
            self.assertIn("refused the token", study.error_message)
            self.assertEqual(len(fake.requests), 1, "a refused token is not retried")

            self._configure(fake.url)
            study.action_retry()
            fake.answer(201, study_json("processing", "dc-5"))
            fake.answer(200, study_json("done", "dc-5", [*FINDINGS, {"tooth": "99", "type": "caries"}]))
            self._run()
            with self.assertLogs(LOGGER, "WARNING") as logs:
                self._run()
            self.assertIn("findings refused", logs.output[0])
        self.assertEqual(study.state, "error")
        self.assertIn("Findings refused", study.error_message)
        self.assertFalse(self.image.finding_ids, "all or nothing")

    def test_not_configured(self):
        study = self._send()
        with self.assertLogs(LOGGER, "WARNING"):
            self._run()
        self.assertEqual(study.state, "error")
        self.assertIn("not configured", study.error_message)

    def test_branch_uses_its_parents_account(self):
        branch = self.env["res.company"].create({"name": "Dcat South", "parent_id": self.company.id})
        self.company.write({"dental_diagnocat_url": "https://parent.example", "dental_diagnocat_token": TOKEN})
        self.assertEqual(branch._dental_diagnocat_company(), self.company)
        branch.write({"dental_diagnocat_url": "https://south.example", "dental_diagnocat_token": "own"})
        self.assertEqual(branch._dental_diagnocat_company(), branch)

    def test_what_can_be_sent(self):
        photo = self.env["dental.image"].create(
            {
                "patient_id": self.patient.id,
                "kind": "photo",
                "attachment_ids": [
                    (0, 0, {"name": "smile.png", "raw": PNG, "mimetype": "image/png"}),
                ],
            }
        )
        empty = self.env["dental.image"].create({"patient_id": self.patient.id, "kind": "cbct"})
        for image in (photo, empty):
            with self.subTest(kind=image.kind), self.assertRaises(ValidationError):
                image.action_diagnocat_send()
        self._send()
        with self.assertRaises(UserError, msg="one study at a time per image"):
            self._send()
        with self.assertRaises(AccessError, msg="the state is the server's"):
            self.Study.with_user(self.user_doctor).create({"image_id": self.image.id, "state": "done"})


@tagged("post_install", "-at_install")
class TestDiagnocatCallback(HttpCase, DiagnocatCommon):
    def _post(self, study, body, token):
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        return self.url_open(f"/dental_diagnocat/callback/{study.id}", data=json.dumps(body), headers=headers)

    def test_callback_result(self):
        self.company.dental_diagnocat_callback = True
        with FakeDiagnocat() as fake:
            self._configure(fake.url)
            study = self.Study.create({"image_id": self.image.id})
            fake.answer(201, study_json("processing", "dc-6"))
            self.Study._diagnocat_cron()
        callback = fake.requests[0]["json"]["callback"]
        self.assertEqual(callback["url"], f"{study.get_base_url()}/dental_diagnocat/callback/{study.id}")
        self.assertEqual(callback["token"], study.callback_token)

        body = study_json("done", "dc-6", FINDINGS)
        for token in ("wrong", ""):
            response = self._post(study, body, token)
            self.assertEqual(response.status_code, 403)
        self.assertEqual(
            self._post(study, study_json("done", "dc-other", FINDINGS), callback["token"]).status_code, 403
        )
        self.assertEqual(self._post(study, {"status": "nonsense"}, callback["token"]).status_code, 400)
        self.assertEqual(study.state, "processing")
        self.assertFalse(self.image.finding_ids)

        response = self._post(study, body, callback["token"])
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["state"], "done")
        self.assertEqual(study.state, "done")
        self.assertEqual(len(study.finding_ids), 3)
        # sent twice: nothing more
        self.assertEqual(self._post(study, body, callback["token"]).json()["applied"], False)
        self.assertEqual(len(self.image.finding_ids), 3)

    def test_callback_oversized_body(self):
        """A body over 2 MB is refused with 413 before the token is checked or the body read: nothing applied."""
        study = self.Study.create({"image_id": self.image.id})
        with self.assertLogs("odoo.addons.dental_patient.tools.webhook", "WARNING"):
            response = self._post(study, {"padding": "x" * (2 * 1024 * 1024)}, study.callback_token)
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self.image.finding_ids)

    def test_callback_unknown_study(self):
        response = self.url_open(
            "/dental_diagnocat/callback/999999",
            data="{}",
            headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
        )
        self.assertEqual(response.status_code, 403)
