import json

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.dental_chart.models.res_company import token_is_strong

TOKEN = "Xq7-vR2pL9sKd4Tz0bWn8YhJc3Fm6Ga1Ue5"

SAMPLE_PAYLOAD = {
    "study_id": "dc-2026-000123",
    "patient": {"card_number": None},
    "date": "2026-03-02",
    "image": {"kind": "panoramic", "name": "OPG 02.03.2026", "dose": 12.5},
    "findings": [
        {"tooth": "36", "condition": "caries", "surfaces": ["O", "D"], "diagnosis": "K02.1", "confidence": 0.93},
        {"tooth": 46, "condition": "rct", "confidence": 0.88, "note": "Root canal filling short of apex"},
        {"teeth": ["17"], "condition": "missing", "confidence": 0.99},
    ],
}


@tagged("post_install", "-at_install")
class TestXrayImport(HttpCase):
    URL = "/dental_chart/xray_import"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.dental_import_token = TOKEN
        cls.patient = cls.env["dental.patient"].create({"last_name": "Importova", "first_name": "Olga"})

    def _post(self, payload, token=TOKEN):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = payload if isinstance(payload, str) else json.dumps(payload)
        return self.url_open(self.URL, data=body, headers=headers)

    def _payload(self, **changes):
        payload = json.loads(json.dumps(SAMPLE_PAYLOAD))
        payload["patient"]["card_number"] = self.patient.card_number
        payload.update(changes)
        return payload

    def test_import_sample_payload(self):
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 200, response.text)
        result = response.json()
        self.assertTrue(result["ok"])
        findings = self.env["dental.chart.finding"].browse(result["finding_ids"])
        self.assertEqual(len(findings), 3)
        self.assertEqual(set(findings.mapped("origin")), {"imported"})
        caries = findings.filtered(lambda f: f.condition_id.code == "caries")
        self.assertEqual(caries.tooth_ids.code, "36")
        self.assertEqual(sorted(caries.surface_ids.mapped("code")), ["D", "O"])
        self.assertEqual(caries.diagnosis_id.code, "K02.1")
        self.assertAlmostEqual(caries.confidence, 0.93)
        image = self.env["dental.image"].browse(result["image_id"])
        self.assertEqual(image.patient_id, self.patient)
        self.assertEqual(image.kind, "panoramic")
        self.assertAlmostEqual(image.dose, 12.5)
        self.assertEqual(image.finding_ids, findings)
        # imported findings stay editable
        caries.note = "Checked by the doctor"
        # the same study is not imported twice
        again = self._post(self._payload()).json()
        self.assertTrue(again["duplicate"])
        self.assertEqual(self.env["dental.chart.finding"].search_count([("import_ref", "=", "dc-2026-000123")]), 3)

    def test_bad_token_refused(self):
        self.assertEqual(self._post(self._payload(), token="wrong").status_code, 401)
        self.assertEqual(self._post(self._payload(), token=None).status_code, 401)
        self.assertFalse(self.env["dental.chart.finding"].search([("patient_id", "=", self.patient.id)]))

    def test_invalid_rows_import_nothing(self):
        payload = self._payload()
        payload["findings"].append({"tooth": "99", "condition": "caries"})
        payload["findings"].append({"tooth": "11", "condition": "unicorn"})
        response = self._post(payload)
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(len(errors), 2)
        self.assertIn("finding 3", errors[0])
        self.assertFalse(self.env["dental.chart.finding"].search([("patient_id", "=", self.patient.id)]))
        self.assertFalse(self.env["dental.image"].search([("patient_id", "=", self.patient.id)]))

    def test_not_json_and_unknown_patient(self):
        self.assertEqual(self._post("not json").status_code, 400)
        payload = self._payload()
        payload["patient"] = {"card_number": "NO-SUCH-CARD"}
        self.assertEqual(self._post(payload).status_code, 400)

    def test_wrong_json_types_answer_400_with_the_reason(self):
        cases = [
            ([1, 2], "JSON object"),
            ({"study_id": "x", "patient": "123", "findings": []}, "patient: an object"),
            ({"study_id": ["x"], "patient": {"id": 1}, "findings": [{}]}, "study_id"),
            ({"study_id": "x", "patient": {"id": "abc"}, "findings": [{"tooth": "36", "condition": "caries"}]}, "id"),
            ({"study_id": "x", "patient": {"id": True}, "findings": [{"tooth": "36"}]}, "patient.id"),
            ({"study_id": "x", "patient": {"id": 1}, "image": [], "findings": [{"tooth": "36"}]}, "image"),
            ({"study_id": "x", "patient": {"id": 1}, "image": {"dose": "a lot"}, "findings": [{}]}, "image.dose"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": {"tooth": "36"}}, "findings: a list"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": ["36"]}, "finding 0"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": [{"tooth": ["36"]}]}, "findings[0].tooth"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": [{"tooth": "36", "condition": {}}]}, "condition"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": [{"teeth": [{"a": 1}]}]}, "findings[0].teeth"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": [{"tooth": "36", "surfaces": "OD"}]}, "surfaces"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": [{"tooth": 36, "confidence": "high"}]}, "confidence"),
            ({"study_id": "x", "patient": {"id": 1}, "findings": [{"tooth": 36, "confidence": True}]}, "confidence"),
        ]
        for payload, reason in cases:
            with self.subTest(payload=payload):
                response = self._post(payload)
                self.assertEqual(response.status_code, 400, response.text)
                body = response.json()
                self.assertFalse(body["ok"])
                self.assertIn(reason, " ".join(body["errors"]))
        self.assertFalse(self.env["dental.image"].search([("patient_id", "=", self.patient.id)]))

    def test_body_over_the_limit_refused_before_reading(self):
        self.env["ir.config_parameter"].set_param("dental_chart.xray_import_max_mb", "1")
        payload = self._payload()
        payload["padding"] = "x" * (1024 * 1024)
        response = self._post(payload)
        self.assertEqual(response.status_code, 413)
        self.assertFalse(response.json()["ok"])
        self.assertFalse(self.env["dental.image"].search([("patient_id", "=", self.patient.id)]))
        # under the limit: imported
        self.assertEqual(self._post(self._payload()).status_code, 200)


