from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# mail.notification statuses counted as the campaign's e-mail results (Odoo's own tracking of each e-mail)
EMAIL_RESULTS = {
    "sent": "email_sent_count",
    "pending": "email_sent_count",
    "exception": "email_failed_count",
    "canceled": "email_failed_count",
    "bounce": "email_bounced_count",
}


class DentalMarketingCampaign(models.Model):
    """E-mail campaigns: the same segments, reached by e-mail through Odoo's mail (a ``mail.template`` of the
    patient rendered in the patient's language, one notification per patient queued in Odoo's mail queue).
    Results are Odoo's own delivery statuses of those notifications (sent, failed, bounced)."""

    _inherit = "dental.marketing.campaign"

    channel = fields.Selection(
        [("sms", "SMS"), ("email", "E-mail")],
        required=True,
        default="sms",
        tracking=True,
        help="SMS: the patients' preferred messenger or SMS (SMS consent, a phone). E-mail: the patients with "
        "the e-mail consent and an e-mail address that is not on the mailing blacklist.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "dental.patient")],
        help="Subject and body of the e-mail, rendered on each patient in the patient's language.",
    )
    email_queued_count = fields.Integer(string="E-mails Queued", compute="_compute_email_results")
    email_sent_count = fields.Integer(string="E-mails Sent", compute="_compute_email_results")
    email_failed_count = fields.Integer(string="E-mails Failed", compute="_compute_email_results")
    email_bounced_count = fields.Integer(string="E-mails Bounced", compute="_compute_email_results")

    def _compute_email_results(self):
        # sudo: figures only (counts of the campaign's messages and of their delivery statuses)
        Message = self.env["dental.marketing.message"].sudo()
        logs = Message.search([("campaign_id", "in", self.ids), ("channel", "=", "email")])
        counts = {campaign.id: dict.fromkeys(set(EMAIL_RESULTS.values()), 0) for campaign in self}
        campaign_of_message = {log.mail_message_id.id: log.campaign_id.id for log in logs if log.mail_message_id}
        groups = (
            self.env["mail.notification"]
            .sudo()
            ._read_group(
                [("mail_message_id", "in", list(campaign_of_message)), ("notification_type", "=", "email")],
                ["mail_message_id", "notification_status"],
                ["__count"],
            )
        )
        for message, status, count in groups:
            if status in EMAIL_RESULTS:
                counts[campaign_of_message[message.id]][EMAIL_RESULTS[status]] += count
        expected = {}
        for log in logs:
            if log.queued or log.email_pending:
                expected[log.campaign_id.id] = expected.get(log.campaign_id.id, 0) + 1
        for campaign in self:
            figures = counts[campaign.id]
            campaign.update(figures)
            campaign.email_queued_count = max(expected.get(campaign.id, 0) - sum(figures.values()), 0)

    @api.constrains("channel", "body", "mail_template_id")
    def _check_channel_content(self):
        for campaign in self:
            if campaign.channel == "sms" and not (campaign.body or "").strip():
                raise ValidationError(_("An SMS campaign needs its message text."))
            if campaign.channel == "email":
                if not campaign.mail_template_id:
                    raise ValidationError(_("An e-mail campaign needs its e-mail template."))
                if campaign.mail_template_id.model != "dental.patient":
                    raise ValidationError(_("The e-mail template of a campaign is a template of the patients."))

    def _dental_reachable_domain(self):
        """E-mail: the e-mail consent, an e-mail address and not on Odoo's mailing blacklist (the consent is
        mirrored into it by dental_patient; an unsubscribe or a bounce limit puts the address there too)."""
        if self.channel != "email":
            return super()._dental_reachable_domain()
        return [("email_consent", "=", True), ("email_normalized", "!=", False), ("is_blacklisted", "=", False)]

    def action_send(self):
        """E-mail campaigns: log every recipient once (one patient per e-mail address) and let the cron
        queue the e-mails in batches; the SMS path is unchanged."""
        self.ensure_one()
        if self.channel != "email":
            return super().action_send()
        if self.state == "sent":
            raise UserError(_("The campaign %(campaign)s was already sent.", campaign=self.name))
        patients = self.env["dental.patient"].search(self._dental_segment_domain(), order="id")
        if not patients:
            raise UserError(_("No patient matches the campaign's segment."))
        self.env["dental.marketing.message"]._dental_queue_emails(self._dental_unique_addresses(patients), self)
        self.write({"state": "sent", "date_sent": fields.Datetime.now()})
        return True

    @api.model
    def _dental_unique_addresses(self, patients):
        """The first patient of each e-mail address: a family sharing one address gets one e-mail."""
        first = {}
        for patient in patients:
            first.setdefault(patient.email_normalized, patient.id)
        return patients.browse(sorted(first.values()))
