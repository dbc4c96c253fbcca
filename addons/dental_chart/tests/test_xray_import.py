import json

from odoo.tests import HttpCase, tagged

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
        cls.env.company.dental_import_token = "s3cret-token"
        cls.patient = cls.env["dental.patient"].create({"last_name": "Importova", "first_name": "Olga"})

    def _post(self, payload, token="s3cret-token"):
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
