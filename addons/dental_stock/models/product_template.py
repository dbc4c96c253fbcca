from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Who reads the purchase cost of products (Odoo's ``standard_price``) and the costs derived from it: storekeepers and
# inventory users, buyers, accountants (and auditors), Directors. Doctors, assistants, registrars see the materials,
# not what the clinic pays for them.
COST_GROUPS = (
    "stock.group_stock_user,purchase.group_purchase_user,account.group_account_readonly,dental_patient.group_director"
)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Odoo gives the cost to every internal user (``base.group_user``); the field's groups make the ORM refuse it to
    # the others over RPC (read, search_read, read_group, a search or an order on it, export) and hide it from
    # fields_get and the views. Server code reading it as such a user (stock valuation) runs as superuser.
    standard_price = fields.Float(groups=COST_GROUPS)
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
