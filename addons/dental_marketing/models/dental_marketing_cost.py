from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalMarketingCost(models.Model):
    """A cost of an advertising campaign (``utm.campaign``) on a day: typed in by hand or imported from a CSV or
    Excel file with Odoo's import (all rows or none, with a row-level error report)."""

    _name = "dental.marketing.cost"
    _description = "Campaign Cost"
    _order = "date desc, id desc"

    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    campaign_id = fields.Many2one("utm.campaign", string="Campaign", required=True, index=True, ondelete="restrict")
    source_id = fields.Many2one("utm.source", string="Marketing Channel", index="btree_not_null")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    name = fields.Char(string="Description")

    @api.constrains("amount")
    def _check_amount(self):
        if any(cost.amount < 0 for cost in self):
            raise ValidationError(_("A campaign cost cannot be negative."))
