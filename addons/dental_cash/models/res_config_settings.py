from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_auto_distribute = fields.Boolean(related="company_id.dental_auto_distribute", readonly=False)
    dental_best_discount = fields.Boolean(related="company_id.dental_best_discount", readonly=False)
    dental_manual_discount_limit = fields.Float(related="company_id.dental_manual_discount_limit", readonly=False)
