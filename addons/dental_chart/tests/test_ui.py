from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestDentalChartUi(HttpCase):
    def test_odontogram_js_unit_tests(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&tag=dental_chart",
            "",
            "",
            login="admin",
            success_signal="[HOOT] test suite succeeded",
            error_checker=unit_test_error_checker,
            timeout=600,
        )

    def test_diagnose_and_plan_tour(self):
        patient = self.env["dental.patient"].create({"last_name": "Tourov", "first_name": "Pavel"})
        k02_1 = self.env.ref("dental_chart.diagnosis_K02_1")
        service = self.env["product.product"].create(
            {
                "name": "Tour filling",
                "is_dental_service": True,
                "list_price": 4200,
                "dental_duration": 40,
                "dental_condition_id": self.env.ref("dental_chart.condition_filling").id,
            }
        )
        self.env["dental.plan.template"].create(
            {
                "name": "Tour: caries of dentine",
                "sequence": 1,
                "diagnosis_ids": [Command.set(k02_1.ids)],
                "line_ids": [Command.create({"product_id": service.id, "visit_number": 1})],
            }
        )
        self.start_tour(f"/odoo/dental-patients/{patient.id}", "dental_chart_diagnose_and_plan", login="admin")
        finding = self.env["dental.chart.finding"].search([("patient_id", "=", patient.id)])
        self.assertEqual(finding.tooth_ids.code, "36")
        self.assertEqual(finding.diagnosis_id, k02_1)
        self.assertEqual(finding.surface_ids.code, "O")
        self.assertEqual(finding.state, "active")
        plan = self.env["sale.order"].search([("patient_id", "=", patient.id)])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.plan_state, "approved")
        self.assertEqual(plan.order_line.product_id, service)
        self.assertEqual(plan.order_line.tooth_ids.code, "36")
