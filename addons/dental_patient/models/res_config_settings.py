from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_primary_period_months = fields.Integer(related="company_id.dental_primary_period_months", readonly=False)
    dental_channel_required = fields.Boolean(related="company_id.dental_channel_required", readonly=False)
    dental_phone_country_id = fields.Many2one(related="company_id.dental_phone_country_id", readonly=False)
    dental_allow_no_doctor = fields.Boolean(related="company_id.dental_allow_no_doctor", readonly=False)
    dental_doctor_parallel = fields.Boolean(related="company_id.dental_doctor_parallel", readonly=False)
    dental_past_edit_until = fields.Date(related="company_id.dental_past_edit_until", readonly=False)
    dental_show_archived = fields.Boolean(related="company_id.dental_show_archived", readonly=False)
    dental_book_max_rows = fields.Integer(
        string="Reference Book Rows",
        config_parameter="dental_patient.book_max_rows",
        default=50000,
        help="The most rows an import of a reference book takes and an export holds.",
    )
    dental_book_import_max_mb = fields.Integer(
        string="Reference Book File Size",
        config_parameter="dental_patient.book_import_max_mb",
        default=10,
        help="The largest file (in MB) an import of a reference book reads.",
    )
