from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DentalDocumentPrint(models.TransientModel):
    """Choose a template, check the filled text, print it to PDF on the patient's card."""

    _name = "dental.document.print"
    _description = "Print a Patient Document"

    patient_id = fields.Many2one("dental.patient", required=True, readonly=True)
    company_id = fields.Many2one(related="patient_id.company_id")
    template_id = fields.Many2one(
        "dental.document.template",
        string="Template",
        required=True,
        domain="['|', ('company_id', '=', False), ('company_id', 'parent_of', company_id)]",
    )
    doctor_id = fields.Many2one("hr.employee", string="Doctor", help="Doctor named in the document ({{doctor}}).")
    preview = fields.Html(compute="_compute_preview", sanitize_attributes=False)

    @api.onchange("patient_id")
    def _onchange_patient_id(self):
        if self.patient_id.doctor_id and not self.doctor_id:
            self.doctor_id = self.patient_id.doctor_id

    @api.depends("template_id", "patient_id", "doctor_id")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview = (
                wizard.template_id._render_for_patient(wizard.patient_id, wizard.doctor_id)
                if wizard.template_id and wizard.patient_id
                else False
            )

    def action_print(self):
        self.ensure_one()
        # The printed text is rendered here, on the server, from the template (the patient's data escaped): only
        # this path may set it (see dental.patient.document.create). The document is created with the user's
        # rights (the patient's branch is checked by the record rules).
        Document = self.env["dental.patient.document"]._dental_server()
        document = Document.create(self._prepare_document_vals())
        document._render_pdf()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{document.pdf_attachment_id.id}",
            "target": "new",
            "close": True,
        }

    def _prepare_document_vals(self):
        if not self.template_id.body:
            raise UserError(_("The template %s has no text.", self.template_id.name))
        return {
            "name": _("%(template)s — %(patient)s", template=self.template_id.name, patient=self.patient_id.name),
            "patient_id": self.patient_id.id,
            "template_id": self.template_id.id,
            "doctor_id": self.doctor_id.id,
            "body_html": self.template_id._render_for_patient(self.patient_id, self.doctor_id),
        }
