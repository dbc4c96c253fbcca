from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero, float_round

from .product_template import COST_GROUPS


class DentalConsumptionNormLine(models.Model):
    """A material of a norm: the quantity one unit of the service consumes, in any unit of the material's category
    (a material kept in litres may be normed in millilitres), or an amount of money (by price): the write-off
    converts it into a quantity at the material's cost on the day of the completion."""

    _name = "dental.consumption.norm.line"
    _description = "Consumption Norm Material"
    _order = "norm_id, sequence, id"

    norm_id = fields.Many2one("dental.consumption.norm", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        string="Material",
        required=True,
        index=True,
        domain="[('dental_is_material', '=', True)]",
    )
    norm_type = fields.Selection(
        [("qty", "Quantity"), ("amount", "Amount")],
        string="Norm By",
        required=True,
        default="qty",
        help="Quantity: the quantity in the unit. Amount: the value of the material consumed, written off as the "
        "quantity it buys at the material's cost on the day the procedure is completed.",
    )
    product_qty = fields.Float(string="Quantity", required=True, default=1.0, digits="Product Unit of Measure")
    # a cost figure: the cost roles only (like the material's cost it is converted with)
    amount = fields.Float(digits="Product Price", groups=COST_GROUPS, help="Value of the material per service.")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        required=True,
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    dental_piece_material = fields.Boolean(related="product_id.dental_piece_material")

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                line.product_uom_id = line.product_id.uom_id

    @api.constrains("product_qty", "product_uom_id", "product_id", "norm_type", "amount")
    def _check_quantity_unit(self):
        # sudo: the amount is checked whoever may keep the norm (settings editors do without the cost groups)
        for line in self.sudo():
            if line.product_qty <= 0:
                raise ValidationError(_("The norm quantity of %(name)s must be positive.", name=line.product_id.name))
            if line.norm_type == "amount" and line.amount <= 0:
                raise ValidationError(_("The norm amount of %(name)s must be positive.", name=line.product_id.name))
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    _(
                        "The unit %(unit)s cannot measure %(name)s (kept in %(kept)s).",
                        unit=line.product_uom_id.name,
                        name=line.product_id.name,
                        kept=line.product_id.uom_id.name,
                    )
                )
            if not line.product_id.dental_is_material:
                raise ValidationError(_("%(name)s is not a dental material.", name=line.product_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        self.env["dental.consumption.norm"].browse(
            {vals["norm_id"] for vals in vals_list if vals.get("norm_id")}
        )._dental_check_not_used()
        return super().create(vals_list)

    def write(self, vals):
        self.norm_id._dental_check_not_used()
        if "norm_id" in vals:
            self.env["dental.consumption.norm"].browse(vals["norm_id"])._dental_check_not_used()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.norm_id.filtered("used"):
            raise UserError(_("A material of an applied norm cannot be removed: create a new version."))

    def _dental_qty(self, service_qty, company=None):
        """The quantity in the material's own unit that ``service_qty`` units of the service consume.

        A norm by amount buys the quantity at the material's cost in ``company`` now (the cost on the completion
        day: Odoo keeps the current cost only); a material without a cost cannot be converted.
        """
        self.ensure_one()
        if self.norm_type != "amount":
            return self.product_uom_id._compute_quantity(self.product_qty * service_qty, self.product_id.uom_id)
        # sudo: the conversion reads the norm's amount and the material's cost, whoever completes the procedure
        line = self.sudo()
        material = line.product_id.with_company(company or self.env.company)
        cost = material.standard_price
        if float_is_zero(cost, precision_digits=6):
            raise UserError(
                _(
                    "The norm of %(service)s writes off %(material)s by amount, but the material has no cost to "
                    "convert the amount into a quantity: ask the storekeeper to set it.",
                    service=line.norm_id.service_id.display_name,
                    material=material.display_name,
                )
            )
        return float_round(line.amount * service_qty / cost, precision_rounding=material.uom_id.rounding)
