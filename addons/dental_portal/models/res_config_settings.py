from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_online_booking = fields.Boolean(related="company_id.dental_online_booking", readonly=False)
    dental_booking_days = fields.Integer(related="company_id.dental_booking_days", readonly=False)
    dental_portal_hide_goods = fields.Boolean(related="company_id.dental_portal_hide_goods", readonly=False)
