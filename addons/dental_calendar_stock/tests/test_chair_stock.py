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

    def _post_write_offs(self):
        """Run the poster of the write-offs (the cron triggered after the completion's commit)."""
        self.env["dental.stock.consumption"]._dental_cron_post()

    def test_chair_gets_a_location_under_its_branch_stock(self):
        location = self.chair_1.dental_location_id
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.location_id, self.stock_location)
        self.assertEqual(self.chair_b.dental_location_id.company_id, self.branch_b)

    def test_completed_visit_consumes_from_its_chair(self):
        event = self.book(self.at(10), chair=self.chair_1, plan_line_ids=[Command.set(self.plan.order_line.ids)])
        event.action_dental_complete()
        self._post_write_offs()
        self.assertEqual(self.chair_1._dental_stock_on_hand(), {self.composite: 3})
        consumption = self.plan.order_line.dental_consumption_ids
        self.assertEqual(consumption.location_id, self.chair_1.dental_location_id)
        self.assertEqual(self.composite.with_context(location=self.stock_location.id).qty_available, 13)

    def test_procedure_outside_a_visit_consumes_from_the_branch(self):
        self.plan.order_line._dental_complete()
        self._post_write_offs()
        self.assertEqual(self.plan.order_line.dental_consumption_ids.location_id, self.stock_location)
        self.assertEqual(self.chair_1._dental_stock_on_hand(), {self.composite: 5})

    def test_material_not_kept_at_the_chair_comes_from_the_branch(self):
        bond = self.env["product.product"].create(
            {"name": "Bond", "type": "consu", "is_storable": True, "dental_is_material": True}
        )
        self.env["dental.consumption.norm"].search([("service_id", "=", self.filling.id)]).line_ids = [
            Command.create({"product_id": bond.id, "product_qty": 1})
        ]
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(bond, self.stock_location, 10)
        Quant._update_available_quantity(bond, self.chair_1.dental_location_id, 10)
        self.chair_1.dental_material_ids = self.composite  # the chair keeps the composite only
        action = self.chair_1.action_dental_chair_stock()
        self.assertEqual(self.env["stock.quant"].search(action["domain"]).product_id, self.composite)
        event = self.book(self.at(10), chair=self.chair_1, plan_line_ids=[Command.set(self.plan.order_line.ids)])
        event.action_dental_complete()
        self._post_write_offs()
        consumptions = self.plan.order_line.dental_consumption_ids
        by_material = {c.product_id: c.location_id for c in consumptions}
        self.assertEqual(by_material, {self.composite: self.chair_1.dental_location_id, bond: self.stock_location})
        self.assertEqual(self.chair_1._dental_stock_on_hand(), {self.composite: 3, bond: 10})

    def test_material_group_kept_at_the_chair(self):
        group = self.env["product.category"].create({"name": "Composites"})
        self.composite.categ_id = group
        self.chair_1.dental_material_categ_ids = group
        self.assertTrue(self.chair_1._dental_stocks(self.composite))
        event = self.book(self.at(10), chair=self.chair_1, plan_line_ids=[Command.set(self.plan.order_line.ids)])
        event.action_dental_complete()
        self.assertEqual(self.plan.order_line.dental_consumption_ids.location_id, self.chair_1.dental_location_id)
