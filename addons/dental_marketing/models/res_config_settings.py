from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_lead_stale_days = fields.Integer(related="company_id.dental_lead_stale_days", readonly=False)
    dental_attribution_days = fields.Integer(related="company_id.dental_attribution_days", readonly=False)
    dental_recall_months = fields.Integer(related="company_id.dental_recall_months", readonly=False)
    dental_recall_sanitized_status_id = fields.Many2one(
        related="company_id.dental_recall_sanitized_status_id", readonly=False
    )
    dental_recall_sanitized_months = fields.Integer(related="company_id.dental_recall_sanitized_months", readonly=False)
    dental_recall_auto = fields.Boolean(related="company_id.dental_recall_auto", readonly=False)
    dental_birthday_auto = fields.Boolean(related="company_id.dental_birthday_auto", readonly=False)
