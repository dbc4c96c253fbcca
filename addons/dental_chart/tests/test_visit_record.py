from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

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
