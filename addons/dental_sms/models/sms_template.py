from odoo import api, fields, models


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    dental_marketing = fields.Boolean(
        "Hold in Quiet Hours",
        help="Messages of this template are marketing or triggered ones: they wait in the queue during the "
        "branch's quiet hours. Leave it off for transactional messages.",
    )
    dental_whatsapp_template = fields.Char(
        "WhatsApp Template",
        help="Name of the message template approved by Meta that WhatsApp sends instead of this text when the "
        "patient has not written within 24 hours (outside the window WhatsApp refuses free text).",
    )
    dental_whatsapp_language = fields.Char(
        "WhatsApp Template Language", default="ru", help="Language code of the approved template, e.g. ru, en_US."
    )
    dental_whatsapp_params = fields.Text(
        "WhatsApp Template Parameters",
        help="One line per parameter of the template's body ({{1}}, {{2}}, …), written like the text, "
        "e.g. {{ object.patient_id.first_name }}.",
    )

    @api.model
    def _dental_lines(self, text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def _dental_whatsapp_payload(self, record):
        """The Cloud API ``template`` object of this template rendered on ``record`` (in the language the
        text is rendered in), or None without a WhatsApp template."""
        self.ensure_one()
        if not self.dental_whatsapp_template:
            return None
        lang = self._render_lang(record.ids)[record.id]
        template = self.with_context(lang=lang) if lang else self
        parameters = [
            {"type": "text", "text": template._render_template(line, record._name, record.ids)[record.id]}
            for line in self._dental_lines(self.dental_whatsapp_params)
        ]
        payload = {"name": self.dental_whatsapp_template, "language": {"code": self.dental_whatsapp_language or "ru"}}
        if parameters:
            payload["components"] = [{"type": "body", "parameters": parameters}]
        return payload
