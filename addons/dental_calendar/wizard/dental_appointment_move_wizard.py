from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dental_patient.tools.localtime import float_hours, local_to_utc, utc_to_local


class DentalAppointmentMoveWizard(models.TransientModel):
    """Move an appointment to another day (and time, doctor, chair), keeping its duration."""

    _name = "dental.appointment.move.wizard"
    _description = "Move an Appointment"

    event_id = fields.Many2one("calendar.event", string="Appointment", required=True)
    patient_id = fields.Many2one(related="event_id.patient_id")
    company_id = fields.Many2one(related="event_id.company_id")
    date = fields.Date(required=True)
    hour = fields.Float(string="Time", required=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor")
    chair_id = fields.Many2one(
        "dental.chair", string="Chair", required=True, domain="[('company_id', '=', company_id)]"
    )

    @api.constrains("event_id", "chair_id")
    def _check_event_access(self):
        # The wizard shows the appointment's patient and branch (related fields, read as superuser): only for
        # an appointment the user may change. The appointment stays in its branch, as the chair's domain says.
        self.event_id.check_access("write")
        for wizard in self:
            if wizard.chair_id.company_id != wizard.event_id.company_id:
                raise ValidationError(_("Choose a chair of the appointment's branch."))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        event = self.env["calendar.event"].browse(
            self.env.context.get("default_event_id") or self.env.context.get("active_id")
        )
        if event.exists() and event.patient_id:
            local = utc_to_local(event.start, event.company_id._dental_tz())
            values.update(
                {
                    "event_id": event.id,
                    "date": local.date(),
                    "hour": float_hours(local),
                    "doctor_id": event.doctor_id.id,
                    "chair_id": event.chair_id.id,
                }
            )
        return values

    def action_move(self):
        self.ensure_one()
        event = self.event_id
        if event.dental_state in ("arrived", "in_chair", "completed"):
            raise UserError(_("A visit that took place cannot be moved."))
        start = local_to_utc(self.date, self.hour, self.chair_id.company_id._dental_tz())
        vals = {
            "start": start,
            "stop": start + (event.stop - event.start),
            "doctor_id": self.doctor_id.id,
            "chair_id": self.chair_id.id,
        }
        if event.dental_state in ("no_show", "cancelled"):
            vals["dental_state"] = "scheduled"
        event.write(vals)
        return {"type": "ir.actions.act_window_close"}
