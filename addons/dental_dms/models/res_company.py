from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dental_dms_reminder_days = fields.Integer(
        string="Remind of ДМС Approvals After (days)",
        default=3,
        help="An approval request the insurer has not answered for this many days gets a reminder activity for "
        "the registrar who sent it. 0: no reminders.",
    )
