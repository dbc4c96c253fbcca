from odoo import api, fields, models


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    dental_installments = fields.Integer(
        string="Monthly Instalments",
        readonly=True,
        help="Number of monthly instalments of a clinic instalment plan (0: not an instalment plan).",
    )

    @api.model
    def _dental_installment_lines(self, count):
        """Line commands of ``count`` equal monthly instalments, the first one due on the invoice date."""
        share = round(100.0 / count, 6)
        lines = []
        for month in range(count):
            value = share if month < count - 1 else round(100.0 - share * (count - 1), 6)
            lines.append(
                fields.Command.create(
                    {
                        "value": "percent",
                        "value_amount": value,
                        "delay_type": "dental_months_after",
                        "dental_months": month,
                        "nb_days": 0,
                    }
                )
            )
        return lines
