from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dental_patient.tools import actions


class DentalShiftPatternWizard(models.TransientModel):
    """Create a doctor's shifts for a period: chosen days of the week, same hours, one chair."""

    _name = "dental.shift.pattern.wizard"
    _description = "Create Shifts by Pattern"

    employee_id = fields.Many2one("hr.employee", string="Doctor", required=True)
    chair_id = fields.Many2one("dental.chair", string="Chair", required=True)
    company_id = fields.Many2one(related="chair_id.company_id", string="Branch")
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="Until", required=True)
    hour_from = fields.Float(string="Start Time", required=True, default=9.0)
    hour_to = fields.Float(string="End Time", required=True, default=15.0)
    mon = fields.Boolean(string="Mon", default=True)
    tue = fields.Boolean(string="Tue", default=True)
    wed = fields.Boolean(string="Wed", default=True)
    thu = fields.Boolean(string="Thu", default=True)
    fri = fields.Boolean(string="Fri", default=True)
    sat = fields.Boolean(string="Sat")
    sun = fields.Boolean(string="Sun")

    @api.model
    def _weekday_fields(self):
        return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    def action_generate(self):
        self.ensure_one()
        weekdays = {index for index, name in enumerate(self._weekday_fields()) if self[name]}
        if not weekdays:
            raise UserError(_("Choose at least one day of the week."))
        shifts, skipped = self.env["dental.shift"]._dental_generate(
            self.employee_id, self.chair_id, self.date_from, self.date_to, weekdays, self.hour_from, self.hour_to
        )
        if not shifts:
            raise UserError(_("No shift was created: the doctor or the chair is busy on every chosen day."))
        message = _("%(count)s shifts created.", count=len(shifts))
        if skipped:
            message += " " + _(
                "Skipped (doctor or chair busy): %(days)s.", days=", ".join(d.strftime("%d.%m.%Y") for d in skipped)
            )
        return actions.notification(message, "warning" if skipped else "success")
