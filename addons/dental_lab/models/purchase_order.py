from odoo import fields, models


class PurchaseOrder(models.Model):
    """The purchase order of a lab work order: the lab's bill is matched to it natively (PO → bill)."""

    _inherit = "purchase.order"

    dental_lab_order_id = fields.Many2one(
        "dental.lab.order", string="Lab Order", index="btree_not_null", copy=False, readonly=True
    )
