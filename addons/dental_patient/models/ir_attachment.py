from odoo import _, api, models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _dental_content(self):
        """The file's bytes, whatever the context: with the web client's ``bin_size`` in it, ``raw`` is the file's
        size as text ("60.00 bytes"), which a checksum, a signature or an archive must never take for the file."""
        self.ensure_one()
        return self.with_context(bin_size=False).raw or b""

    @api.model
    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        if mode in ("write", "unlink") and self and not self.env.su:
            self._dental_check_printed_documents()
        return res

    def _dental_check_printed_documents(self):
        """A printed copy of a patient document or its signed scan, once attached, is replaced or removed by a
        Director only (the front desk may write on the patient's card, which would otherwise allow it)."""
        # sudo: which of these attachments are documents' scans or printed PDFs; nothing else is read
        dental = self.sudo().filtered(lambda att: att.res_model in ("dental.patient", "dental.patient.document"))
        if not dental or self.env.user.has_group("dental_patient.group_director"):
            return  # other attachments: native rules only
        scans = dental.filtered(
            lambda att: att.res_model == "dental.patient.document" and att.res_field == "signed_file"
        )
        printed = (
            self.env["dental.patient.document"].sudo().search_count([("pdf_attachment_id", "in", dental.ids)], limit=1)
        )
        if scans or printed:
            raise AccessError(
                _("A printed document's PDF or signed scan can only be replaced or removed by a Director.")
            )
