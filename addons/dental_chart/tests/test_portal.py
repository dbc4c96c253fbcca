from odoo import Command
from odoo.tests import HttpCase, tagged

# A 1x1 transparent PNG, as the portal's signature pad sends it (base64, no data: prefix).
SIGNATURE_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestPlanPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient = cls.env["dental.patient"].create({"last_name": "Portalova", "first_name": "Irina"})
        service = cls.env["product.product"].create(
            {"name": "Portal crown", "is_dental_service": True, "list_price": 16000}
        )
        cls.plan = cls.env["sale.order"].create(
            {
                "patient_id": cls.patient.id,
                "order_line": [
                    Command.create(
                        {"product_id": service.id, "tooth_ids": [Command.set(cls.env.ref("dental_chart.tooth_46").ids)]}
                    )
                ],
            }
        )

    def test_patient_reads_and_signs_the_plan(self):
        token = self.plan._portal_ensure_token()
        self.assertTrue(self.plan._has_to_be_signed())
        self.assertFalse(self.plan._has_to_be_paid())
        page = self.url_open(f"/my/orders/{self.plan.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Portal crown", page.text)
        self.assertIn("o_dental_portal_teeth", page.text)
        result = self.make_jsonrpc_request(
            f"/my/orders/{self.plan.id}/accept",
            {"access_token": token, "name": "Portalova Irina", "signature": SIGNATURE_PNG},
        )
        self.assertFalse(result.get("error"), result)
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.signed_by, "Portalova Irina")
        self.assertEqual(self.plan.state, "sale")
        self.assertEqual(self.plan.plan_state, "approved")

    def test_print_plan_pdf(self):
        action = self.plan.with_context(discard_logo_check=True).action_dental_print_plan()
        self.assertEqual(action["report_name"], "dental_chart.report_treatment_plan")
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("dental_chart.action_report_treatment_plan", self.plan.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_wrong_token_cannot_sign(self):
        result = self.make_jsonrpc_request(
            f"/my/orders/{self.plan.id}/accept",
            {"access_token": "wrong", "name": "Intruder", "signature": SIGNATURE_PNG},
        )
        self.assertTrue(result.get("error"))
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.plan_state, "draft")
