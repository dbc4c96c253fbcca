from odoo import api, fields, models

from .dental_lab_order import COST_GROUPS


class SaleOrderLine(models.Model):
    """Plan procedures carry the cost of the lab work made for them (margin, payroll)."""

    _inherit = "sale.order.line"

    dental_lab_order_ids = fields.One2many(
        "dental.lab.order", "plan_line_id", string="Lab Orders", groups="base.group_user"
    )
    dental_lab_cost = fields.Monetary(
        string="Lab Cost",
        compute="_compute_dental_lab_cost",
        store=True,
        groups=COST_GROUPS,
        currency_field="currency_id",
        help="The cost of the lab orders made for this procedure (billed by the lab, else ordered).",
    )

    @api.depends("dental_lab_order_ids.lab_cost")
    def _compute_dental_lab_cost(self):
        for line in self:
            line.dental_lab_cost = sum(line.sudo().dental_lab_order_ids.mapped("lab_cost"))
