from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_diagnocat_url = fields.Char(related="company_id.dental_diagnocat_url", readonly=False)
    dental_diagnocat_token = fields.Char(
        related="company_id.dental_diagnocat_token", readonly=False, groups="base.group_system"
    )
    dental_diagnocat_timeout = fields.Integer(related="company_id.dental_diagnocat_timeout", readonly=False)
    dental_diagnocat_retries = fields.Integer(related="company_id.dental_diagnocat_retries", readonly=False)
    dental_diagnocat_callback = fields.Boolean(related="company_id.dental_diagnocat_callback", readonly=False)
