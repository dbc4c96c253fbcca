from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    """Lab services: services bought from dental laboratories at each lab's own price (vendor prices)."""

    _inherit = "product.template"

    dental_is_lab_service = fields.Boolean(
        string="Lab Service",
        index="btree_not_null",
        help="A service of dental laboratories: its vendor prices are the labs' price lists, with lead times.",
    )

    @api.constrains("dental_is_lab_service", "type")
    def _check_dental_lab_service_type(self):
        for template in self:
            if template.dental_is_lab_service and template.type != "service":
                raise ValidationError(_("A lab service must be a product of type Service."))
