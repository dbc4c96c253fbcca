from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalPayrollShareRule(models.Model):
    """One line of a contract's variable pay: a percentage of the paid procedures of a service or a category."""

    _name = "dental.payroll.share.rule"
    _description = "Share of Paid Procedures"
    _order = "contract_id, role, product_id, categ_id, id"

    contract_id = fields.Many2one("hr.contract", string="Contract", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    role = fields.Selection(
        [("doctor", "As Doctor"), ("assistant", "As Assistant")],
        required=True,
        default="doctor",
        help="Procedures the employee performed as the doctor, or assisted.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        domain=[("type", "=", "service")],
        help="This service only; it wins over a category's line.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Service Category",
        help="Every service of this category and its sub-categories (a direction); the closest category wins.",
    )
    percent = fields.Float(string="Share (%)", required=True, digits=(5, 2))
    deduct_lab = fields.Boolean(string="Less Lab Cost", help="The procedure's lab cost is taken off before the %.")
    deduct_material = fields.Boolean(
        string="Less Material Cost", help="The materials written off for the procedure are taken off before the %."
    )

    @api.constrains("product_id", "categ_id", "percent")
    def _check_target(self):
        for rule in self:
            if bool(rule.product_id) == bool(rule.categ_id):
                raise ValidationError(_("A share line names either a service or a service category."))
            if not 0.0 <= rule.percent <= 100.0:
                raise ValidationError(_("A share is between 0 and 100%."))

    def _dental_match(self, product, role):
        """The line of these rules for a product and a role: the service's own line, else the closest category."""
        rules = self.filtered(lambda r: r.role == role)
        own = rules.filtered(lambda r: r.product_id == product)
        if own:
            return own[0]
        best, depth = self.browse(), -1
        path = product.categ_id.parent_path or ""
        for rule in rules.filtered("categ_id"):
            prefix = rule.categ_id.parent_path or ""
            if prefix and path.startswith(prefix) and len(prefix) > depth:
                best, depth = rule, len(prefix)
        return best
