from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import add_role_users

from .common import DentalStockCommon


@tagged("post_install", "-at_install")
class TestPurchase(DentalStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Dental Supply Ltd"})
        add_role_users(cls, {"storekeeper": "dental_stock.group_storekeeper"}, "purchase", "Purchase")
        cls.pack = cls.env["uom.uom"].create(
            {
                "name": "Pack of 10",
                "category_id": cls.uom_unit.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 10,
            }
        )
        cls.gloves = cls._material("Gloves", 5.0)
        cls.gloves.write(
            {
                "uom_po_id": cls.pack.id,
                "seller_ids": [(0, 0, {"partner_id": cls.vendor.id, "price": 45.0, "min_qty": 1})],
                "route_ids": [(6, 0, cls.env.ref("purchase_stock.route_warehouse0_buy").ids)],
            }
        )

    def test_reordering_rule_creates_an_rfq(self):
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.gloves.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.stock_location.id,
                "product_min_qty": 20,
                "product_max_qty": 50,
            }
        )
        self.env["procurement.group"].run_scheduler()
        line = self.env["purchase.order.line"].search([("product_id", "=", self.gloves.id)])
        self.assertEqual(line.order_id.partner_id, self.vendor)
        self.assertEqual(line.order_id.state, "draft")
        # 50 gloves to reach the maximum, bought in packs of 10
        self.assertEqual(line.product_uom, self.pack)
        self.assertEqual(line.product_qty, 5)

    def test_purchase_in_packs_receives_units(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [(0, 0, {"product_id": self.gloves.id, "product_qty": 3, "product_uom": self.pack.id})],
            }
        )
        order.button_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 30
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(self._on_hand(self.gloves), 30)
        # a vendor bill follows the received quantity
        order.action_create_invoice()
        self.assertEqual(order.invoice_ids.invoice_line_ids.quantity, 3)

    def test_order_from_a_material_search_makes_one_rfq_per_supplier(self):
        other_vendor = self.env["res.partner"].create({"name": "Composite House"})
        self.composite.seller_ids = [(0, 0, {"partner_id": other_vendor.id, "price": 280.0})]
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.gloves.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.stock_location.id,
                "product_min_qty": 20,
                "product_max_qty": 50,
            }
        )
        Wizard = self.env["dental.stock.order.wizard"].with_user(self.user_storekeeper)
        wizard = Wizard.create({"company_id": self.company.id})
        wizard.action_search()
        # gloves: none on hand under a minimum of 20; the others are above zero (no rule)
        self.assertEqual(wizard.line_ids.product_id, self.gloves)
        self.assertEqual((wizard.line_ids.qty_available, wizard.line_ids.product_qty), (0, 50))
        self.assertEqual(wizard.line_ids.partner_id, self.vendor)
        wizard.write({"low_stock_only": False, "categ_id": self.group.id})
        wizard.action_search()
        self.assertEqual(
            set(wizard.line_ids.product_id.ids), {self.gloves.id, self.matrix.id, self.etchant.id, self.composite.id}
        )
        wizard.write({"partner_id": other_vendor.id})
        wizard.action_search()
        self.assertEqual(wizard.line_ids.product_id, self.composite)
        wizard.write({"partner_id": False, "name": "glov"})
        wizard.action_search()
        self.assertEqual(wizard.line_ids.product_id, self.gloves)
        wizard.write({"name": False, "low_stock_only": False, "categ_id": self.group.id})
        wizard.action_search()
        wizard.line_ids.filtered(lambda line: line.product_id in (self.matrix | self.etchant)).unlink()
        wizard.line_ids.filtered(lambda line: line.product_id == self.composite).product_qty = 4
        action = wizard.action_create_rfq()
        orders = self.env["purchase.order"].search(action["domain"])
        self.assertEqual(orders.partner_id, self.vendor | other_vendor)
        self.assertTrue(all(order.state == "draft" for order in orders))
        by_product = {line.product_id: line for line in orders.order_line}
        self.assertEqual(by_product[self.composite].order_id.partner_id, other_vendor)
        self.assertEqual(by_product[self.composite].price_unit, 280.0)
        self.assertEqual(by_product[self.gloves].product_qty, 50)

    def test_order_refuses_lines_without_supplier_or_quantity(self):
        wizard = self.env["dental.stock.order.wizard"].create(
            {"company_id": self.company.id, "line_ids": [(0, 0, {"product_id": self.matrix.id, "product_qty": 2})]}
        )
        with self.assertRaisesRegex(UserError, "supplier"):
            wizard.action_create_rfq()
        wizard.line_ids.write({"partner_id": self.vendor.id, "product_qty": 0})
        with self.assertRaises(UserError):
            wizard.action_create_rfq()
        self.assertFalse(self.env["purchase.order"].search([("partner_id", "=", self.vendor.id)]))
