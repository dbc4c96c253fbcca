from odoo import Command
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import DentalBookCase

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestRecycleBin(DentalBookCase, DentalCashCommon):
    """Discount programmes and cash desk categories: deleted only without history, archived and restored."""

    def _program(self, name, **vals):
        return self.env["loyalty.program"].create(
            {"name": name, "dental_discount": True, "dental_discount_value": 10.0, **vals}
        )

    def _draft_invoice(self, program):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.patient.partner_id.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.service_consult.id,
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "discount": 10.0,
                            "dental_discount_program_id": program.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def test_discount_programme(self):
        used, unused = self._program("Pensioners"), self._program("Unused")
        self._draft_invoice(used)
        self.assertBinRestores(used, "dental_cash.loyalty_program_action_archived", self.user_director)
        # the Director archives and restores the programme's parts too (Odoo's reward and its discount product)
        self.assertTrue(used.reward_ids.discount_line_product_id.active)
        # Odoo deletes archived programmes only: they are deleted from the bin
        (used | unused).action_archive()
        self.assertDeleteRefused(used, "invoices", user=self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_odoo_programmes_keep_odoo_deletion(self):
        """A programme that is not a clinic discount is deleted as Odoo decides; the bin does not list it."""
        native = self.env["loyalty.program"].create({"name": "Odoo promotion", "program_type": "promotion"})
        native.action_archive()
        self.assertNotIn(native, self._bin_records("dental_cash.loyalty_program_action_archived"))
        invoice = self._draft_invoice(native)
        native.unlink()
        self.assertFalse(native.exists())
        self.assertFalse(invoice.invoice_line_ids.dental_discount_program_id)

    def test_cash_category(self):
        Category = self.env["dental.cash.category"]
        used, unused = Category.create([{"name": "Flowers", "kind": "expense"}, {"name": "Unused"}])
        self.env["dental.cash.operation"].create(
            {
                "kind": "expense",
                "category_id": used.id,
                "amount": 300.0,
                "description": "Flowers for the hall",
                "date": self.today,
                "company_id": self.company.id,
            }
        )
        self.assertDeleteRefused(used, "cash operations", user=self.user_director)
        self.assertBinRestores(used, "dental_cash.dental_cash_category_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_service_on_an_invoice(self):
        service = self.env["product.template"].create({"name": "Whitening", "is_dental_service": True})
        self._invoice(500.0, product=service.product_variant_id)
        self.assertDeleteRefused(service, "invoices")

    def test_registrar_cannot_restore_or_delete(self):
        for record in (self._program("Kids"), self.env["dental.cash.category"].create({"name": "Taxi"})):
            with self.subTest(model=record._name):
                self.assertBinDenied(record, self.user_registrar)

    def test_bin_menus(self):
        actions = [menu.action for menu in self.env.ref("dental_patient.dental_recycle_bin_menu").child_id]
        for xmlid in ("loyalty_program_action_archived", "dental_cash_category_action_archived"):
            self.assertIn(self.env.ref(f"dental_cash.{xmlid}"), actions)
