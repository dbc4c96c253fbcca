from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class DentalConsumptionNormLine(models.Model):
    """A material of a norm: the quantity one unit of the service consumes, in any unit of the material's category
    (a material kept in litres may be normed in millilitres)."""

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
    product_qty = fields.Float(string="Quantity", required=True, default=1.0, digits="Product Unit of Measure")
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

    @api.constrains("product_qty", "product_uom_id", "product_id")
    def _check_quantity_unit(self):
        for line in self:
            if line.product_qty <= 0:
                raise ValidationError(_("The norm quantity of %(name)s must be positive.", name=line.product_id.name))
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

    def _dental_qty(self, service_qty):
        """The quantity in the material's own unit that ``service_qty`` units of the service consume."""
        self.ensure_one()
        return self.product_uom_id._compute_quantity(self.product_qty * service_qty, self.product_id.uom_id)
