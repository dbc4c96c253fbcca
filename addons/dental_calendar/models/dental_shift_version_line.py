from odoo import fields, models


class DentalShiftVersionLine(models.Model):
    """One shift as a saved version of the plan holds it (server-only: written when the version is saved)."""

    _name = "dental.shift.version.line"
    _description = "Saved Shift"
    _order = "start, chair_id, id"

    version_id = fields.Many2one("dental.shift.version", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="version_id.company_id", string="Branch", store=True, index=True)
    # cascade as the shifts themselves: a doctor or chair deleted (not archived) takes their saved shifts along
    employee_id = fields.Many2one("hr.employee", string="Doctor", required=True, ondelete="cascade")
    employee_active = fields.Boolean(related="employee_id.active", string="Doctor Active")
    chair_id = fields.Many2one("dental.chair", string="Chair", required=True, ondelete="cascade")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    note = fields.Char()

    def _dental_shift_vals(self):
        """The shift this line restores."""
        self.ensure_one()
        return {
            "employee_id": self.employee_id.id,
            "chair_id": self.chair_id.id,
            "start": self.start,
            "stop": self.stop,
            "note": self.note,
        }
