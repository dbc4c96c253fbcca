from odoo import _, api, fields, models

from odoo.addons.dental_stock.models.stock_warehouse import _dental_stocks


class DentalChair(models.Model):
    """A chair keeps its own stock (a location under its branch's warehouse stock): the procedures done in it
    consume from there, the storekeeper transfers materials to it."""

    _inherit = "dental.chair"

    dental_location_id = fields.Many2one(
        "stock.location",
        string="Stock Location",
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        check_company=True,
        help="Materials kept at the chair; procedures done in the chair consume from here.",
    )
    dental_material_ids = fields.Many2many(
        "product.product",
        "dental_chair_material_rel",
        "chair_id",
        "product_id",
        string="Materials Stocked",
        domain=[("dental_is_material", "=", True)],
        help="The materials the chair keeps; others come from the branch's write-off location. Empty with no group "
        "either: the chair keeps every material.",
    )
    dental_material_categ_ids = fields.Many2many(
        "product.category", "dental_chair_material_categ_rel", "chair_id", "categ_id", string="Material Groups Stocked"
    )

    @api.model_create_multi
    def create(self, vals_list):
        chairs = super().create(vals_list)
        chairs.filtered(lambda chair: not chair.dental_location_id)._dental_create_location()
        return chairs

    def _dental_create_location(self):
        """A location under the stock of the branch's warehouse for each chair."""
        for chair in self:
            parent = chair.company_id._dental_stock_source_location()
            if not parent:
                continue
            # sudo: whoever registers the chair (a Director) gets its location; stock locations are the storekeeper's
            location = (
                self.env["stock.location"]
                .sudo()
                .create({"name": chair.name, "location_id": parent.id, "company_id": chair.company_id.id})
            )
            chair.dental_location_id = location

    def action_dental_chair_stock(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Stock of %(chair)s", chair=self.name),
            "res_model": "stock.quant",
            "view_mode": "list",
            "views": [(self.env.ref("dental_calendar_stock.stock_quant_view_list_chair").id, "list")],
            "domain": [("location_id", "child_of", self.dental_location_id.id), *self._dental_material_domain()],
        }

    def _dental_stocks(self, material):
        """Whether the chair (one) keeps ``material``: attached, in an attached group, or nothing attached."""
        self.ensure_one()
        return _dental_stocks(self, material)

    def _dental_material_domain(self, field="product_id"):
        """The chair's materials as a domain on ``field`` (a product): none when the chair keeps everything."""
        self.ensure_one()
        if not self.dental_material_ids and not self.dental_material_categ_ids:
            return []
        return [
            "|",
            (field, "in", self.dental_material_ids.ids),
            (f"{field}.categ_id", "child_of", self.dental_material_categ_ids.ids),
        ]

    def _dental_stock_on_hand(self):
        """``{product: quantity}`` on hand at the chair: one grouped query."""
        self.ensure_one()
        # sudo: the figures of the chair's stock (doctors see their chair's materials, not the stock app)
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group([("location_id", "child_of", self.dental_location_id.id)], ["product_id"], ["quantity:sum"])
        )
        return {product.with_env(self.env): quantity for product, quantity in groups}
