from odoo import fields, models


class StockWarehouse(models.Model):
    """A warehouse may stock particular materials or material groups only; the write-off of a material it does not
    stock goes to the branch's warehouse attached to it (``sale.order.line._dental_stock_route``)."""

    _inherit = "stock.warehouse"

    dental_material_ids = fields.Many2many(
        "product.product",
        "dental_warehouse_material_rel",
        "warehouse_id",
        "product_id",
        string="Materials Stocked",
        domain=[("dental_is_material", "=", True)],
        help="Empty with no group either: the warehouse stocks every material.",
    )
    dental_material_categ_ids = fields.Many2many(
        "product.category",
        "dental_warehouse_material_categ_rel",
        "warehouse_id",
        "categ_id",
        string="Material Groups Stocked",
    )

    def _dental_stocks(self, material):
        """Whether the warehouse (one) stocks ``material``: attached, in an attached group, or nothing attached."""
        self.ensure_one()
        return _dental_stocks(self, material)


def _dental_stocks(record, material):
    """Whether ``record`` (a warehouse or a chair with ``dental_material_ids``/``dental_material_categ_ids``) stocks
    ``material``: every material when nothing is attached."""
    if not record.dental_material_ids and not record.dental_material_categ_ids:
        return True
    if material in record.dental_material_ids:
        return True
    path = material.categ_id.parent_path or ""
    return any(path.startswith(categ.parent_path) for categ in record.dental_material_categ_ids)