@tagged("post_install", "-at_install")
class TestImportToken(TransactionCase):
    def test_weak_tokens_refused(self):
        company = self.env.company
        for weak in ("s3cret-token", "a" * 40, "ab" * 20, "0123456789" * 4, "abcdefgh" * 5):
            with self.subTest(token=weak), self.assertRaises(ValidationError):
                company.dental_import_token = weak
        company.dental_import_token = TOKEN
        self.assertTrue(token_is_strong(TOKEN))
        company.dental_import_token = False  # disables the import

    def test_generated_token_is_strong_and_not_shown_again(self):
        settings = self.env["res.config.settings"].create({})
        action = settings.action_dental_generate_import_token()
        token = self.env.company.dental_import_token
        self.assertTrue(token_is_strong(token))
        self.assertIn(token, action["params"]["message"])
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dental_import_token_hint, f"…{token[-4:]}")
        self.assertNotIn("dental_import_token", settings._fields)
        # a new token typed in the settings replaces it and is not kept in the settings
        settings = self.env["res.config.settings"].create({"dental_import_token_new": TOKEN})
        settings.execute()
        self.assertEqual(self.env.company.dental_import_token, TOKEN)
        self.assertFalse(settings.dental_import_token_new)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"dental_import_token_new": "short"}).execute()


@tagged("post_install", "-at_install")
class TestXrayImportOntoImage(TransactionCase):
    """A client adapter (dental_diagnocat) imports a study of an existing image onto that image."""

    def test_findings_go_onto_the_given_image_once(self):
        patient = self.env["dental.patient"].create({"last_name": "Snimkov", "first_name": "Oleg"})
        image = self.env["dental.image"].create({"patient_id": patient.id, "kind": "panoramic", "date": "2026-02-01"})
        payload = {"study_id": "dc-9", "findings": SAMPLE_PAYLOAD["findings"]}
        Import = self.env["dental.xray.import"]
        images_before = self.env["dental.image"].search_count([])
        result = Import._import_payload(payload, image=image)
        self.assertEqual(result["image_id"], image.id)
        self.assertFalse(result["duplicate"])
        self.assertEqual(self.env["dental.image"].search_count([]), images_before, "no image created")
        self.assertEqual(len(image.finding_ids), 3)
        self.assertEqual(set(image.finding_ids.mapped("patient_id")), {patient})
        self.assertEqual({str(d) for d in image.finding_ids.mapped("date")}, {"2026-02-01"}, "the image's date")
        self.assertEqual(set(image.finding_ids.mapped("import_ref")), {"dc-9"})
        again = Import._import_payload(payload, image=image)
        self.assertTrue(again["duplicate"])
        self.assertEqual(len(image.finding_ids), 3)
        with self.assertRaises(ValidationError):
            Import._import_payload(
                {"study_id": "dc-10", "findings": [{"tooth": "36", "condition": "nope"}]}, image=image
            )
        self.assertEqual(len(image.finding_ids), 3)
