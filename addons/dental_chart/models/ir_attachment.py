import base64

from odoo import _, models
from odoo.exceptions import UserError

# Attachment fields that do not change the document: the share token.
FREE_FIELDS = frozenset({"access_token"})


class IrAttachment(models.Model):
    """The files of a signed visit record are part of what was signed: nobody removes or replaces them."""

    _inherit = "ir.attachment"

    def _dental_signed_records(self):
        """The signed (or corrected) visit records among the documents these attachments belong to."""
        # sudo: the rule is about the record's state, whatever the caller may read; only ids and states are read
        ids = {att.res_id for att in self.sudo() if att.res_model == "dental.visit.record" and att.res_id}
        if not ids:
            return self.env["dental.visit.record"]
        records = self.env["dental.visit.record"].sudo().browse(ids).exists()
        return records.filtered(lambda record: record.state != "draft")

    def _dental_check_signed(self):
        if self._dental_signed_records():
            raise UserError(_("The files of a signed visit record are part of it: they cannot be removed or replaced."))

    def _dental_changes(self, vals):
        """Whether ``vals`` changes these attachments (Odoo writes some values back unchanged: the storage's
        migration writes the same content, posting a message re-links its files to the same record)."""
        for fname in set(vals) - FREE_FIELDS:
            for att in self.sudo():
                if fname in ("raw", "datas"):
                    value = vals[fname] or b""
                    if fname == "datas":
                        try:
                            value = base64.b64decode(value)
                        except ValueError:  # not base64: not the same content
                            return True
                    elif isinstance(value, str):
                        value = value.encode()
                    if value != att._dental_content():
                        return True
                elif fname in att._fields:
                    field = att._fields[fname]
                    if field.convert_to_record(field.convert_to_cache(vals[fname], att), att) != att[fname]:
                        return True
                else:
                    return True
        return False

    def write(self, vals):
        # Refused also for the superuser: nothing in Odoo needs to change these files.
        if self._dental_signed_records() and self._dental_changes(vals):
            self._dental_check_signed()
        return super().write(vals)

    def unlink(self):
        self._dental_check_signed()
        return super().unlink()
