import logging

from odoo import api, models

from odoo.addons.account.models.chart_template import template

_logger = logging.getLogger(__name__)


class AccountChartTemplate(models.AbstractModel):
    """The chart of accounts of Минфин order 94н as a clinic uses it (see readme/DESCRIPTION.md)."""

    _inherit = "account.chart.template"

    @api.model
    def _dental_ru_demo_chart(self):
        """Demo data: the demo clinic (the main company, made Russian by dental_patient's demo) on this chart.

        Accounting's demo loads the generic chart on the main company and dental_patient's demo loads it again
        without its sample entries (a demo company changing its chart loses its entries); this addon is loaded
        after dental_patient and before the dental addons that book entries (dental_cash and the ones after it,
        deeper in the dependency graph), so the clinic changes its chart while it has none: Odoo replaces the
        generic accounts, taxes and journals by these, for the clinic and its branches. A company with entries
        keeps its chart (changing it would delete them): then nothing happens but a warning.
        """
        company = self.env.ref("base.main_company", raise_if_not_found=False)
        if not company or company.country_id.code != "RU" or company.chart_template == "ru":
            return
        if company._existing_accounting():
            _logger.warning(
                "The demo company %s has entries: it keeps its chart %s", company.name, company.chart_template
            )
            return
        self._load("ru", company, install_demo=False)

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
