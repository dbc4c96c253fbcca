from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo, force_create=True):
        res = super()._load(template_code, company, install_demo, force_create=force_create)
        # A new branch (or a company getting its chart) gets its cash, card and bank-transfer journals.
        company._dental_create_payment_journals()
        return res
