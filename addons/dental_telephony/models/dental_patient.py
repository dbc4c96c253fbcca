from odoo import api, fields, models


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    dental_call_ids = fields.One2many("dental.call", "patient_id", string="Calls")

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
