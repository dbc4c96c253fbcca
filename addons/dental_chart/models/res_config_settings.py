from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_tooth_notation = fields.Selection(related="company_id.dental_tooth_notation", readonly=False)
    dental_image_max_size = fields.Integer(related="company_id.dental_image_max_size", readonly=False)
    dental_import_token = fields.Char(
        related="company_id.dental_import_token", readonly=False, groups="base.group_system"
    )
