from odoo import models

from odoo.addons.account.models.chart_template import template


class AccountChartTemplate(models.AbstractModel):
    """The chart of accounts of Минфин order 94н as a clinic uses it (see readme/DESCRIPTION.md)."""

    _inherit = "account.chart.template"

    @template("ru")
    def _get_ru_template_data(self):
        return {
            "name": "Russia (Минфин 94н, clinic)",
            "country": "ru",
            "code_digits": "2",  # the codes of 94н as they are (no zero padding)
            "property_account_receivable_id": "ru62_01",
            "property_account_payable_id": "ru60_01",
            "property_account_income_categ_id": "ru90_01",
            "property_account_expense_categ_id": "ru20",
            "property_stock_account_input_categ_id": "ru60_01",
            "property_stock_account_output_categ_id": "ru20",
            "property_stock_valuation_account_id": "ru10",
        }

    @template("ru", "res.company")
    def _get_ru_res_company(self):
        return {
            self.env.company.id: {
                "account_fiscal_country_id": "base.ru",
                # a new bank or cash journal's account: 51.01, 51.02... and 50.02, 50.03... (50.01 is the main cash desk)
                "bank_account_code_prefix": "51.00",
                "cash_account_code_prefix": "50.00",
                "transfer_account_code_prefix": "57.00",
                "transfer_account_id": "ru57_01",
                "account_journal_suspense_account_id": "ru76_09",
                "income_currency_exchange_account_id": "ru91_01",
                "expense_currency_exchange_account_id": "ru91_02",
                "account_journal_early_pay_discount_loss_account_id": "ru91_02",
                "account_journal_early_pay_discount_gain_account_id": "ru91_01",
                "default_cash_difference_income_account_id": "ru91_01",
                "default_cash_difference_expense_account_id": "ru91_02",
                # medical services are exempt from VAT (НК РФ art. 149 p. 2 sub-p. 2): a new service has no VAT
                "account_sale_tax_id": "ru_tax_no_vat_sale",
                "account_purchase_tax_id": "ru_tax_vat_20_purchase",
            },
        }

    @template("ru", "account.journal")
    def _get_ru_account_journal(self):
        return {
            "cash": {"default_account_id": "ru50_01"},
            "bank": {"default_account_id": "ru51"},
        }
