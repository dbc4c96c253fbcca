import psycopg2

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestVisitRecord(DentalChartCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Record = cls.env["dental.visit.record"].with_user(cls.user_doctor)
        cls.template = cls.env.ref("dental_chart.record_template_caries_dentine")

    def _record(self, **vals):
        return self.Record.create(
            dict(
                {
                    "patient_id": self.patient.id,
                    "doctor_id": self.doctor.id,
                    "date": "2026-02-01",
                    "diagnosis_id": self.k02_1.id,
                    "treatment": "Filling",
                },
                **vals,
            )
        )

    def test_template_fills_sections_and_stays_editable(self):
        record = self._record(treatment=False, diagnosis_id=False, complaints="Pain")
        record._apply_template(self.template)
        self.assertIn("Pain", record.complaints)
        self.assertIn(self.template.complaints, record.complaints)
        self.assertEqual(record.treatment, self.template.treatment)
        self.assertEqual(record.diagnosis_id, self.k02_1)
        record.treatment = "Edited"
        self.assertEqual(record.treatment, "Edited")

    def test_section_template_fills_only_its_section(self):
        form = Form(self.Record)
        form.patient_id = self.patient
        form.complaints = "Pain"
        form.treatment_template_id = self.template
        self.assertEqual(form.treatment, self.template.treatment)
        self.assertEqual(form.complaints, "Pain")
        self.assertFalse(form.recommendations)
        self.assertFalse(form.diagnosis_id)
        form.complaints_template_id = self.template
        self.assertEqual(form.complaints, f"Pain\n{self.template.complaints}")
        record = form.save()
        self.assertEqual(record.treatment, self.template.treatment)

    def test_signed_record_is_frozen(self):
        record = self._record()
        record.action_sign()
        self.assertEqual(record.state, "signed")
        self.assertEqual(record.signed_by_id, self.user_doctor)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            record.treatment = "Rewritten"
        with self.assertRaises(UserError):
            record.write({"state": "draft"})
        with self.assertRaises(UserError):
            record.write({"state": "corrected"})
        with self.assertRaises(UserError):
            record.unlink()
        self.assertEqual(record.treatment, "Filling")

    def test_cannot_create_signed_or_forge_a_signature(self):
        with self.assertRaises(UserError):
            self._record(state="signed")
        record = self._record()
        with self.assertRaises(UserError):
            record.write({"signed_by_id": self.user_director.id})
        with self.assertRaises(UserError):
            record.with_user(self.user_assistant).write({"state": "signed"})
        with self.assertRaises(UserError):
            self._record(diagnosis_id=False, treatment=False).write({"state": "signed"})
        record.write({"state": "signed"})
        self.assertEqual(record.signed_by_id, self.user_doctor)

    def test_correction_is_a_new_version_kept_in_history(self):
        record = self._record()
        record.action_sign()
        action = record.action_correct()
        new = self.Record.browse(action["res_id"])
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.version, 2)
        self.assertEqual(new.previous_id, record)
        self.assertEqual(new.treatment, "Filling")
        with self.assertRaises(UserError):
            record.action_correct()
        new.treatment = "Filling, corrected"
        self.assertEqual(record.state, "signed")
        new.action_sign()
        self.assertEqual(record.state, "corrected")
        self.assertEqual(record.corrected_by_id, new)
        self.assertEqual(record.treatment, "Filling")
        self.assertEqual(new.history_ids, record)

    def test_doctor_is_required(self):
        with self.assertRaises(ValidationError):
            self.env["dental.visit.record"].create({"patient_id": self.patient.id, "complaints": "x"})
        record = self.Record.create({"patient_id": self.patient.id, "complaints": "x"})
        self.assertEqual(record.doctor_id, self.doctor)

    def test_only_doctor_signs(self):
        record = self._record().with_user(self.user_assistant)
        with self.assertRaisesRegex(UserError, "Only a doctor"):
            record.action_sign()

    def test_recommendations_are_queryable(self):
        self._record(recommendations="Floss daily")
        self._record(recommendations="  ")
        records = self.env["dental.visit.record"].search([("patient_id", "=", self.patient.id)])
        self.assertEqual(len(records.filtered("has_recommendations")), 1)
        groups = self.env["dental.visit.record"]._read_group(
            [("has_recommendations", "=", True)], ["doctor_id"], ["__count"]
        )
        self.assertIn((self.doctor, 1), groups)

    def test_print_record(self):
        record = self._record(complaints="Pain on cold")
        html = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_visit_record", record.ids)[0]
        self.assertIn(b"Pain on cold", html)
        self.assertIn(b"K02.1", html)


