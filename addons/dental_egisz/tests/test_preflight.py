from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import EgiszCommon


@tagged("post_install", "-at_install")
class TestPreflight(EgiszCommon):
    def test_ready_record(self):
        record = self._record()
        self.assertEqual(record._egisz_preflight(), [])
        action = record.with_user(self.user_doctor).action_egisz_check()
        self.assertEqual(action["params"]["type"], "success")

    def test_every_problem_listed(self):
        """One check lists everything ЕГИСЗ would refuse, and signing is refused with the same list."""
        patient = self.env["dental.patient"].create(
            {"last_name": "Без", "first_name": "Данных", "birth_date": "1980-01-01", "birth_date_precision": "year"}
        )
        self.doctor.egisz_specialty_id = False
        own = self.env["dental.diagnosis"].create({"code": "X-1", "name": "Своё", "is_icd10": False})
        record = self._record(
            patient=patient,
            egisz_title=False,
            egisz_epicrisis=False,
            egisz_visit_kind_id=False,
            egisz_condition_id=False,
            other_diagnosis_ids=self._other_diagnoses(own),
        )
        problems = record._egisz_preflight()
        expected = [
            "no specialty code",
            "patient has no SNILS",
            "full birth date",
            "sex is not set",
            "address is not set",
            "postal code is not set",
            "title is empty",
            "visit kind",
            "condition at presentation",
            "X-1 Своё is not an ICD-10 code",
            "epicrisis (conclusion) is empty",
        ]
        for fragment in expected:
            self.assertTrue(any(fragment in p for p in problems), f"{fragment!r} missing in {problems}")
        self.assertEqual(len(problems), len(expected))
        with self.assertRaisesRegex(UserError, "ЕГИСЗ will refuse") as caught:
            record.with_user(self.user_doctor).action_sign()
        self.assertIn("title is empty", str(caught.exception))
        self.assertEqual(record.state, "draft")
        self.assertFalse(record.egisz_document_ids)

    def test_problems_in_russian(self):
        record = self._record(egisz_title=False)
        problems = record.with_context(lang="ru_RU")._egisz_preflight()
        self.assertIn("Не заполнен заголовок документа.", problems)

    def test_invalid_snils_and_branch(self):
        self.patient.sudo().snils = False
        self.company.egisz_org_oid = False
        record = self._record()
        problems = record._egisz_preflight()
        self.assertTrue(any("organisation OID" in p for p in problems))
        self.assertTrue(any("patient has no SNILS" in p for p in problems))

    def test_lengths_refused(self):
        """Title, epicrisis and comment over 255 characters are refused, not cut."""
        record = self._record()
        for fname in ("egisz_title", "egisz_epicrisis", "egisz_diagnosis_comment", "egisz_outcome"):
            with self.subTest(field=fname), self.assertRaisesRegex(ValidationError, "255"):
                with self.env.cr.savepoint():
                    record.write({fname: "я" * 256})
            record.invalidate_recordset()
            with self.assertRaisesRegex(ValidationError, "255"), self.env.cr.savepoint():
                self._record(**{fname: "я" * 256})
        record.egisz_title = "я" * 255
        self.assertEqual(len(record.egisz_title), 255)

    def test_fixed_codes(self):
        """In the "fixed" mode the branch's codes count, not the record's."""
        self.company.write({"egisz_values_mode": "fixed", **self.codes})
        record = self._record(egisz_visit_kind_id=False, egisz_condition_id=False)
        self.assertEqual(record._egisz_preflight(), [])
        self.company.egisz_place_id = False
        self.assertTrue(any("place of care" in p for p in record._egisz_preflight()))

    def test_other_branch_untouched(self):
        """Without ЕГИСЗ a record signs as before (no check, no document)."""
        self.company.egisz_enabled = False
        record = self._record(egisz_title=False)
        record.with_user(self.user_doctor).action_sign()
        self.assertEqual(record.state, "signed")
        self.assertFalse(record.egisz_document_ids)

    def test_assistant_opens_the_record(self):
        """An assistant reads and edits a draft record's form without reaching the registry."""
        record = self._record()
        self.user_assistant.employee_id = self.env["hr.employee"].create({"name": "Ассистент"})
        with Form(record.with_user(self.user_assistant)) as form:
            form.egisz_title = "Осмотр"
        self.assertEqual(record.egisz_title, "Осмотр")
