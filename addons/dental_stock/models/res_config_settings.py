from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_stock_mode = fields.Selection(related="company_id.dental_stock_mode", readonly=False)
    dental_stock_forbid_negative = fields.Boolean(related="company_id.dental_stock_forbid_negative", readonly=False)
    dental_stock_edit_at_billing = fields.Boolean(related="company_id.dental_stock_edit_at_billing", readonly=False)
    dental_stock_post_immediately = fields.Boolean(related="company_id.dental_stock_post_immediately", readonly=False)
    dental_stock_location_id = fields.Many2one(related="company_id.dental_stock_location_id", readonly=False)
