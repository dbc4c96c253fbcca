from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    dental_invoice_line_id = fields.Many2one(
        "account.move.line", string="Patient Invoice Line", index="btree_not_null", readonly=True, copy=False
    )