@tagged("post_install", "-at_install")
class TestSignedRecordIntegrity(DentalChartCommon):
    """State, version and the link between versions are the server's; what was signed stays as signed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Record = cls.env["dental.visit.record"].with_user(cls.user_doctor)
        cls.other_patient = cls.env["dental.patient"].create(
            {"last_name": "Sidorova", "first_name": "Anna", "birth_date": "1985-03-02"}
        )

    def _record(self, patient=None, **vals):
        return self.Record.create(
            dict(
                {
                    "patient_id": (patient or self.patient).id,
                    "doctor_id": self.doctor.id,
                    "date": "2026-02-01",
                    "diagnosis_id": self.k02_1.id,
                    "treatment": "Filling",
                },
                **vals,
            )
        )

    def test_server_fields_refused_on_create_and_write(self):
        signed = self._record(patient=self.other_patient)
        signed.action_sign()
        for vals in (
            {"previous_id": signed.id},
            {"version": 5},
            {"state": "corrected"},
            {"corrected_by_id": signed.id},
        ):
            for user in (self.user_assistant, self.user_doctor, self.user_director):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    self._record().with_user(user).write(vals)
                with self.subTest(vals=vals, user=user.login, create=True), self.assertRaises(UserError):
                    self.env["dental.visit.record"].with_user(user).create(
                        dict(patient_id=self.patient.id, doctor_id=self.doctor.id, treatment="x", **vals)
                    )
        self.assertEqual(signed.state, "signed")
        self.assertFalse(signed.corrected_by_id)
        # the web client sends the defaults back: accepted as they are
        draft = self.Record.create(
            {"patient_id": self.patient.id, "treatment": "x", "state": "draft", "version": 1, "previous_id": False}
        )
        draft.write({"state": "draft", "version": 1, "treatment": "y"})
        self.assertEqual(draft.treatment, "y")

    def test_context_key_does_not_open_the_server_fields(self):
        signed = self._record(patient=self.other_patient)
        signed.action_sign()
        draft = self._record().with_context(dental_visit_record_server=True)
        with self.assertRaises(UserError):
            draft.write({"previous_id": signed.id})

    def test_signing_cannot_mark_another_patients_record(self):
        """A forged link to another patient's record: refused, whatever the path (here with the server's key)."""
        other = self._record(patient=self.other_patient)
        other.action_sign()
        draft = self._record()
        with self.assertRaises(ValidationError):
            draft._dental_server().write({"previous_id": other.id, "version": 2})
        self.assertEqual(other.state, "signed")

    def test_correction_of_a_draft_refused_and_unique(self):
        draft = self._record()
        with self.assertRaises(ValidationError):
            self._record()._dental_server().write({"previous_id": draft.id})
        draft.action_sign()
        draft.action_correct()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.cr.savepoint():
            self._record()._dental_server().write({"previous_id": draft.id})

    def test_signed_record_prints_what_was_signed(self):
        record = self._record(
            other_diagnosis_ids=[Command.set(self.k04_0.ids)], tooth_ids=[Command.set(self.tooth_36.ids)]
        )
        record.action_sign()
        self.assertEqual(record.signed_patient_name, self.patient.name)
        self.assertEqual(record.signed_diagnosis, f"K02.1 {self.k02_1.name}")
        self.assertIn("K04.0", record.signed_other_diagnoses)
        old_diagnosis, old_name = self.k02_1.name, self.patient.name
        self.k02_1.name = "Renamed diagnosis"
        self.k04_0.name = "Renamed other"
        self.patient.write({"last_name": "Renamedov"})
        self.doctor.name = "Dr. Renamed"
        html = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_visit_record", record.ids)[0]
        text = html.decode()
        self.assertIn(old_diagnosis, text)
        self.assertIn(old_name, text)
        self.assertIn("Dr. Zubova", text)
        for live in ("Renamed diagnosis", "Renamed other", "Renamedov", "Dr. Renamed"):
            self.assertNotIn(live, text)
        # a draft prints the live names
        draft = self._record()
        html = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_visit_record", draft.ids)[0]
        self.assertIn(b"Renamedov", html)

    def test_diagnosis_of_a_record_cannot_be_deleted(self):
        diagnosis = self.env["dental.diagnosis"].create({"code": "Z98.1", "name": "Own", "selectable": True})
        record = self._record(diagnosis_id=diagnosis.id)
        record.action_sign()
        # refused with the reason (the book's history rule) before the database's restrict is reached
        with self.assertRaisesRegex(UserError, "visit records"), self.cr.savepoint():
            diagnosis.unlink()
        self.assertEqual(record.diagnosis_id, diagnosis)

    def test_attachments_of_a_signed_record_are_kept(self):
        record = self._record()
        Attachment = self.env["ir.attachment"]
        draft_file = Attachment.with_user(self.user_assistant).create(
            {"name": "draft.txt", "raw": b"draft", "res_model": record._name, "res_id": record.id}
        )
        draft_file.with_user(self.user_assistant).write({"name": "renamed.txt"})
        record.action_sign()
        scan = Attachment.with_user(self.user_assistant).create(
            {"name": "scan.txt", "raw": b"signed scan", "res_model": record._name, "res_id": record.id}
        )
        for attachment in (draft_file, scan):
            for user in (self.user_assistant, self.user_doctor, self.user_director):
                with self.subTest(user=user.login), self.assertRaises(UserError):
                    attachment.with_user(user).unlink()
                with self.subTest(user=user.login), self.assertRaises(UserError):
                    attachment.with_user(user).write({"raw": b"forged"})
                with self.subTest(user=user.login), self.assertRaises(UserError):
                    attachment.with_user(user).write({"res_id": self._record().id})
            with self.assertRaises(UserError):
                attachment.sudo().unlink()
        self.assertEqual(scan.raw, b"signed scan")
        # Odoo writing the same values back (a message re-linking its files, the storage's migration) passes
        scan.with_user(self.user_doctor).write({"res_model": record._name, "res_id": record.id})
        scan.sudo().write({"raw": b"signed scan"})
        self.assertEqual(scan.raw, b"signed scan")
        # other attachments are not concerned
        other = Attachment.create(
            {"name": "other.txt", "raw": b"x", "res_model": "dental.patient", "res_id": self.patient.id}
        )
        other.unlink()
