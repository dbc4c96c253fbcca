from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_dms_reminder_days = fields.Integer(related="company_id.dental_dms_reminder_days", readonly=False)
