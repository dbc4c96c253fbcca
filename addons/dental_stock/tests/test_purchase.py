from odoo.tests import tagged

from .common import DentalStockCommon


@tagged("post_install", "-at_install")
class TestPurchase(DentalStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Dental Supply Ltd"})
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
