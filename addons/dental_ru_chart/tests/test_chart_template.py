from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRuChartTemplate(TransactionCase):
    """The ``ru`` template loads on a new Russian company: roubles, the 94н accounts, VAT-exempt services."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Клиника на 94н", "country_id": cls.env.ref("base.ru").id})
        cls.env["account.chart.template"].try_loading("ru", cls.company, install_demo=False)
        # an account's code is per company: read them in the new company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.company = cls.company.with_env(cls.env)

    def _account(self, code):
        return self.env["account.account"].search([("company_ids", "in", self.company.id), ("code", "=", code)])

    def test_accounts_and_currency(self):
        self.assertEqual(self.company.chart_template, "ru")
        self.assertEqual(self.company.currency_id, self.env.ref("base.RUB"))
        receivable = self._account("62.01")
        self.assertEqual(receivable.account_type, "asset_receivable")
        self.assertTrue(receivable.reconcile)
        self.assertEqual(self._account("60.01").account_type, "liability_payable")
        self.assertEqual(self._account("90.01").account_type, "income")
        self.assertEqual(self.company.transfer_account_id, self._account("57.01"))

    def test_services_are_exempt_from_vat(self):
        tax = self.company.account_sale_tax_id
        self.assertEqual(tax.amount, 0.0)
        self.assertEqual(tax.type_tax_use, "sale")
        vat_20 = self.env["account.tax"].search(
            [("company_id", "=", self.company.id), ("type_tax_use", "=", "sale"), ("amount", "=", 20.0)]
        )
        self.assertEqual(len(vat_20), 1, "VAT 20 % is there for goods")

    def test_journals_on_the_chart(self):
        cash = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "cash")], limit=1
        )
        self.assertTrue(cash.default_account_id.code.startswith("50"))
        bank = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1
        )
        self.assertTrue(bank.default_account_id.code.startswith("51"))

    def test_russian_names(self):
        if not self.env["res.lang"]._lang_get("ru_RU"):
            self.skipTest("Russian is not installed in this database")
        name = self._account("62.01").with_context(lang="ru_RU").name
        self.assertEqual(name, "Расчёты с покупателями и заказчиками")
