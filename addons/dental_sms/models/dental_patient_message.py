from odoo import fields, models


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    dental_marketing = fields.Boolean(
        "Hold in Quiet Hours",
        help="Messages of this template are marketing or triggered ones: they wait in the queue during the "
        "branch's quiet hours. Leave it off for transactional messages.",
    )


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    def _dental_send_patient_message(self, template, record):
        """Send ``template`` rendered on ``record`` to this patient; True when a message was queued.

        The hook of the triggers (dental_sms_calendar): SMS for now; a messenger channel (the patient's
        preferred one) overrides it and falls back to ``super()``. The message is posted on ``record``
        and queued, never sent inside the caller's transaction; a template marked "Hold in Quiet Hours"
        makes it a marketing message (see models/sms_sms_quiet_hours.py)."""
        self.ensure_one()
        if not (self.mobile or self.phone):
            return False
        record.with_context(dental_sms_marketing=template.dental_marketing)._message_sms_with_template(
            template=template, partner_ids=self.partner_id.ids, put_in_queue=True
        )
        return True
