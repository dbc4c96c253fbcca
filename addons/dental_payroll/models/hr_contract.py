from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

WAGE_TYPES = [
    ("month", "Per Month"),
    ("day", "Per Day Worked"),
    ("hour", "Per Hour Worked"),
    ("shift", "Per Shift"),
    ("period", "Per Custom Period"),
]


class HrContract(models.Model):
    """The clinic's salary scheme: a fixed pay per unit of time plus shares of the paid procedures."""

    _inherit = "hr.contract"

    dental_wage_type = fields.Selection(
        WAGE_TYPES,
        string="Fixed Pay",
        default="month",
        required=True,
        help="What the wage pays: a month, a day or an hour at the clinic (from the shifts), a shift, "
        "or a custom period of days.",
    )
    dental_period_days = fields.Integer(
        string="Period (Days)", default=30, help="Length of the custom period the wage pays."
    )
    dental_remote = fields.Boolean(
        string="Remote Staff",
        help="Works outside the clinic: days and hours come from the working schedule, not from shifts.",
    )
    dental_permanent_bonus = fields.Monetary(string="Permanent Bonus", help="Added to every month's pay.")
    dental_share_rule_ids = fields.One2many(
        "dental.payroll.share.rule", "contract_id", string="Share of Paid Procedures", copy=True
    )

    @api.constrains("dental_wage_type", "dental_period_days", "wage", "dental_permanent_bonus")
    def _check_dental_wage(self):
        for contract in self:
            if contract.dental_wage_type == "period" and contract.dental_period_days <= 0:
                raise ValidationError(_("A custom period lasts at least one day."))
            if contract.wage < 0 or contract.dental_permanent_bonus < 0:
                raise ValidationError(_("The wage and the permanent bonus cannot be negative."))

    def _dental_fixed_pay(self, units, date_from, date_to):
        """Fixed pay of the period from the worked units {"days", "hours", "shifts"}."""
        self.ensure_one()
        kind = self.dental_wage_type
        if kind == "month":
            return self.wage
        if kind == "period":
            days = (date_to - date_from).days + 1
            return self.wage * days / self.dental_period_days
        return self.wage * units[{"day": "days", "hour": "hours", "shift": "shifts"}[kind]]
