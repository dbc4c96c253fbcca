from odoo import fields, models

from .dental_audit_access import DEFAULT_RETENTION_DAYS, RETENTION_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_audit_retention_days = fields.Integer(
        string="Keep the Audit Trail (days)",
        config_parameter=RETENTION_PARAM,
        default=DEFAULT_RETENTION_DAYS,
        help="Reads and changes older than this are deleted every night (at least 30 days).",
    )
