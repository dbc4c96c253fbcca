from odoo import _, fields, models


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    allow_sms_reminder = fields.Boolean(
        string="SMS Reminders",
        default=True,
        help="The patient agrees to receive appointment reminders by SMS.",
    )
    allow_email_reminder = fields.Boolean(
        string="E-mail Reminders",
        default=True,
        help="The patient agrees to receive appointment reminders by e-mail.",
    )
    appointment_ids = fields.One2many("calendar.event", "patient_id", string="Appointments")
    appointment_count = fields.Integer(compute="_compute_appointment_count")

    def _compute_appointment_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group([("patient_id", "in", self.ids)], ["patient_id"], ["__count"])
        )
        for patient in self:
            patient.appointment_count = counts.get(patient._origin, 0)

    def _dental_history(self):
        """Appointments are history: a patient who was booked cannot be deleted (archive instead)."""
        history = super()._dental_history()
        # sudo: the decision needs every appointment, also those of doctors the user may not see
        if self.sudo().with_context(active_test=False).appointment_ids:
            history.append(_("appointments"))
        return history

    def action_dental_book(self):
        """Open the chair schedule to book this patient (the quick form comes with the patient)."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("dental_calendar.dental_schedule_action")
        action["params"] = {"patient_id": self.id, "patient_name": self.name, "company_id": self.company_id.id}
        return action

    def action_dental_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_calendar.calendar_event_action_dental")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id, "search_default_filter_upcoming": 0}
        return action
