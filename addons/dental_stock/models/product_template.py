from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dental_is_material = fields.Boolean(
        string="Dental Material",
        help="A storable material the clinic consumes in procedures (consumption norms, automatic write-off).",
    )
    dental_piece_material = fields.Boolean(
        string="Piece Material",
        help="Sold or installed by the piece (crowns, posts, brushes): written off automatically in the normal "
        "control mode too; other materials only in the advanced mode.",
    )

    @api.constrains("dental_is_material", "is_storable", "type")
    def _check_dental_material_storable(self):
        for template in self:
            if template.dental_is_material and not (template.type == "consu" and template.is_storable):
                raise ValidationError(
                    _(
                        "The material %(name)s must be a storable product (goods with inventory tracking).",
                        name=template.display_name,
                    )
                )
