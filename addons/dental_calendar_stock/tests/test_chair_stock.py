from odoo import Command
from odoo.tests import tagged

from odoo.addons.dental_calendar.tests.common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestChairStock(DentalCalendarCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dental_stock_mode = "advanced"
        cls.stock_location = cls.company._dental_stock_source_location()
        cls.filling = cls.env["product.product"].create(
            {"name": "Composite filling", "type": "service", "is_dental_service": True, "list_price": 5000.0}
        )
        cls.composite = cls.env["product.product"].create(
            {"name": "Composite", "type": "consu", "is_storable": True, "dental_is_material": True}
        )
        cls.env["dental.consumption.norm"].create(
            {
                "service_id": cls.filling.id,
                "date_from": "2000-01-01",
                "line_ids": [Command.create({"product_id": cls.composite.id, "product_qty": 2})],
            }
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.composite, cls.stock_location, 10)
        Quant._update_available_quantity(cls.composite, cls.chair_1.dental_location_id, 5)
        cls.plan = cls.env["sale.order"].create(
            {
                "patient_id": cls.patient.id,
                "doctor_id": cls.doctor.id,
                "order_line": [Command.create({"product_id": cls.filling.id, "product_uom_qty": 1})],
            }
        )
        cls.plan.action_confirm()

    def test_chair_gets_a_location_under_its_branch_stock(self):
        location = self.chair_1.dental_location_id
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.location_id, self.stock_location)
        self.assertEqual(self.chair_b.dental_location_id.company_id, self.branch_b)

    def test_completed_visit_consumes_from_its_chair(self):
        event = self.book(self.at(10), chair=self.chair_1, plan_line_ids=[Command.set(self.plan.order_line.ids)])
        event.action_dental_complete()
        self.assertEqual(self.chair_1._dental_stock_on_hand(), {self.composite: 3})
        consumption = self.plan.order_line.dental_consumption_ids
        self.assertEqual(consumption.location_id, self.chair_1.dental_location_id)
        self.assertEqual(self.composite.with_context(location=self.stock_location.id).qty_available, 13)

    def test_procedure_outside_a_visit_consumes_from_the_branch(self):
        self.plan.order_line._dental_complete()
        self.assertEqual(self.plan.order_line.dental_consumption_ids.location_id, self.stock_location)
        self.assertEqual(self.chair_1._dental_stock_on_hand(), {self.composite: 5})
