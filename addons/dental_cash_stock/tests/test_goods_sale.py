from odoo import Command
from odoo.tests import tagged

from odoo.addons.dental_cash.tests.common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestGoodsSale(DentalCashCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.brush = cls.env["product.product"].create(
            {
                "name": "Toothbrush",
                "type": "consu",
                "is_storable": True,
                "dental_is_material": True,
                "dental_piece_material": True,
                "list_price": 350.0,
                "standard_price": 120.0,
            }
        )
        cls.stock = cls.company._dental_stock_source_location()
        cls.env["stock.quant"]._update_available_quantity(cls.brush, cls.stock, 10)

    def _on_hand(self):
        return self.brush.with_context(location=self.stock.id).qty_available

    def test_patient_invoice_takes_the_goods_out_and_back(self):
        invoice = self._invoice(350.0, product=self.brush)  # one brush
        self.assertEqual(self._on_hand(), 9)
        move = self.env["stock.move"].search([("dental_invoice_line_id", "=", invoice.invoice_line_ids.id)])
        self.assertEqual(move.location_dest_id, self.env.ref("stock.stock_location_customers"))
        self.assertAlmostEqual(sum(move.stock_valuation_layer_ids.mapped("value")), -120.0)
        invoice.button_draft()
        self.assertEqual(self._on_hand(), 10, "a draft invoice holds no goods")
        invoice.invoice_line_ids.quantity = 3
        invoice.action_post()
        self.assertEqual(self._on_hand(), 7)
        refund = invoice._reverse_moves([{"invoice_date": self.day}])
        refund.invoice_line_ids.quantity = 2
        refund.action_post()
        self.assertEqual(self._on_hand(), 9, "the credit note brings two back")

    def test_other_invoices_stay_native(self):
        company_partner = self.env["res.partner"].create({"name": "A shop"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": company_partner.id,
                "invoice_date": self.day,
                "invoice_line_ids": [Command.create({"product_id": self.brush.id, "quantity": 2, "price_unit": 300})],
            }
        )
        invoice.action_post()
        self.assertEqual(self._on_hand(), 10)
