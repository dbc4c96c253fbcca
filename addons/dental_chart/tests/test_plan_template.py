from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestPlanTemplate(DentalChartCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["dental.plan.template"]
        Template.search([]).active = False
        cls.k02_2 = cls.env.ref("dental_chart.diagnosis_K02_2")
        cls.tpl_caries = Template.create(
            {
                "name": "Caries: filling",
                "diagnosis_ids": [Command.set((cls.k02_1 | cls.k02_2).ids)],
                "line_ids": [
                    Command.create({"product_id": cls.service_anesthesia.id, "quantity": 1, "visit_number": 1}),
                    Command.create({"product_id": cls.service_filling.id, "quantity": 1, "visit_number": 1}),
                ],
            }
        )
        cls.tpl_pulpitis = Template.create(
            {
                "name": "Pulpitis",
                "diagnosis_ids": [Command.set((cls.k04_0 | cls.k02_1).ids)],
                "line_ids": [Command.create({"product_id": cls.service_filling.id, "visit_number": 2})],
            }
        )
        cls.tpl_other = Template.create({"name": "Missing tooth", "diagnosis_ids": [Command.set(cls.k08_1.ids)]})

    def test_hours_per_profession(self):
        self.assertEqual(self.tpl_caries.line_ids[1].job_id, self.job_therapist)
        self.assertAlmostEqual(self.tpl_caries.total_hours, round(5 / 60, 2) + 0.75)
        self.assertIn("Dental therapist: 0.75", self.tpl_caries.hours_summary)

    def test_ranking_by_match_percentage(self):
        ranking = self.env["dental.plan.template"]._rank(self.k02_1 | self.k04_0)
        self.assertEqual([(t.name, p) for t, p in ranking], [("Pulpitis", 100.0), ("Caries: filling", 50.0)])
        self.assertEqual(self.env["dental.plan.template"]._rank(self.env["dental.diagnosis"]), [])

    def test_pick_a_plan_wizard(self):
        self._finding(self.tooth_36, "2026-01-10", diagnosis=self.k02_1)
        self._finding(self.tooth_37, "2026-01-10", diagnosis=self.k02_1)
        self._finding(self.tooth_11, "2026-01-10", diagnosis=self.k04_0)
        wizard = self.env["dental.plan.wizard"].create(
            {"patient_id": self.patient.id, "tooth_ids": [Command.set((self.tooth_36 | self.tooth_37).ids)]}
        )
        self.assertEqual(wizard.diagnosis_ids, self.k02_1)
        self.assertEqual(wizard.match_ids.mapped("match_percent"), [100.0, 100.0])
        match = wizard.match_ids.filtered(lambda m: m.template_id == self.tpl_caries)
        match.action_choose()
        self.assertEqual(wizard.step, "edit")
        self.assertEqual(len(wizard.line_ids), 2)
        filling_line = wizard.line_ids.filtered(lambda line: line.product_id == self.service_filling)
        self.assertEqual(filling_line.tooth_ids, self.tooth_36 | self.tooth_37)
        self.assertEqual(filling_line.quantity, 2)
        filling_line.price_unit = 4500
        wizard.action_next()
        self.assertEqual(wizard.step, "confirm")
        wizard.action_back()
        self.assertEqual(wizard.step, "edit")
        wizard.action_next()
        action = wizard.action_save()
        plan = self.env["sale.order"].browse(action["res_id"])
        self.assertTrue(plan.is_treatment_plan)
        self.assertEqual(plan.patient_id, self.patient)
        self.assertEqual(plan.plan_title, "Caries: filling")
        line = plan.order_line.filtered(lambda sol: sol.product_id == self.service_filling)
        self.assertEqual(line.tooth_ids, self.tooth_36 | self.tooth_37)
        self.assertEqual(line.price_unit, 4500)
        self.assertEqual(plan.amount_untaxed, 4500 * 2 + 800 * 1)

    def test_add_services_by_category_to_a_plan(self):
        plan = self._plan([(self.service_anesthesia, self.tooth_36, 1, 1)])
        action = plan.action_dental_add_services()
        self.assertEqual(action["res_model"], "dental.plan.wizard")
        wizard_form = Form(self.env["dental.plan.wizard"].with_context(**action["context"]))
        self.assertEqual(wizard_form.order_id, plan)
        self.assertEqual(wizard_form.step, "edit")
        wizard_form.category_id = self.env.ref("dental_chart.product_category_therapy")
        with wizard_form.line_ids.new() as line:
            line.product_id = self.service_filling
            line.tooth_ids.add(self.tooth_36)
        wizard = wizard_form.save()
        wizard.action_next()
        wizard.action_save()
        self.assertEqual(plan.order_line.product_id, self.service_anesthesia | self.service_filling)
        self.assertEqual(
            plan.order_line.filtered(lambda sol: sol.product_id == self.service_filling).doctor_id, self.doctor
        )
        other = self.env["dental.patient"].create({"last_name": "Other", "first_name": "Patient"})
        wizard = self.env["dental.plan.wizard"].create(
            {
                "patient_id": other.id,
                "step": "edit",
                "order_id": plan.id,
                "line_ids": [Command.create({"product_id": self.service_filling.id})],
            }
        )
        with self.assertRaises(UserError):
            wizard.action_save()
