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

    def test_visit_record_tour(self):
        admin = self.env.ref("base.user_admin")
        if not admin.employee_id:
            self.env["hr.employee"].create({"name": "Admin Doctor", "user_id": admin.id})
        patient = self.env["dental.patient"].create({"last_name": "Recordova", "first_name": "Anna"})
        self.env["dental.record.template"].create(
            {
                "name": "Tour template",
                "group": "Therapy",
                "diagnosis_id": self.env.ref("dental_chart.diagnosis_K02_1").id,
                "complaints": "Tour complaint",
                "treatment": "Tour filling placed",
                "recommendations": "Tour recommendation",
            }
        )
        self.start_tour(f"/odoo/dental-patients/{patient.id}", "dental_chart_visit_record", login="admin")
        record = self.env["dental.visit.record"].search([("patient_id", "=", patient.id)])
        self.assertEqual(len(record), 1)
        self.assertEqual(record.state, "signed")
        self.assertEqual(record.signed_by_id, admin)
        self.assertEqual(record.complaints, "Tour complaint")
        self.assertEqual(record.treatment, "Tour filling placed")
        self.assertEqual(record.recommendations, "Tour recommendation edited")
        self.assertEqual(record.diagnosis_id.code, "K02.1")
