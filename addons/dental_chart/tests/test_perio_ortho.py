from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestPerioOrtho(DentalChartCommon):
    def _exam(self, date, pd=3, gm=0, bleed=False):
        exam = self.env["dental.perio.exam"].create({"patient_id": self.patient.id, "date": date})
        line = exam.line_ids.filtered(lambda line: line.tooth_id == self.tooth_36)
        line.write({"pd_mb": pd, "gm_mb": gm, "bleed_mb": bleed, "pd_b": 2})
        return exam, line

    def test_exam_has_every_permanent_tooth_and_computes_cal(self):
        exam, line = self._exam("2025-01-10", pd=5, gm=2, bleed=True)
        self.assertEqual(len(exam.line_ids), 32)
        self.assertEqual(line.cal_mb, 7)
        self.assertEqual(line.max_cal, 7)
        self.assertEqual(line.deep_count, 1)
        self.assertEqual(exam.deep_pocket_count, 1)
        self.assertAlmostEqual(exam.bleeding_percent, 100.0 / (6 * 32), places=3)

    def test_compare_two_exams(self):
        old, _old_line = self._exam("2025-01-10", pd=3)
        new, new_line = self._exam("2026-01-10", pd=6, gm=1)
        new.action_compare_previous()
        self.assertEqual(new.compare_exam_id, old)
        self.assertEqual(new_line.pd_change, 3)
        self.assertEqual(new_line.cal_change, 4)
        self.assertEqual(new_line.trend, "worse")
        other = new.line_ids.filtered(lambda line: line.tooth_id == self.tooth_37)
        self.assertEqual(other.trend, "same")
        with self.assertRaises(ValidationError):
            old.line_ids[0].pd_db = 25

    def test_ortho_card_reset_and_print(self):
        card = self.env["dental.ortho.card"].create(
            {
                "patient_id": self.patient.id,
                "complaints": "Crowding",
                "face_exam": "Straight profile",
                "epicrisis": "Done",
                "occupation": "School 5",
                "diagnosis_ids": [(6, 0, self.k08_1.ids)],
            }
        )
        self.assertTrue(card.name.startswith("OC-"))
        html = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_ortho_card", card.ids)[0]
        self.assertIn(b"Crowding", html)
        card.action_reset()
        self.assertFalse(card.complaints or card.face_exam or card.epicrisis or card.occupation or card.diagnosis_ids)
        self.assertEqual(card.patient_id, self.patient)
        self.env["dental.ortho.diary"].create({"card_id": card.id, "note": "Brackets placed"})
        with self.assertRaises(UserError):
            card.action_reset()
