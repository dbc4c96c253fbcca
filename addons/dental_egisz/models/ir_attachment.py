from odoo import _, api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _egisz_check_not_sent(self):
        """The СЭМД and signatures of a sent document are what was sent: no change, no deletion, by any path."""
        attachments = self.sudo().filtered(lambda a: a.res_model == "dental.egisz.document" and a.res_id)
        if not attachments:
            return
        documents = self.env["dental.egisz.document"].sudo().browse(set(attachments.mapped("res_id"))).exists()
        # one query; read as superuser (the check concerns every caller)
        sent = documents.filtered("sent_date")
        if sent:
            raise UserError(
                _("The files of %(name)s were sent to ЕГИСЗ: they cannot be changed or deleted.", name=sent[0].name)
            )

    def write(self, vals):
        self._egisz_check_not_sent()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_egisz_sent(self):
        self._egisz_check_not_sent()
