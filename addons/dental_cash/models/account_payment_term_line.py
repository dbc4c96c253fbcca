from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AccountPaymentTermLine(models.Model):
    """Instalments: a line due a number of calendar months after the invoice date."""

    _inherit = "account.payment.term.line"

    delay_type = fields.Selection(
        selection_add=[("dental_months_after", "Months after invoice date")],
        ondelete={"dental_months_after": "set default"},
    )
    dental_months = fields.Integer(string="Months", help="Months after the invoice date (instalments).")

    def _get_due_date(self, date_ref):
        if self.delay_type == "dental_months_after":
            date_ref = fields.Date.to_date(date_ref) or fields.Date.today()
            return date_ref + relativedelta(months=self.dental_months)
        return super()._get_due_date(date_ref)
