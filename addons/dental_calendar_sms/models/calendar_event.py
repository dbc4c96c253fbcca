from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _dental_send_reminders(self):
        # marks the reminders' SMS so that _message_sms_with_template can route them (below)
        return super(CalendarEvent, self.with_context(dental_reminder=True))._dental_send_reminders()

    def _message_sms_with_template(
        self, template=False, template_xmlid=False, template_fallback="", partner_ids=False, **kwargs
    ):
        """A reminder goes through ``dental.patient._dental_send_message`` (the patient's preferred channel) and
        asks for a reply when the account that sends it reads replies; the SMS stays posted on the appointment."""
        template = template or (template_xmlid and self.env.ref(template_xmlid, raise_if_not_found=False))
        if not self.env.context.get("dental_reminder") or len(self) != 1 or not self.patient_id or not template:
            return super()._message_sms_with_template(
                template=template,
                template_xmlid=template_xmlid,
                template_fallback=template_fallback,
                partner_ids=partner_ids,
                **kwargs,
            )
        return self.patient_id._dental_send_message(template=template, record=self, ask_reply=True)
