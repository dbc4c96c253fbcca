from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestChairStockUi(HttpCase):
    def test_complete_a_procedure_and_see_the_chair_stock_drop(self):
        company = self.env.ref("base.user_admin").company_id
        company.dental_stock_mode = "advanced"
        chair = self.env["dental.chair"].create({"name": "Tour Chair", "company_id": company.id})
        service = self.env["product.product"].create(
            {"name": "Tour filling", "type": "service", "is_dental_service": True, "list_price": 4000}
        )
        composite = self.env["product.product"].create(
            {"name": "Tour composite", "type": "consu", "is_storable": True, "dental_is_material": True}
        )
        self.env["dental.consumption.norm"].create(
            {
                "service_id": service.id,
                "date_from": "2000-01-01",
                "line_ids": [Command.create({"product_id": composite.id, "product_qty": 2})],
            }
        )
        self.env["stock.quant"]._update_available_quantity(composite, chair.dental_location_id, 5)
        patient = self.env["dental.patient"].create({"last_name": "Stockova", "first_name": "Olga"})
        plan = self.env["sale.order"].create(
            {
                "patient_id": patient.id,
                "company_id": company.id,
                "order_line": [Command.create({"product_id": service.id, "product_uom_qty": 1})],
            }
        )
        plan.action_confirm()
        doctor = self.env["hr.employee"].create({"name": "Tour Doctor", "company_id": company.id})
        self.env["calendar.event"].create(
            {
                "name": "Tour visit",
                "doctor_id": doctor.id,
                "patient_id": patient.id,
                "chair_id": chair.id,
                "start": "2030-01-10 08:00:00",
                "stop": "2030-01-10 09:00:00",
                "plan_line_ids": [Command.set(plan.order_line.ids)],
            }
        )
        self.start_tour(f"/odoo/dental-plans/{plan.id}", "dental_calendar_stock_complete", login="admin")
        self.assertEqual(plan.order_line.qty_delivered, 1)
        # the cron posting the write-off after the completion's commit (no cron worker in the tests)
        self.env["dental.stock.consumption"]._dental_cron_post()
        self.assertEqual(chair._dental_stock_on_hand(), {composite: 3})
        self.start_tour(
            f"/odoo/action-dental_calendar.dental_chair_action/{chair.id}",
            "dental_calendar_stock_chair_stock",
            login="admin",
        )
