from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dental_patient.tools import actions
from odoo.addons.dental_patient.tools.localtime import local_to_utc


class DentalShiftCopyWizard(models.TransientModel):
    """Copy the shifts of a week of a branch to other weeks."""

    _name = "dental.shift.copy.wizard"
    _description = "Copy a Week of Shifts"

    company_id = fields.Many2one("res.company", string="Branch", required=True, default=lambda self: self.env.company)
    week_from = fields.Date(string="Copy the Week of", required=True, default=fields.Date.context_today)
    week_to = fields.Date(string="To the Week of", required=True)
    weeks = fields.Integer(string="Number of Weeks", default=1, required=True)
    employee_ids = fields.Many2many("hr.employee", string="Only These Doctors")

    @api.model
    def _monday(self, day):
        return day - timedelta(days=day.weekday())

    def action_copy(self):
        self.ensure_one()
        source, target = self._monday(self.week_from), self._monday(self.week_to)
        if target == source:
            raise UserError(_("Choose another week to copy to."))
        if self.weeks < 1:
            raise UserError(_("Copy to at least one week."))
        tz = self.company_id._dental_tz()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("start", ">=", local_to_utc(source, 0, tz)),
            ("start", "<", local_to_utc(source + timedelta(days=7), 0, tz)),
        ]
        if self.employee_ids:
            domain.append(("employee_id", "in", self.employee_ids.ids))
        shifts = self.env["dental.shift"].search(domain)
        if not shifts:
            raise UserError(_("The week of %(day)s has no shifts to copy.", day=source.strftime("%d.%m.%Y")))
        created = self.env["dental.shift"]
        for week in range(self.weeks):
            created |= shifts._dental_copy_to(target - source + timedelta(weeks=week))
        skipped = len(shifts) * self.weeks - len(created)
        message = _("%(count)s shifts copied.", count=len(created))
        if skipped:
            message += " " + _("%(count)s skipped: the doctor or the chair was busy.", count=skipped)
        return actions.notification(message, "warning" if skipped else "success")
