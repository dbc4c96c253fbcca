from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _dental_send_reminders(self):
        # marks the reminders' SMS so that _message_sms_with_template can route them (below)
        return super(CalendarEvent, self.with_context(dental_reminder=True))._dental_send_reminders()

    def _message_sms_with_template(
        self, template=False, template_xmlid=False, template_fallback="", partner_ids=False, **kwargs
    ):
        """A reminder goes by the patient's preferred messenger when it can (``_dental_send_message``), and
        asks for a reply when the account that sends it receives replies."""
        template = template or (template_xmlid and self.env.ref(template_xmlid, raise_if_not_found=False))
        if not self.env.context.get("dental_reminder") or len(self) != 1 or not self.patient_id or not template:
            return super()._message_sms_with_template(
                template=template,
                template_xmlid=template_xmlid,
                template_fallback=template_fallback,
                partner_ids=partner_ids,
                **kwargs,
            )
        patient = self.patient_id
        channel, _address = patient._dental_messenger_address()
        accounts = self.env["dental.sms.account"]
        account = (channel and accounts._dental_account_for_company(patient.company_id, channel)) or (
            accounts._dental_account_for_company(self.company_id)
        )
        body = template._render_field("body", self.ids, compute_lang=True)[self.id]
        if account and account._dental_gateway_class().supports_inbound:
            body = f"{body} {account._dental_reply_prompt()}".strip()
        if channel and account.channel == channel:
            return patient._dental_send_message(body)
        return self._message_sms(body, partner_ids=partner_ids, **kwargs)
