from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalDiscountThreshold(models.Model):
    """A step of a cumulative discount: from this total paid by the patient, this percentage."""

    _name = "dental.discount.threshold"
    _description = "Cumulative Discount Threshold"
    _order = "program_id, amount_paid"

    program_id = fields.Many2one("loyalty.program", string="Programme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id")
    currency_id = fields.Many2one(related="program_id.currency_id")
    amount_paid = fields.Monetary(string="Total Paid From", required=True)
    percent = fields.Float(string="Discount (%)", required=True)

    @api.constrains("amount_paid", "percent")
    def _check_values(self):
        for threshold in self:
            if threshold.amount_paid < 0:
                raise ValidationError(_("The total paid of a threshold cannot be negative."))
            if not 0 < threshold.percent <= 100:
                raise ValidationError(_("The discount of a threshold is between 0 and 100%."))
