from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dental_cash.tests.common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestBillDialogStock(DentalCashCommon):
    """The bill dialog: goods sold to the patient leave the stock, the materials written off for the billed
    procedures are editable when the branch allows it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dental_stock_mode = "advanced"
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        Product = cls.env["product.product"]
        material = {"type": "consu", "is_storable": True, "dental_is_material": True}
        cls.composite = Product.create({"name": "Composite", "standard_price": 300.0, **material})
        cls.bond = Product.create({"name": "Bond", "standard_price": 50.0, **material})
        cls.paste = Product.create(
            {"name": "Toothpaste", "list_price": 400.0, "standard_price": 150.0, "sale_ok": True, **material}
        )
        cls.env["dental.consumption.norm"].create(
            {
                "service_id": cls.service_filling.id,
                "date_from": "2000-01-01",
                "line_ids": [Command.create({"product_id": cls.composite.id, "product_qty": 2})],
            }
        )
        stock = cls.company._dental_stock_source_location()
        for product in (cls.composite, cls.bond, cls.paste):
            cls.env["stock.quant"]._update_available_quantity(product, stock, 10)

    def _on_hand(self, product):
        # what the stock shows once the poster has run (the cron, triggered after each completion's commit)
        self.env["dental.stock.consumption"]._dental_cron_post()
        return product.with_context(warehouse_id=self.warehouse.id).qty_available

    def _visit(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1)])
        return plan.order_line, self._appointment(plan_lines=plan.order_line)

    def test_goods_sold_in_the_dialog_leave_the_stock(self):
        __, event = self._visit()
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        wizard.write(
            {
                "line_ids": [
                    Command.create(
                        {"product_id": self.paste.id, "name": "Toothpaste", "quantity": 2, "price_unit": 400.0}
                    )
                ]
            }
        )
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(self._on_hand(self.paste), 8, "two tubes left with the patient")
        self.assertEqual(self._on_hand(self.composite), 8, "the procedure's own write-off")

    def test_materials_are_shown_and_kept_by_default(self):
        line, event = self._visit()
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        self.assertEqual(
            [(m.sale_line_id, m.product_id, m.qty) for m in wizard.material_ids], [(line, self.composite, 2.0)]
        )
        wizard.action_confirm()
        self.assertEqual(self._on_hand(self.composite), 8)

    def test_editing_the_write_off_is_refused_when_the_branch_does_not_allow_it(self):
        __, event = self._visit()
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        wizard.material_ids.qty = 3
        with self.assertRaisesRegex(UserError, "does not allow editing"):
            wizard.action_confirm()
        self.assertEqual(self._on_hand(self.composite), 8, "nothing changed")
        self.assertEqual(event.dental_billing_state, "to_bill")

    def test_registrar_adjusts_quantities_adds_and_removes_materials(self):
        self.company.dental_stock_edit_at_billing = True
        line, event = self._visit()
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        wizard.write(
            {
                "material_ids": [
                    Command.update(wizard.material_ids.id, {"qty": 3}),
                    Command.create({"sale_line_id": line.id, "product_id": self.bond.id, "qty": 1}),
                ]
            }
        )
        wizard.action_confirm()
        self.assertEqual((self._on_hand(self.composite), self._on_hand(self.bond)), (7, 9))
        written_off = {material: qty for (__, material), (qty, __) in line._dental_stock_written_off().items()}
        self.assertEqual(written_off, {self.composite: 3, self.bond: 1})
        self.assertAlmostEqual(line.dental_material_cost, 3 * 300 + 50)
        # a second visit's bill of the same procedure cannot happen; the server API removes a material
        line._dental_stock_adjust({(line, self.composite): 0.0})
        self.assertEqual(self._on_hand(self.composite), 10, "removed: back in stock")
        with self.assertRaises(UserError):
            line._dental_stock_adjust({(line, self.bond): -1})
