from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Schedule settings, per branch (a branch is a company)."""

    _inherit = "res.company"

    dental_work_start = fields.Float(
        string="Clinic Opens At",
        default=9.0,
        help="Start of the branch's working hours (local time of the branch).",
    )
    dental_work_end = fields.Float(
        string="Clinic Closes At",
        default=21.0,
        help="End of the branch's working hours (local time of the branch).",
    )
    dental_calendar_step = fields.Integer(
        string="Calendar Step (Minutes)",
        default=20,
        help="Height of one row of the chair schedule; appointments snap to it.",
    )
    dental_outside_hours = fields.Selection(
        [("allow", "Allow"), ("warn", "Warn"), ("refuse", "Refuse")],
        string="Outside Shifts and Hours",
        default="warn",
        required=True,
        help="What happens to an appointment outside the clinic's working hours or the doctor's shift: "
        "allowed silently, allowed after a warning in the schedule, or refused.",
    )
    dental_reminder_hour = fields.Float(
        string="Reminder Time",
        default=12.0,
        help="Time of the day before the appointment when reminders are sent (local time of the branch).",
    )
    dental_reminder_sms = fields.Boolean(string="SMS Reminders", default=True)
    dental_reminder_email = fields.Boolean(string="E-mail Reminders", default=True)

    @api.constrains("dental_work_start", "dental_work_end", "dental_calendar_step", "dental_reminder_hour")
    def _check_dental_schedule_settings(self):
        for company in self:
            if not 0 <= company.dental_work_start < company.dental_work_end <= 24:
                raise ValidationError(
                    _("The working hours of %(branch)s must lie within one day.", branch=company.name)
                )
            step = company.dental_calendar_step
            if not 5 <= step <= 60 or 60 % step:
                raise ValidationError(_("The calendar step must divide an hour: 5, 10, 15, 20, 30 or 60 minutes."))
            if not 0 <= company.dental_reminder_hour < 24:
                raise ValidationError(_("The reminder time must be a time of the day."))
