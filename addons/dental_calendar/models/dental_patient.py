from odoo import _, fields, models
from odoo.tools import SQL


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
    # Completed visits in the companies the user works in: computed again per company set.
    kpi_visit_count = fields.Integer(
        string="Visits", compute="_compute_kpi_visit_count", depends_context=("allowed_company_ids",)
    )

    def _compute_appointment_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group([("patient_id", "in", self.ids)], ["patient_id"], ["__count"])
        )
        for patient in self:
            patient.appointment_count = counts.get(patient._origin, 0)

    def _compute_kpi_visit_count(self):
        # sudo: a count of the completed visits with every doctor, shown to every role that sees the card
        visits = dict(
            self.env["calendar.event"]
            .sudo()
            ._read_group(
                [
                    ("patient_id", "in", self.ids),
                    ("dental_state", "=", "completed"),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["patient_id"],
                ["__count"],
            )
        )
        for patient in self:
            patient.kpi_visit_count = visits.get(patient, 0)

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

    def _dental_anonymize_copies(self, old_names, removed):
        """Appointments are titled with the patient's name when booked: retitle them."""
        res = super()._dental_anonymize_copies(old_names, removed)
        for patient in self:
            for old in sorted(old_names, key=len, reverse=True):
                # SQL: completed visits of a closed day are locked for everyone (dental.lock.mixin), but the
                # law's duty to remove the identity covers their titles; nothing else of them changes
                self.env.cr.execute(
                    SQL(
                        "UPDATE calendar_event SET name = replace(name, %s, %s) WHERE patient_id = %s AND strpos(name, %s) > 0",
                        old,
                        patient.name,
                        patient.id,
                        old,
                    )
                )
        self.env["calendar.event"].invalidate_model(["name"])
        return res
