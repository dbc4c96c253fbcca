from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

# What a printed document was printed for: fixed once printed.
FROZEN_FIELDS = ("patient_id", "template_id")


class DentalPatientDocument(models.Model):
    """A document printed for a patient from a template, with its signed scan."""

    _name = "dental.patient.document"
    _description = "Patient Document"
    _inherit = ["mail.thread", "dental.server.fields.mixin"]
    _order = "date desc, id desc"
    # Written by the print wizard only (server code: dental.server.fields.mixin), see create and write
    _dental_server_fields = ("body_html", "pdf_attachment_id")

    name = fields.Char(required=True)
    patient_id = fields.Many2one("dental.patient", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="patient_id.company_id", store=True, index=True)
    template_id = fields.Many2one("dental.document.template", ondelete="restrict")
    document_type = fields.Selection(related="template_id.document_type", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    doctor_id = fields.Many2one("hr.employee", string="Doctor")
    # Sanitised like the template it comes from (styles kept, scripts and event handlers removed); set by the
    # print wizard only (see create and write).
    body_html = fields.Html(
        string="Printed Text",
        readonly=True,
        sanitize_attributes=False,
        help="The text exactly as printed (placeholders already filled).",
    )
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="Printed PDF", readonly=True, copy=False, index="btree_not_null"
    )
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

    def _dental_refuse_fields(self, fnames, create=False):
        raise AccessError(_("The printed text and PDF of a document are set by printing it from the patient's card."))

    def write(self, vals):
        if "body_html" in vals or (
            not self.env.su
            and any(document[fname].id != vals[fname] for document in self for fname in FROZEN_FIELDS if fname in vals)
        ):
            raise UserError(_("A printed document cannot be changed: print a new one."))
        if "pdf_attachment_id" in vals and not (self._dental_is_server_write() and not self.pdf_attachment_id):
            raise AccessError(_("The printed PDF of a document is set when it is printed and cannot be replaced."))
        if not self.env.su:
            if "state" in vals:
                raise AccessError(_("The state of a document follows its signed scan."))
            if {"signed_file", "signed_filename"} & set(vals):
                self._check_signed_scan_change()
        return super().write(vals)

    def _check_signed_scan_change(self):
        """The first signed scan is uploaded by the front desk; replacing or removing one is for a Director."""
        # the scan itself, not the stored state (which follows it)
        signed = self.filtered(lambda document: document.with_context(bin_size=True).signed_file)
        if signed and not self.env.user.has_group("dental_patient.group_director"):
            raise AccessError(
                _(
                    "The signed scan of %(document)s is already attached: only a Director may replace or remove it.",
                    document=signed[0].name,
                )
            )

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
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{document.name}.pdf",
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": "dental.patient",
                    "res_id": document.patient_id.id,
                }
            )
            document._dental_server().pdf_attachment_id = attachment
            # a log line, not a message: no notification, and a front-desk user without an e-mail address prints too
            document.patient_id._message_log(
                body=_("Document printed: %s", document.name), attachment_ids=document.pdf_attachment_id.ids
            )
