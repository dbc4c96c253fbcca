from odoo import api, fields, models

from odoo.addons.dental_sms.models.sms_sms_quiet_hours import quiet_until

EMAIL_BATCH = 200


class DentalMarketingMessage(models.Model):
    """E-mail messages of campaigns: logged when the campaign is sent (``email_pending``), then queued by the
    cron in batches as one Odoo notification per patient (``message_notify``: Odoo's mail queue sends it,
    ``mail.notification`` keeps its delivery status, a bounce marks it bounced). During the branch's quiet
    hours the notification is scheduled for their end (Odoo's ``mail.message.schedule``)."""

    _inherit = "dental.marketing.message"

    channel = fields.Selection([("sms", "SMS"), ("email", "E-mail")], required=True, default="sms")
    email_pending = fields.Boolean(
        string="E-mail to Queue", readonly=True, index="btree_not_null", help="Logged, not yet queued by the cron."
    )

    @api.model
    def _dental_queue_emails(self, patients, campaign):
        """Log the e-mail of ``campaign`` for the ``patients`` not yet sent it; the cron queues them."""
        key = f"campaign:{campaign.id}"
        # sudo: the log is the server's (see _dental_send); the patients come from the caller's search
        Log = self.sudo()
        done = Log.search([("patient_id", "in", patients.ids), ("key", "=", key)]).patient_id
        logs = Log.create(
            [
                {
                    "patient_id": patient.id,
                    "company_id": patient.company_id.id,
                    "kind": "campaign",
                    "channel": "email",
                    "key": key,
                    "campaign_id": campaign.id,
                    "email_pending": True,
                }
                for patient in patients - done.with_env(self.env)
            ]
        )
        if logs:
            # sudo: any sender may wake the cron
            self.env.ref("dental_marketing.ir_cron_dental_marketing_email").sudo()._trigger()
        return logs.with_env(self.env)

    @api.model
    def _dental_cron_send_emails(self, batch_size=EMAIL_BATCH):
        """Queue the pending campaign e-mails, ``batch_size`` at a time (the cron runs again while some remain)."""
        logs = self.search([("email_pending", "=", True)], order="id", limit=batch_size)
        for campaign, campaign_logs in logs.grouped("campaign_id").items():
            campaign_logs._dental_notify_email(campaign)
        if self.search_count([("email_pending", "=", True)], limit=1):
            self.env.ref("dental_marketing.ir_cron_dental_marketing_email")._trigger()

    def _dental_notify_email(self, campaign):
        """One e-mail per log: the template rendered in each patient's language, checked again against the
        consent and the blacklist at the time of queuing (an opt-out since the sending is honoured)."""
        patients = self.patient_id
        reachable = patients.search([("id", "in", patients.ids), *campaign._dental_reachable_domain()])
        template = campaign.mail_template_id
        rendered = template._generate_template(reachable.ids, ["subject", "body_html", "email_from"])
        now = fields.Datetime.now()
        author = campaign.create_uid.partner_id
        for log in self:
            patient = log.patient_id
            if patient not in reachable:
                log.write({"email_pending": False, "queued": False})
                continue
            values = rendered[patient.id]
            message = patient.with_context(mail_notify_force_send=False).message_notify(
                partner_ids=patient.partner_id.ids,
                subject=values.get("subject"),
                body=values.get("body_html") or "",
                author_id=author.id,
                email_from=values.get("email_from") or author.email_formatted,
                email_layout_xmlid="mail.mail_notification_light",
                scheduled_date=log._dental_quiet_until(now),
            )
            log.write({"email_pending": False, "queued": bool(message), "mail_message_id": message[:1].id})

    def _dental_quiet_until(self, now):
        """The end of the branch's quiet hours in the patient's time zone (else the branch's), or False."""
        self.ensure_one()
        company = self.company_id
        if not company.dental_sms_quiet_hours:
            return False
        until = quiet_until(
            now,
            self.patient_id.tz or company._dental_tz(),
            company.dental_sms_quiet_start,
            company.dental_sms_quiet_end,
        )
        return until or False
