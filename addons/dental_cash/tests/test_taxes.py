from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import Form, tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestMoneyTaxes(DentalCashCommon):
    """Dental services carry no sales tax by default; where a tax exists it is its own figure, and every money
    figure (bill dialog, patient card, daily summary) adds up with it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tax = cls.env["account.tax"]
        cls.vat = Tax.create(
            {"name": "VAT 15% (test)", "amount": 15.0, "type_tax_use": "sale", "company_id": cls.company.id}
        )
        cls.vat_included = Tax.create(
            {
                "name": "VAT 20% included (test)",
                "amount": 20.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": cls.company.id,
            }
        )
        # a cosmetic service: taxed by hand
        cls.whitening = cls.env["product.product"].create(
            {
                "name": "Whitening",
                "is_dental_service": True,
                "list_price": 1200.0,
                "taxes_id": [Command.set(cls.vat.ids)],
            }
        )

    # ------------------------------------------------------------------ the service default
    def test_dental_service_gets_no_default_sales_tax(self):
        self.company.account_sale_tax_id = self.vat
        Product = self.env["product.product"]
        # neither this company's default sales tax nor the other companies' (account adds those to a new product)
        self.assertFalse(Product.create({"name": "Scaling", "is_dental_service": True}).taxes_id)
        Template = self.env["product.template"]
        self.assertFalse(Template.create({"name": "Sealant", "is_dental_service": True}).taxes_id)
        # the dental price list's form (default_is_dental_service) and ticking "Dental Service" by hand
        with Form(Template.with_context(default_is_dental_service=True)) as form:
            form.name = "Fluoride varnish"
            self.assertFalse(form.taxes_id)
        with Form(Template) as form:
            form.name = "Splint"
            self.assertEqual(form.taxes_id[:], self.vat, "a new product proposes the company's sales tax")
            form.is_dental_service = True
            self.assertFalse(form.taxes_id)
        # Odoo's default stays for everything else, and a tax given explicitly is kept
        self.assertIn(self.vat, Product.create({"name": "Toothbrush", "type": "consu"}).taxes_id)
        self.assertIn(self.vat, Template.with_context(default_is_dental_service=False).create({"name": "Gel"}).taxes_id)
        explicit = Product.create(
            {"name": "Veneer", "is_dental_service": True, "taxes_id": [Command.set(self.vat.ids)]}
        )
        self.assertEqual(explicit.taxes_id, self.vat)

    def test_country_addon_overrides_the_service_default(self):
        exempt = self.env["account.tax"].create(
            {"name": "Exempt (test)", "amount": 0.0, "type_tax_use": "sale", "company_id": self.company.id}
        )
        Template = type(self.env["product.template"])
        with patch.object(Template, "_dental_service_default_taxes", lambda model, companies: exempt):
            service = self.env["product.product"].create({"name": "Scaling", "is_dental_service": True})
        self.assertEqual(service.taxes_id, exempt)

    # ------------------------------------------------------------------ bill dialog
    def test_bill_dialog_shows_the_tax_as_its_own_line(self):
        event = self._appointment(services=self.whitening)
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id, "program_id": False})
        self.assertEqual(wizard.line_ids.tax_ids, self.vat)
        amounts = ("amount_gross", "amount_discount", "amount_tax", "amount_total")
        self.assertEqual([wizard[name] for name in amounts], [1200.0, 0.0, 180.0, 1380.0])
        wizard.line_ids.write({"discount": 10.0})
        self.assertEqual([wizard[name] for name in amounts], [1200.0, 120.0, 162.0, 1242.0])
        self.assertEqual(wizard.amount_due, 1242.0)
        wizard.cash_amount = 1242.0
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total), (1080.0, 162.0, 1242.0))
        self.assertEqual(invoice.payment_state, "paid")

    def test_bill_dialog_splits_a_price_including_its_tax(self):
        event = self._appointment(services=self.whitening)
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id, "program_id": False})
        wizard.line_ids.write({"tax_ids": [Command.set(self.vat_included.ids)]})
        self.assertEqual(
            [wizard.amount_gross, wizard.amount_discount, wizard.amount_tax, wizard.amount_total],
            [1000.0, 0.0, 200.0, 1200.0],
        )

    # ------------------------------------------------------------------ patient card
    def test_card_per_doctor_adds_up_to_invoiced(self):
        event = self._appointment(services=self.whitening | self.service_consult)
        invoice, _wizard = self._bill(event, program_id=False)
        self.assertEqual(invoice.amount_total, 2380.0)
        figures = self.patient._dental_money_figures(with_doctors=True)[self.patient.id]
        self.assertAlmostEqual(figures["invoiced"], 2380.0)
        self.assertEqual([row[1] for row in figures["doctors"]], ["Dr. Zubova"])
        self.assertAlmostEqual(sum(row[2] for row in figures["doctors"]), figures["invoiced"])
        self.patient.invalidate_recordset()
        self.assertIn(self.currency.format(2380.0), self.patient.dental_doctor_money_html)
        # a credit note takes the tax back too
        invoice.action_dental_rollback()
        figures = self.patient._dental_money_figures(with_doctors=True)[self.patient.id]
        self.assertAlmostEqual(figures["invoiced"], 0.0)
        self.assertAlmostEqual(sum(row[2] for row in figures["doctors"]), 0.0)

    # ------------------------------------------------------------------ daily summary
    def test_daily_summary_adds_up_with_taxed_invoices(self):
        event = self._appointment(services=self.whitening | self.service_consult)
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id, "program_id": False})
        wizard.line_ids.write({"discount": 10.0})
        wizard.cash_amount = wizard.amount_total
        taxed = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual((taxed.amount_untaxed, taxed.amount_tax), (1980.0, 162.0))
        # a price including its tax, half off
        included = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.relative.partner_id.id,
                "invoice_date": self.day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.whitening.id,
                            "price_unit": 1200.0,
                            "discount": 50.0,
                            "tax_ids": [Command.set(self.vat_included.ids)],
                        }
                    )
                ],
            }
        )
        included.action_post()
        self.assertEqual((included.amount_untaxed, included.amount_tax), (500.0, 100.0))
        figures = self.env["dental.cash.closing"]._dental_compute_figures(self.company, self.day)
        self.assertAlmostEqual(figures["gross_amount"], 2200.0 + 1000.0)
        self.assertAlmostEqual(figures["discount_amount"], 220.0 + 500.0)
        self.assertAlmostEqual(figures["tax_amount"], 162.0 + 100.0)
        self.assertAlmostEqual(figures["invoiced_amount"], taxed.amount_total + included.amount_total)
        self.assertAlmostEqual(
            figures["gross_amount"] - figures["discount_amount"] + figures["tax_amount"], figures["invoiced_amount"]
        )
        self.assertAlmostEqual(figures["cash_amount"], 2142.0)
        self.assertAlmostEqual(figures["debt_amount"], 600.0)
        self.assertAlmostEqual(figures["deposit_amount"], 0.0, msg="the whole payment pays the day's invoice")

    def test_daily_summary_shows_deposits_received(self):
        Line = self.env["account.move.line"]
        old = self._invoice(700.0, day=self.day - timedelta(days=2))
        self._pay(3000.0, mode="deposit", day=self.day)  # a prepayment
        event = self._appointment(services=self.service_consult)
        # 1 000 billed, 1 500 paid by card without using the prepayment: 500 stays on the account
        self._bill(event, card_amount=1500.0, use_deposit=False, program_id=False)
        self._pay(700.0, mode="pay", invoice=old, day=self.day)  # an old debt repaid
        Closing = self.env["dental.cash.closing"]
        figures = Closing._dental_compute_figures(self.company, self.day)
        self.assertAlmostEqual(figures["cash_amount"], 3700.0)
        self.assertAlmostEqual(figures["card_amount"], 1500.0)
        self.assertAlmostEqual(figures["debt_repayment_amount"], 700.0)
        self.assertAlmostEqual(figures["deposit_amount"], 3000.0 + 500.0)
        # the deposit used by a later invoice was still received that day
        later = self._invoice(2000.0, day=self.today)
        credits = Line._dental_open_receivable_lines(self.patient.partner_id).filtered(
            lambda ml: ml.amount_residual < 0
        )
        debits = later.line_ids.filtered(lambda ml: ml.account_id.account_type == "asset_receivable")
        Line._dental_reconcile_in_order(debits, credits.sorted("date"))
        self.assertEqual(later.payment_state, "paid")
        figures = Closing._dental_compute_figures(self.company, self.day)
        self.assertAlmostEqual(figures["deposit_amount"], 3500.0)
        self.assertAlmostEqual(
            Closing._dental_compute_figures(self.company, self.today)["deposit_amount"], 0.0, msg="nothing received"
        )
