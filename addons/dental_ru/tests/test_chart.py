from odoo.tests import TransactionCase, tagged

from odoo.addons.dental_cash.tests import test_cash_closing, test_deposit, test_tax_certificate

from .common import DentalRuCommon


@tagged("post_install", "-at_install")
class TestRussianChart(DentalRuCommon):
    def _account(self, code):
        return self.env["account.account"].search(
            [("code", "=", code), ("company_ids", "in", self.company.id)], limit=1
        )

    def _balance(self, account):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted"), ("company_id", "=", self.company.id)]
        )
        return round(sum(lines.mapped("balance")), 2)

    def test_chart_in_roubles(self):
        self.assertEqual(self.company.chart_template, "ru")
        self.assertEqual(self.company.currency_id, self.env.ref("base.RUB"))
        self.assertEqual(self.company.account_fiscal_country_id, self.env.ref("base.ru"))
        for code in (
            "01",
            "10",
            "20",
            "26",
            "44",
            "50.01",
            "51",
            "57.01",
            "60.01",
            "62.01",
            "62.02",
            "68.02",
            "69",
            "70",
            "71",
            "76",
            "84",
            "90.01",
            "90.02",
            "90.09",
            "91.01",
            "91.02",
            "99",
        ):
            with self.subTest(code=code):
                self.assertTrue(self._account(code), f"account {code} of the chart")
        partner = self.patient.partner_id.with_company(self.company)
        self.assertEqual(partner.property_account_receivable_id.code, "62.01")
        self.assertEqual(partner.property_account_payable_id.code, "60.01")

    def test_taxes_and_fiscal_positions(self):
        Tax = self.env["account.tax"].with_company(self.company)
        taxes = Tax.search([("company_id", "=", self.company.id), ("type_tax_use", "=", "sale")])
        self.assertEqual(sorted(taxes.mapped("amount")), [0.0, 0.0, 10.0, 20.0])
        self.assertEqual(self.company.account_sale_tax_id.tax_group_id.name, "Without VAT")
        self.assertEqual(self.company.account_purchase_tax_id.amount, 20.0)
        vat20 = taxes.filtered(lambda t: t.amount == 20.0)
        self.assertTrue(vat20.price_include, "retail prices include VAT")
        tax_line = vat20.invoice_repartition_line_ids.filtered(lambda r: r.repartition_type == "tax")
        self.assertEqual(tax_line.account_id.code, "68.02")
        exempt = self.env["account.fiscal.position"].search(
            [("company_id", "=", self.company.id), ("name", "ilike", "art. 149")]
        )
        self.assertEqual(exempt.map_tax(vat20), self.company.account_sale_tax_id)

    def test_product_journals_on_the_chart(self):
        cash, card, bank = (self.company._dental_payment_journal(kind) for kind in ("cash", "card", "bank"))
        self.assertEqual((cash.type, card.type, bank.type), ("cash", "bank", "bank"))
        self.assertTrue(cash.default_account_id.code.startswith("50"), cash.default_account_id.code)
        self.assertTrue(card.default_account_id.code.startswith("51"), card.default_account_id.code)
        self.assertTrue(bank.default_account_id.code.startswith("51"), bank.default_account_id.code)
        for journal in (cash, card, bank):
            self.assertEqual(journal.currency_id or journal.company_id.currency_id, self.env.ref("base.RUB"))

    def test_invoice_payment_refund_balance(self):
        invoice = self._invoice(5000.0, product=self.service_filling)
        self.assertEqual(invoice.invoice_line_ids.account_id.code, "90.01")
        self._pay(5000.0, mode="pay", invoice=invoice)
        self.assertEqual(invoice.payment_state, "paid")
        self._pay(3000.0, mode="deposit", method="card")
        wizard = self.env["dental.payment.wizard"].create(
            {
                "mode": "withdraw",
                "patient_id": self.patient.id,
                "withdraw_amount": 1000.0,
                "withdraw_kind": "cash",
                "date": self.day,
                "confirmed": True,
            }
        )
        wizard.action_confirm()
        cash = self.company._dental_payment_journal("cash").default_account_id
        card = self.company._dental_payment_journal("card").default_account_id
        self.assertEqual(self._balance(self._account("90.01")), -5000.0)
        self.assertEqual(self._balance(cash), 4000.0)
        self.assertEqual(self._balance(card), 3000.0)
        self.assertEqual(self._balance(self._account("62.01")), -2000.0, "the deposit left")
        moves = self.env["account.move.line"].search([("company_id", "=", self.company.id)])
        self.assertAlmostEqual(sum(moves.mapped("balance")), 0.0)
        self.assertEqual(self._figures()["deposit"], 2000.0)


# dental_cash's own tests of the daily summary, deposits and refunds, and the tax certificate, on the Russian chart
@tagged("post_install", "-at_install")
class TestRuCashClosing(DentalRuCommon, test_cash_closing.TestCashClosing):
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestRuDeposit(DentalRuCommon, test_deposit.TestDeposit):
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestRuTaxCertificate(DentalRuCommon, test_tax_certificate.TestTaxCertificate):
    allow_inherited_tests_method = True

    def test_certificate_prints_the_ogrn(self):
        self.company.company_registry = "1027700132195"
        certificate = self._certificate(self.relative)
        certificate.action_issue()
        self.assertEqual(certificate.company_ogrn, "1027700132195")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dental_cash.report_tax_certificate", certificate.ids)[0]
            .decode()
        )
        self.assertIn("ОГРН", html)
        self.assertIn("1027700132195", html)


@tagged("post_install", "-at_install")
class TestDemoClinicChart(TransactionCase):
    """The demo clinic keeps its books on the Russian chart (dental_ru_chart's demo), dental entries included."""

    def test_demo_clinic_on_the_russian_chart(self):
        if not self.env.ref("base.module_dental_ru_chart").demo:
            self.skipTest("a database without demo data")
        clinic = self.env.ref("base.main_company")
        branch = self.env.ref("dental_patient.demo_branch_south")
        for company in clinic | branch:
            with self.subTest(company=company.name):
                self.assertEqual(company.root_id.chart_template, "ru")
                self.assertEqual(company.currency_id, self.env.ref("base.RUB"))
                cash = company._dental_payment_journal("cash")
                self.assertTrue(cash.default_account_id.code.startswith("50"), cash.default_account_id.code)
        accounts = self.env["account.account"].search([("company_ids", "in", clinic.id)])
        self.assertIn("62.01", accounts.mapped("code"))
        self.assertFalse(
            accounts.filtered(lambda a: a.code.isdigit() and len(a.code) == 6), "no account of the generic chart"
        )
        lines = self.env["account.move.line"].search(
            [("company_id", "child_of", clinic.id), ("parent_state", "=", "posted"), ("display_type", "=", "product")]
        )
        self.assertTrue(lines, "the demo's entries")
        self.assertIn(
            "90.01", lines.filtered(lambda line: line.move_id.move_type == "out_invoice").account_id.mapped("code")
        )
