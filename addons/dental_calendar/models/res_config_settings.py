from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_work_start = fields.Float(related="company_id.dental_work_start", readonly=False)
    dental_work_end = fields.Float(related="company_id.dental_work_end", readonly=False)
    dental_calendar_step = fields.Integer(related="company_id.dental_calendar_step", readonly=False)
    dental_outside_hours = fields.Selection(related="company_id.dental_outside_hours", readonly=False)
    dental_reminder_hour = fields.Float(related="company_id.dental_reminder_hour", readonly=False)
    dental_reminder_sms = fields.Boolean(related="company_id.dental_reminder_sms", readonly=False)
    dental_reminder_email = fields.Boolean(related="company_id.dental_reminder_email", readonly=False)
