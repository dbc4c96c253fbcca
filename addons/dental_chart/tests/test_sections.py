from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import section_user

from .common import DentalChartCommon
from .test_access_rights import MEDICAL_MODELS


@tagged("post_install", "-at_install")
class TestChartSections(DentalChartCommon):
    """The "Medical Records" and "Settings" sections of a custom role over the chart: real outcomes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finding = cls._finding(cls.tooth_36, "2026-01-10", diagnosis=cls.k02_1)
        cls.record = cls.env["dental.visit.record"].create(
            {"patient_id": cls.patient.id, "doctor_id": cls.doctor.id, "complaints": "Secret complaint"}
        )

    def test_medical_read(self):
        user = section_user(self.env, "sec_medical_read", "medical_read", lang="en_US")
        self.assertEqual(self.record.with_user(user).complaints, "Secret complaint")
        self.assertEqual(self.finding.with_user(user).diagnosis_id, self.k02_1)
        self.assertEqual(self.patient.with_user(user).dental_visit_record_ids, self.record)
        self.assertTrue(self.patient.with_user(user).dental_get_chart()["teeth"]["36"]["findings"])
        with self.assertRaises(AccessError):
            self.finding.with_user(user).write({"note": "changed"})
        with self.assertRaises(AccessError):
            self.record.with_user(user).write({"complaints": "changed"})
        with self.assertRaises(AccessError):
            self.env["dental.chart.finding"].with_user(user).create({"patient_id": self.patient.id, "note": "no"})
        self.assertEqual(self.record.complaints, "Secret complaint")

    def test_medical_edit(self):
        user = section_user(self.env, "sec_medical_edit", "medical_edit", lang="en_US")
        self.finding.with_user(user).write({"note": "seen"})
        self.record.with_user(user).write({"complaints": "Pain at night"})
        self.env["dental.chart.finding"].with_user(user).create(
            {"patient_id": self.patient.id, "tooth_ids": [(6, 0, self.tooth_11.ids)], "note": "ok"}
        )
        self.assertEqual(self.record.complaints, "Pain at night")
        # deleting and signing stay the doctor's
        with self.assertRaises(AccessError):
            self.finding.with_user(user).unlink()

    def test_non_medical_sections_see_no_medical_data(self):
        user = section_user(
            self.env,
            "sec_all_but_medical",
            "schedule_edit",
            "patients_edit",
            "reports_edit",
            "settings_edit",
            lang="en_US",
        )
        for model in MEDICAL_MODELS:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.patient.with_user(user).read(["dental_visit_record_ids"])
        with self.assertRaises(AccessError):
            self.patient.with_user(user).dental_get_chart()

    def test_settings_edit_manages_reference_books(self):
        reader = section_user(self.env, "sec_settings_read", "settings_read", lang="en_US")
        with self.assertRaises(AccessError):
            self.env["dental.condition"].with_user(reader).create({"name": "X", "code": "x"})
        editor = section_user(self.env, "sec_settings_edit", "settings_edit", lang="en_US")
        condition = self.env["dental.condition"].with_user(editor).create({"name": "X", "code": "x"})
        self.env["dental.diagnosis"].with_user(editor).create({"code": "Z99.9", "name": "Own"})
        with self.assertRaises(AccessError):
            condition.with_user(editor).unlink()
        with self.assertRaises(AccessError):
            self.record.with_user(editor).read(["complaints"])
