from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DentalPatientDocument(models.Model):
    """A document printed for a patient from a template, with its signed scan."""

    _name = "dental.patient.document"
    _description = "Patient Document"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(required=True)
    patient_id = fields.Many2one("dental.patient", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="patient_id.company_id", store=True, index=True)
    template_id = fields.Many2one("dental.document.template", ondelete="restrict")
    document_type = fields.Selection(related="template_id.document_type", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    doctor_id = fields.Many2one("hr.employee", string="Doctor")
    body_html = fields.Html(
        string="Printed Text",
        readonly=True,
        sanitize=False,
        help="The text exactly as printed (placeholders already filled).",
    )
    pdf_attachment_id = fields.Many2one("ir.attachment", string="Printed PDF", readonly=True)
    signed_file = fields.Binary(string="Signed Scan", attachment=True, copy=False)
    signed_filename = fields.Char()
    state = fields.Selection(
        [("printed", "Printed"), ("signed", "Signed")],
        compute="_compute_state",
        store=True,
        tracking=True,
    )

    @api.depends("signed_file")
    def _compute_state(self):
        for document in self:
            document.state = "signed" if document.signed_file else "printed"

    def write(self, vals):
        if "body_html" in vals:
            raise UserError(_("A printed document cannot be changed: print a new one."))
        return super().write(vals)

    def action_download_pdf(self):
        self.ensure_one()
        if not self.pdf_attachment_id:
            raise UserError(_("The document %s has no printed PDF.", self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.pdf_attachment_id.id}?download=true",
            "target": "self",
        }

    def _render_pdf(self):
        """Render the printed text to PDF and keep it as an attachment of the patient's card."""
        for document in self:
            content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
                "dental_patient.action_report_patient_document", document.ids
            )
            document.pdf_attachment_id = self.env["ir.attachment"].create(
                {
                    "name": f"{document.name}.pdf",
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": "dental.patient",
                    "res_id": document.patient_id.id,
                }
            )
            document.patient_id.message_post(
                body=_("Document printed: %s", document.name), attachment_ids=document.pdf_attachment_id.ids
            )
