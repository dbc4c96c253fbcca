from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DentalLeadConvert(models.TransientModel):
    """Lead → patient (an existing card, or a new one through the duplicate guard) → appointment, in one step."""

    _name = "dental.lead.convert"
    _description = "Convert a Lead to a Patient and an Appointment"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", domain=[("is_dental_lead", "=", True)])
    company_id = fields.Many2one(related="lead_id.company_id")
    patient_id = fields.Many2one(
        "dental.patient",
        string="Existing Patient",
        help="The card the lead is. Empty: a new card is created from the fields below.",
    )
    duplicate_ids = fields.Many2many("dental.patient", string="Possible Duplicates", compute="_compute_duplicate_ids")
    last_name = fields.Char()
    first_name = fields.Char()
    patronymic = fields.Char()
    birth_date = fields.Date()
    phone = fields.Char()
    email = fields.Char()
    start = fields.Datetime(string="Appointment")
    duration = fields.Integer(string="Duration (minutes)", default=30)
    doctor_id = fields.Many2one("hr.employee", string="Doctor")
    chair_id = fields.Many2one("dental.chair", string="Chair")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(values.get("lead_id") or self.env.context.get("default_lead_id"))
        if lead:
            vals = lead._dental_patient_vals()
            for fname in ("last_name", "first_name", "patronymic", "phone", "email"):
                values.setdefault(fname, vals.get(fname) or False)
            values.setdefault("patient_id", (lead.dental_patient_id or lead._dental_find_patients(vals)[:1]).id)
        return values

    @api.depends("last_name", "first_name", "patronymic", "birth_date", "phone", "patient_id")
    def _compute_duplicate_ids(self):
        for wizard in self:
            found = self.env["dental.patient"]
            if not wizard.patient_id and wizard.lead_id:
                found = wizard.lead_id._dental_find_patients(wizard._patient_vals())
            wizard.duplicate_ids = found

    def _patient_vals(self):
        self.ensure_one()
        vals = self.lead_id._dental_patient_vals()
        vals.update(
            {
                "last_name": self.last_name,
                "first_name": self.first_name,
                "patronymic": self.patronymic or False,
                "birth_date": self.birth_date,
                "phone": self.phone or False,
                "email": self.email or False,
            }
        )
        return vals

    def _get_patient(self):
        """The chosen card, or a new one when no card has the same phone, or the same name and birth date."""
        self.ensure_one()
        if self.patient_id:
            return self.patient_id
        vals = self._patient_vals()
        duplicates = self.lead_id._dental_find_patients(vals)
        if duplicates:
            raise UserError(
                _(
                    "A patient with the same phone, or the same name and birth date, already exists: %(names)s. "
                    "Choose the existing card.",
                    names=", ".join(duplicates.mapped("display_name")),
                )
            )
        return self.env["dental.patient"].create(vals)

    def _prepare_appointment_vals(self, patient):
        self.ensure_one()
        return {
            "name": patient.name,
            "patient_id": patient.id,
            "doctor_id": self.doctor_id.id,
            "chair_id": self.chair_id.id,
            "start": self.start,
            "stop": self.start + timedelta(minutes=self.duration or 30),
            "company_id": (self.chair_id.company_id or patient.company_id).id,
            "service_ids": [fields.Command.set(self.lead_id.dental_service_ids.ids)],
        }

    def action_convert(self):
        self.ensure_one()
        lead = self.lead_id
        if not lead.is_dental_lead:
            raise UserError(_("Only a dental team's lead is converted to a patient."))
        if lead.dental_appointment_id:
            raise UserError(_("This lead is already booked."))
        patient = self._get_patient()
        event = self.env["calendar.event"]
        if self.start:
            event = event.create(self._prepare_appointment_vals(patient))
        lead.write(
            {
                "dental_patient_id": patient.id,
                "partner_id": patient.partner_id.id,
                "dental_appointment_id": event.id,
            }
        )
        if event:
            lead.action_set_won()
        if event:
            return {
                "type": "ir.actions.act_window",
                "res_model": "calendar.event",
                "res_id": event.id,
                "view_mode": "form",
                "views": [(self.env.ref("dental_calendar.calendar_event_view_form_dental").id, "form")],
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "dental.patient",
            "res_id": patient.id,
            "view_mode": "form",
        }
