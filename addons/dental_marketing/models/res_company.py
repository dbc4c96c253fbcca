from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dental_lead_stale_days = fields.Integer(
        string="Stale Lead After (days)",
        default=3,
        help="A dental lead left this many days in an open stage without a change is flagged stale and "
        "handed to the team leader. 0 switches the rule off.",
    )
    dental_attribution_days = fields.Integer(
        string="Attribution Window (days)",
        default=30,
        help="A visit or an invoice of the patient within this many days after a campaign message counts for it.",
    )
    dental_recall_months = fields.Integer(
        string="Check-up After (months)",
        default=6,
        help="A patient whose last visit was this many months ago is due for a check-up.",
    )
    dental_recall_sanitized_status_id = fields.Many2one(
        "dental.patient.status",
        string="Sanitised Status",
        help="The status given by hand to patients whose treatment is complete («санирован»).",
    )
    dental_recall_sanitized_months = fields.Integer(
        string="Check-up of Sanitised Patients After (months)",
        default=6,
        help="A patient with the sanitised status is due this many months after the last visit.",
    )
    dental_recall_auto = fields.Boolean(
        string="Send Check-up Invitations",
        help="Every day, each patient newly due for a check-up gets one invitation (SMS template "
        "«Check-up invitation»), once per last visit.",
    )
    dental_birthday_auto = fields.Boolean(
        string="Send Birthday Greetings",
        help="Every day, patients whose birthday it is get one greeting a year (SMS template «Birthday greeting»).",
    )
