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

        The hook of the triggers (dental_sms_calendar): the patient's messenger when they opted in and the
        branch has an account of it (``_dental_send_message``), else SMS. The message is posted on ``record``
        and queued, never sent inside the caller's transaction; a template marked "Hold in Quiet Hours"
        makes it a marketing message (see models/sms_sms_quiet_hours.py)."""
        self.ensure_one()
        channel, _address = self._dental_messenger_address()
        if channel and self.env["dental.sms.account"]._dental_account_for_company(self.company_id, channel):
            # the patient's messenger (opted in, an account of the branch): the template's text, in the patient's
            # language, through the same queue; quiet hours bind it as they bind the template's SMS
            body = template._render_field("body", record.ids, compute_lang=True)[record.id]
            self.with_context(dental_sms_marketing=template.dental_marketing)._dental_send_message(body)
            return True
        if not (self.mobile or self.phone):
            return False
        record.with_context(dental_sms_marketing=template.dental_marketing)._message_sms_with_template(
            template=template, partner_ids=self.partner_id.ids, put_in_queue=True
        )
        return True
