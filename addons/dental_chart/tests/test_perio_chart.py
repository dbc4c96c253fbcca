from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestPerioChart(DentalChartCommon):
    """The drawn periodontal chart's server side: one call to load, one call per batch of entries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Exam = cls.env["dental.perio.exam"]
        cls.old = Exam.create({"patient_id": cls.patient.id, "date": "2025-01-10"})
        cls.exam = Exam.create({"patient_id": cls.patient.id, "date": "2026-01-10"})
        cls.line_36 = cls.exam.line_ids.filtered(lambda line: line.tooth_id == cls.tooth_36)
        cls.line_36.write({"pd_mb": 5, "gm_mb": 1, "bleed_mb": True, "supp_db": True, "mobility": 1, "furcation": 2})
        cls.old.line_ids.filtered(lambda line: line.tooth_id == cls.tooth_36).pd_mb = 3
        cls.exam.line_ids.filtered(lambda line: line.tooth_id.code == "18").missing = True

    def test_chart_data_of_the_exam_and_the_compared_one(self):
        data = self.exam.perio_get_chart()
        self.assertEqual(data["exam"]["id"], self.exam.id)
        self.assertEqual(data["exam"]["date"], "2026-01-10")
        self.assertFalse(data["compare"], "nothing compared yet")
        teeth = data["exam"]["teeth"]
        self.assertEqual(len(teeth), 32)
        tooth = teeth["36"]
        self.assertEqual(tooth["id"], self.line_36.id)
        self.assertEqual(tooth["pd"], {"db": 0, "b": 0, "mb": 5, "dl": 0, "l": 0, "ml": 0})
        self.assertEqual(tooth["gm"]["mb"], 1)
        self.assertTrue(tooth["bleed"]["mb"])
        self.assertFalse(tooth["bleed"]["db"])
        self.assertTrue(tooth["supp"]["db"])
        self.assertEqual((tooth["mobility"], tooth["furcation"]), (1, 2))
        self.assertTrue(teeth["18"]["missing"])
        self.assertEqual(data["exams"], [{"id": self.old.id, "date": "2025-01-10", "name": self.old.display_name}])

        # the stored comparison, or the one chosen on the (unsaved) form
        self.exam.compare_exam_id = self.old
        data = self.exam.perio_get_chart()
        self.assertEqual(data["compare"]["id"], self.old.id)
        self.assertEqual(data["compare"]["teeth"]["36"]["pd"]["mb"], 3)
        self.assertEqual(data["exam"]["teeth"]["36"]["pd"]["mb"], 5)
        self.assertFalse(self.exam.perio_get_chart(compare_exam_id=False)["compare"])
        self.assertEqual(self.old.perio_get_chart(compare_exam_id=self.exam.id)["compare"]["id"], self.exam.id)

    def test_chart_data_in_a_fixed_number_of_queries(self):
        """Both exams' 64 lines and their teeth are read at once, not per record: the exam,
        the compared exam, the lines, their teeth, the patient's other exams."""
        self.exam.compare_exam_id = self.old
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            self.exam.perio_get_chart()
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            self.old.perio_get_chart(compare_exam_id=False)

    def test_compare_only_with_another_exam_of_the_patient(self):
        other_patient = self.env["dental.patient"].create({"last_name": "Other", "first_name": "P"})
        foreign = self.env["dental.perio.exam"].create({"patient_id": other_patient.id})
        for compare in (foreign, self.exam):
            with self.subTest(compare=compare.id), self.assertRaises(ValidationError):
                self.exam.perio_get_chart(compare_exam_id=compare.id)
        with self.assertRaises(ValidationError):
            self.exam.compare_exam_id = foreign

    def test_save_a_batch_of_entries(self):
        line_11 = self.exam.line_ids.filtered(lambda line: line.tooth_id == self.tooth_11)
        self.exam.perio_save_sites(
            [
                [self.line_36.id, {"pd_db": 4, "pd_b": 3, "bleed_db": True, "supp_b": True, "gm_b": -2}],
                [line_11.id, {"pd_mb": 6, "mobility": 2, "furcation": 0, "missing": False}],
            ]
        )
        self.assertEqual((self.line_36.pd_db, self.line_36.pd_b, self.line_36.pd_mb), (4, 3, 5))
        self.assertTrue(self.line_36.bleed_db and self.line_36.supp_b)
        self.assertEqual(self.line_36.gm_b, -2)
        self.assertEqual(self.line_36.cal_b, 1)
        self.assertEqual((line_11.pd_mb, line_11.mobility), (6, 2))
        self.assertEqual(self.exam.deep_pocket_count, 2)

    def test_save_refuses_bad_entries_and_changes_nothing(self):
        line_old = self.old.line_ids[0]
        bad_batches = [
            [[self.line_36.id, {"pd_db": 4}], [self.line_36.id, {"pd_b": 21}]],
            [[self.line_36.id, {"pd_db": -1}]],
            [[self.line_36.id, {"gm_db": 21}]],
            [[self.line_36.id, {"gm_db": -11}]],
            [[self.line_36.id, {"mobility": 4}]],
            [[self.line_36.id, {"furcation": 4}]],
            # another exam's line, a field the chart does not enter
            [[self.line_36.id, {"pd_db": 4}], [line_old.id, {"pd_db": 4}]],
            [[self.line_36.id, {"pd_db": 4, "exam_id": self.old.id}]],
            [[self.line_36.id, {"tooth_id": self.tooth_11.id}]],
        ]
        for batch in bad_batches:
            with self.subTest(batch=batch), self.assertRaises(ValidationError):
                self.exam.perio_save_sites(batch)
            self.assertEqual(self.line_36.pd_db, 0)
            self.assertEqual(self.line_36.exam_id, self.exam)
            self.assertEqual(line_old.pd_db, 0)

    def test_margin_range_constraint_with_translated_message(self):
        with self.assertRaisesRegex(ValidationError, "gingival margin"):
            self.line_36.gm_b = 25
        line = self.line_36.with_context(lang="ru_RU")
        self.env["res.lang"]._activate_lang("ru_RU")
        with self.assertRaisesRegex(ValidationError, "десн"):
            line.gm_b = -12
        self.line_36.gm_b = -10
        self.line_36.gm_l = 20

    def test_clinical_roles_only(self):
        for user in (self.user_assistant, self.user_doctor, self.user_director):
            with self.subTest(user=user.login):
                exam = self.exam.with_user(user)
                self.assertEqual(exam.perio_get_chart()["exam"]["teeth"]["36"]["pd"]["mb"], 5)
                exam.perio_save_sites([[self.line_36.id, {"pd_l": 2}]])
                self.assertEqual(self.line_36.pd_l, 2)
        for user in (self.user_registrar, self.user_coordinator, self.user_accountant):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.exam.with_user(user).perio_get_chart()
                with self.assertRaises(AccessError):
                    self.exam.with_user(user).perio_save_sites([[self.line_36.id, {"pd_l": 9}]])
        self.assertEqual(self.line_36.pd_l, 2)

    def test_other_branch_exam_not_loaded_as_comparison(self):
        """A doctor of this branch cannot read another branch's exam through the comparison."""
        other = self.env["dental.patient"].create(
            {"last_name": "Branch", "first_name": "B", "company_id": self.branch_b.id}
        )
        foreign = self.env["dental.perio.exam"].create({"patient_id": other.id})
        exam = self.exam.with_user(self.user_doctor)
        with self.assertRaises(AccessError):
            exam.perio_get_chart(compare_exam_id=foreign.id)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_doctor).perio_get_chart()
