from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalMarketingBudget(models.Model):
    """What a branch plans to spend on one marketing channel (``utm.source``) in one month: the «Marketing.
    Channels» screen divides it by the patients the channel brought that month (``dental.marketing.analytics``)."""

    _name = "dental.marketing.budget"
    _description = "Marketing Channel Budget"
    _order = "date desc, company_id, source_id"

    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    source_id = fields.Many2one("utm.source", string="Marketing Channel", required=True, index=True)
    date = fields.Date(
        string="Month",
        required=True,
        index=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month; stored as its first day.",
    )
    amount = fields.Monetary(string="Budget", required=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    note = fields.Char()

    _sql_constraints = [
        (
            "month_uniq",
            "unique(company_id, source_id, date)",
            "A channel has one budget per branch and month.",
        ),
    ]

    @api.constrains("amount")
    def _check_amount(self):
        if any(budget.amount < 0 for budget in self):
            raise ValidationError(_("A budget cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._dental_first_of_month(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._dental_first_of_month(vals))

    @api.model
    def _dental_first_of_month(self, vals):
        if vals.get("date"):
            vals = dict(vals, date=fields.Date.to_date(vals["date"]).replace(day=1))
        return vals
