from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    dental_call_ids = fields.One2many("dental.call", "patient_id", string="Calls")
    dental_call_count = fields.Integer(
        string="Call Count",
        compute="_compute_dental_call_count",
        groups="dental_patient.group_registrar,dental_patient.group_coordinator",
    )

    def _compute_dental_call_count(self):
        counts = dict(
            self.env["dental.call"]._read_group([("patient_id", "in", self.ids)], ["patient_id"], ["__count"])
        )
        for patient in self:
            patient.dental_call_count = counts.get(patient, 0)

    @api.model_create_multi
    def create(self, vals_list):
        patients = super().create(vals_list)
        # "New Patient" of the incoming-call popup: the call's form context names the call to link
        call_id = self.env.context.get("dental_call_id")
        if isinstance(call_id, int) and len(patients) == 1:
            call = self.env["dental.call"].browse(call_id).exists()
            if call and not call.patient_id:
                call.patient_id = patients
        return patients

    def action_view_dental_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_telephony.dental_call_action")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_dental_call(self):
        """The card's phone button: call the patient's mobile (else the home phone) from Odoo."""
        self.ensure_one()
        number = self.mobile or self.phone
        if not number:
            raise UserError(_("The patient has no phone number."))
        return self.env["dental.call"]._dental_click_to_call(number)
