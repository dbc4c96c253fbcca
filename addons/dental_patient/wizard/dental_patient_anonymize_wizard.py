from odoo import _, fields, models
from odoo.exceptions import UserError


class DentalPatientAnonymizeWizard(models.TransientModel):
    _name = "dental.patient.anonymize.wizard"
    _description = "Anonymise a Patient"

    patient_id = fields.Many2one("dental.patient", required=True, ondelete="cascade")
    reason = fields.Char(
        required=True, help="The request or the legal ground, e.g. the patient's written request of 1 March."
    )
    confirm = fields.Boolean(string="I understand this cannot be undone")
    blockers = fields.Text(compute="_compute_blockers")

    def _compute_blockers(self):
        for wizard in self:
            wizard.blockers = "\n".join(wizard.patient_id.sudo()._dental_anonymize_blockers())

    def action_anonymize(self):
        self.ensure_one()
        patient = self.patient_id
        patient._dental_check_privacy_officer()
        if not self.confirm:
            raise UserError(_("Tick the confirmation: anonymisation cannot be undone."))
        blockers = patient.sudo()._dental_anonymize_blockers()
        if blockers:
            raise UserError(_("The patient cannot be anonymised now:\n%s", "\n".join(blockers)))
        patient._dental_anonymize()
        patient.message_post(
            body=_("Personal data removed by %(user)s. Ground: %(reason)s", user=self.env.user.name, reason=self.reason)
        )
        return {"type": "ir.actions.act_window_close"}
