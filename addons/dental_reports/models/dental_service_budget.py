from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalServiceBudget(models.Model):
    """Profitability of a new service (seed "Бюджет"): what one service leaves after materials and the doctor's
    share, the profit of the expected monthly volume, and the months until the investment pays back.
    Each record is a saved calculation."""

    _name = "dental.service.budget"
    _description = "Service Budget Calculation"
    _order = "create_date desc, id desc"

    name = fields.Char(required=True)
    company_id = fields.Many2one("res.company", string="Branch", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one("product.product", string="Service", domain=[("is_dental_service", "=", True)])
    investment = fields.Monetary(help="Equipment, training and launch costs.")
    price = fields.Monetary(string="Price per Service")
    material_cost = fields.Monetary(string="Materials per Service")
    other_cost = fields.Monetary(string="Other Costs per Service", help="Lab work, sterilisation, consumables.")
    doctor_pct = fields.Float(string="Doctor's Share (%)", digits=(5, 2))
    monthly_volume = fields.Integer(string="Services per Month")
    margin = fields.Monetary(string="Margin per Service", compute="_compute_result", store=True)
    monthly_profit = fields.Monetary(compute="_compute_result", store=True)
    yearly_profit = fields.Monetary(compute="_compute_result", store=True)
    payback_months = fields.Float(
        string="Payback (Months)",
        compute="_compute_result",
        store=True,
        digits=(16, 1),
        help="Investment over the monthly profit; 0 when the service does not pay back.",
    )
    pays_back = fields.Boolean(compute="_compute_result", store=True)
    note = fields.Text()

    @api.depends("investment", "price", "material_cost", "other_cost", "doctor_pct", "monthly_volume")
    def _compute_result(self):
        for budget in self:
            budget.margin = (
                budget.price - budget.material_cost - budget.other_cost - budget.price * budget.doctor_pct / 100.0
            )
            budget.monthly_profit = budget.margin * budget.monthly_volume
            budget.yearly_profit = budget.monthly_profit * 12
            budget.pays_back = budget.monthly_profit > 0
            budget.payback_months = budget.investment / budget.monthly_profit if budget.monthly_profit > 0 else 0.0

    @api.constrains("investment", "price", "material_cost", "other_cost", "doctor_pct", "monthly_volume")
    def _check_inputs(self):
        for budget in self:
            if min(budget.investment, budget.price, budget.material_cost, budget.other_cost) < 0:
                raise ValidationError(_("Amounts of a budget calculation cannot be negative."))
            if budget.monthly_volume < 0:
                raise ValidationError(_("The number of services per month cannot be negative."))
            if not 0.0 <= budget.doctor_pct <= 100.0:
                raise ValidationError(_("The doctor's share must be between 0 and 100%."))

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id:
            self.price = self.product_id.lst_price
            if not self.name:
                self.name = self.product_id.name
