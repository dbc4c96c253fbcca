from odoo import _, fields, models
from odoo.exceptions import UserError


class DentalImage(models.Model):
    _inherit = "dental.image"

    diagnocat_study_ids = fields.One2many("dental.diagnocat.study", "image_id", string="Diagnocat Studies")

    def action_diagnocat_send(self):
        """Queue the image's files for Diagnocat; the cron uploads them at once and follows the study."""
        self.ensure_one()
        if self.diagnocat_study_ids.filtered(lambda study: study.state not in ("done", "error")):
            raise UserError(_("This image is already being analysed by Diagnocat."))
        study = self.env["dental.diagnocat.study"].create({"image_id": self.id})
        self.env.ref("dental_diagnocat.ir_cron_dental_diagnocat").sudo()._trigger()
        return study._get_records_action(name=_("Diagnocat Study"))
