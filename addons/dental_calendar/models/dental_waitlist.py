from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class DentalWaitlist(models.Model):
    """A patient (or a person not yet registered) waiting for a free slot."""

    _name = "dental.waitlist"
    _description = "Waiting List Entry"
    _inherit = ["mail.thread"]
    _order = "priority desc, create_date, id"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True, required=True, tracking=True
    )
    patient_id = fields.Many2one("dental.patient", string="Patient", index=True, tracking=True)
    phone = fields.Char(compute="_compute_phone", store=True, readonly=False, precompute=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one("hr.employee", string="Wanted Doctor")
    job_id = fields.Many2one("hr.job", string="Profession")
    service_ids = fields.Many2many("product.product", string="Services", domain=[("type", "=", "service")])
    duration = fields.Integer(string="Duration (Minutes)", default=40)
    date_from = fields.Date(string="From", default=fields.Date.context_today)
    date_to = fields.Date(string="Until")
    preferred_time = fields.Selection(
        [("any", "Any Time"), ("morning", "Morning"), ("afternoon", "Afternoon"), ("evening", "Evening")],
        default="any",
        required=True,
    )
    mon = fields.Boolean(string="Mon", default=True)
    tue = fields.Boolean(string="Tue", default=True)
    wed = fields.Boolean(string="Wed", default=True)
    thu = fields.Boolean(string="Thu", default=True)
    fri = fields.Boolean(string="Fri", default=True)
    sat = fields.Boolean(string="Sat", default=True)
    sun = fields.Boolean(string="Sun")
    note = fields.Text()
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    state = fields.Selection(
        [("waiting", "Waiting"), ("booked", "Booked"), ("cancelled", "Cancelled")],
        default="waiting",
        required=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    appointment_id = fields.Many2one("calendar.event", string="Appointment", readonly=True, copy=False)

    @api.depends("patient_id")
    def _compute_name(self):
        for entry in self:
            if entry.patient_id:
                entry.name = entry.patient_id.name

    @api.depends("patient_id")
    def _compute_phone(self):
        for entry in self:
            if entry.patient_id:
                entry.phone = entry.patient_id.mobile or entry.patient_id.phone

    @api.constrains("patient_id", "company_id")
    def _check_patient_branch(self):
        # The name and phone are copied from the card (stored computes, run as superuser): only a card the
        # entry's branch reads. No name in the message: the user may not read that patient.
        for entry in self.filtered("patient_id"):
            if entry.patient_id.sudo().company_id not in entry.company_id.sudo().parent_ids:
                raise ValidationError(
                    _("The patient's card belongs to another branch: add the patient to their branch's waiting list.")
                )

    @api.constrains("appointment_id", "patient_id")
    def _check_appointment(self):
        # The booked appointment is the entry's own: its name (the patient's) is shown on the entry.
        for entry in self.filtered("appointment_id"):
            if entry.appointment_id.sudo().patient_id != entry.patient_id:
                raise ValidationError(_("The appointment of a waiting list entry is the booking of its patient."))

    def write(self, vals):
        # Record rules are checked before a write only: moved to a branch the user does not work in, the
        # entry would leave their reach.
        if vals.get("company_id") and not self.env.su:
            if self.env["res.company"].browse(vals["company_id"]) not in self.env.companies:
                raise AccessError(_("You cannot move a waiting list entry to a branch you do not work in."))
        return super().write(vals)

    def action_create_patient(self):
        """Register the waiting person as a patient (name typed as "Last First Patronymic")."""
        self.ensure_one()
        if not self.patient_id:
            self.patient_id = self.env["dental.patient"].create(self._prepare_patient_vals())
        return self.patient_id._get_records_action(context={})

    def _prepare_patient_vals(self):
        return {"name": self.name, "phone": self.phone, "company_id": self.company_id.id}

    def action_cancel(self):
        self.write({"state": "cancelled", "active": False})

    def action_book(self, chair_id, start, stop=False, doctor_id=False):
        """Book the entry into ``chair_id`` at ``start`` (UTC); the entry leaves the list.

        Returns the new appointment's id. A person without a card is registered first.
        """
        self.ensure_one()
        if self.state != "waiting":
            raise UserError(_("%(name)s is no longer waiting.", name=self.name))
        if not self.patient_id:
            self.action_create_patient()
        start = fields.Datetime.to_datetime(start)
        vals = self._prepare_appointment_vals(chair_id, start, stop, doctor_id)
        appointment = self.env["calendar.event"].create(vals)
        self.write({"appointment_id": appointment.id, "state": "booked", "active": False})
        return appointment.id

    def _prepare_appointment_vals(self, chair_id, start, stop=False, doctor_id=False):
        doctor_id = doctor_id or self.employee_id.id
        if not doctor_id:
            shift = self.env["dental.shift"].search(
                [("chair_id", "=", chair_id), ("start", "<=", start), ("stop", ">", start)], limit=1
            )
            doctor_id = shift.employee_id.id
        vals = {
            "patient_id": self.patient_id.id,
            "chair_id": chair_id,
            "doctor_id": doctor_id,
            "start": start,
            "service_ids": [(6, 0, self.service_ids.ids)],
            "note": self.note,
        }
        if stop:
            vals["stop"] = fields.Datetime.to_datetime(stop)
        elif not self.env["calendar.event"]._dental_service_duration(self.service_ids):
            vals["stop"] = start + timedelta(minutes=self.duration or 40)
        return vals
