from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestEmailCampaign(DentalMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_ru").active = True  # patients' language: each gets the template in theirs
        cls.company.dental_sms_quiet_hours = False
        cls.group = cls.env["dental.patient.group"].create({"name": "E-mail segment"})
        Patient = cls.env["dental.patient"]
        values = {"group_id": cls.group.id, "email_consent": True}
        cls.anna = Patient.create(
            {**values, "last_name": "Mailova", "first_name": "Anna", "email": "anna@example.com", "lang": "en_US"}
        )
        cls.boris = Patient.create(
            {**values, "last_name": "Mailov", "first_name": "Boris", "email": "boris@example.com", "lang": "ru_RU"}
        )
        # the same address as Anna's (a family): one e-mail per address
        cls.anna_son = Patient.create(
            {**values, "last_name": "Mailov", "first_name": "Ivan", "email": "Anna <anna@example.com>"}
        )
        cls.no_consent = Patient.create(
            {**values, "last_name": "Quiet", "first_name": "Qira", "email": "q@example.com", "email_consent": False}
        )
        cls.blacklisted = Patient.create(
            {**values, "last_name": "Listed", "first_name": "Lev", "email": "lev@example.com"}
        )
        cls.env["mail.blacklist"].sudo()._add("lev@example.com")
        cls.no_email = Patient.create({**values, "last_name": "Paper", "first_name": "Pavel"})
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Spring",
                "model_id": cls.env["ir.model"]._get_id("dental.patient"),
                "subject": "Spring check-up",
                "body_html": "<p>Hello <t t-out='object.first_name'/>, spring check-up -10%</p>",
                "lang": "{{ object.lang }}",
            }
        )
        cls.template.update_field_translations("subject", {"ru_RU": "Весенний осмотр"})

    def _campaign(self, **values):
        return self.env["dental.marketing.campaign"].create(
            {
                "name": "Spring",
                "channel": "email",
                "mail_template_id": self.template.id,
                "group_ids": [(6, 0, self.group.ids)],
                **values,
            }
        )

    def _notifications(self, campaign):
        return self.env["mail.notification"].search(
            [("mail_message_id", "in", campaign.dental_message_ids.mail_message_id.ids)]
        )

    def test_segment_honours_consent_and_blacklist(self):
        campaign = self._campaign()
        found = self.env["dental.patient"].search(campaign._dental_segment_domain())
        self.assertEqual(found, self.anna | self.boris | self.anna_son)
        self.assertEqual(campaign.recipient_count, 3)
        sms = self._campaign(channel="sms", body="Hi", mail_template_id=False)
        self.assertFalse(self.env["dental.patient"].search(sms._dental_segment_domain()) & found, "no phones")

    def test_send_once_in_the_patients_language(self):
        campaign = self._campaign()
        campaign.action_send()
        logs = campaign.dental_message_ids
        self.assertEqual(logs.patient_id, self.anna | self.boris, "one e-mail per address")
        self.assertEqual(set(logs.mapped("channel")), {"email"})
        self.assertTrue(all(logs.mapped("email_pending")))
        self.assertEqual(campaign.email_queued_count, 2)
        self.env["dental.marketing.message"]._dental_cron_send_emails()
        self.assertFalse(any(logs.mapped("email_pending")))
        mails = self.env["mail.mail"].search([("mail_message_id", "in", logs.mail_message_id.ids)])
        self.assertEqual(len(mails), 2, "queued in Odoo's mail queue, not sent in the request")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        by_patient = {log.patient_id: log.mail_message_id for log in logs}
        self.assertEqual(by_patient[self.anna].subject, "Spring check-up")
        self.assertEqual(by_patient[self.boris].subject, "Весенний осмотр")
        self.assertIn("Hello Boris", str(by_patient[self.boris].body))
        self.assertEqual(self._notifications(campaign).res_partner_id, (self.anna | self.boris).partner_id)
        # sending again, or the cron again, sends nothing more
        with self.assertRaises(UserError):
            campaign.action_send()
        self.env["dental.marketing.message"]._dental_queue_emails(self.anna | self.boris, campaign)
        self.env["dental.marketing.message"]._dental_cron_send_emails()
        self.assertEqual(len(campaign.dental_message_ids), 2)
        self.assertEqual(len(self._notifications(campaign)), 2)

    def test_results_sent_failed_bounced(self):
        campaign = self._campaign()
        campaign.action_send()
        self.env["dental.marketing.message"]._dental_cron_send_emails()
        mails = self.env["mail.mail"].search(
            [("mail_message_id", "in", campaign.dental_message_ids.mail_message_id.ids)]
        )
        anna_mail = mails.filtered(lambda mail: self.anna.partner_id in mail.recipient_ids)
        boris_mail = mails - anna_mail
        anna_mail.send()
        with (
            patch.object(type(self.env["ir.mail_server"]), "send_email", side_effect=OSError("SMTP down")),
            self.assertLogs("odoo.addons.mail.models.mail_mail", level="ERROR"),
        ):
            boris_mail.send(raise_exception=False)
        campaign.invalidate_recordset()
        self.assertEqual(
            (campaign.email_sent_count, campaign.email_failed_count, campaign.email_bounced_count), (1, 1, 0)
        )
        anna_message = campaign.dental_message_ids.filtered(lambda log: log.patient_id == self.anna).mail_message_id
        self.env["mail.thread"]._routing_handle_bounce(
            False,
            {
                "bounced_email": "anna@example.com",
                "bounced_partner": self.anna.partner_id,
                "bounced_msg_ids": [anna_message.message_id],
                "bounced_message": anna_message,
                "email_from": "mailer-daemon@example.com",
                "to": "bounce@example.com",
                "message_id": "<bounce-1@example.com>",
                "body": "User unknown",
            },
        )
        campaign.invalidate_recordset()
        self.assertEqual(
            (campaign.email_sent_count, campaign.email_failed_count, campaign.email_bounced_count), (0, 1, 1)
        )
        self.assertEqual(campaign.email_queued_count, 0)

    def test_opt_out_before_queuing_is_honoured(self):
        campaign = self._campaign()
        campaign.action_send()
        self.boris.email_consent = False  # withdrawn before the cron queues the e-mail
        self.env["dental.marketing.message"]._dental_cron_send_emails()
        boris_log = campaign.dental_message_ids.filtered(lambda log: log.patient_id == self.boris)
        self.assertFalse(boris_log.queued)
        self.assertFalse(boris_log.mail_message_id)
        self.assertEqual(self._notifications(campaign).res_partner_id, self.anna.partner_id)

    def test_quiet_hours_schedule_the_email(self):
        self.company.write(
            {"dental_sms_quiet_hours": True, "dental_sms_quiet_start": 21.0, "dental_sms_quiet_end": 9.0}
        )
        campaign = self._campaign()
        campaign.action_send()
        # 23:00 in Moscow (UTC+3): the notification waits for 09:00 (06:00 UTC) in Odoo's schedule (a day
        # ahead of the database's clock, which decides whether a notification is scheduled)
        with freeze_time(datetime(2030, 1, 15, 20, 0)):
            self.env["dental.marketing.message"]._dental_cron_send_emails()
        scheduled = self.env["mail.message.schedule"].search(
            [("mail_message_id", "in", campaign.dental_message_ids.mail_message_id.ids)]
        )
        self.assertEqual(len(scheduled), 2)
        self.assertEqual(set(scheduled.mapped("scheduled_datetime")), {datetime(2030, 1, 16, 6, 0)})
        self.assertFalse(self._notifications(campaign), "nothing sent in the quiet hours")

    def test_batches(self):
        campaign = self._campaign()
        campaign.action_send()
        self.env["dental.marketing.message"]._dental_cron_send_emails(batch_size=1)
        self.assertEqual(campaign.dental_message_ids.mapped("email_pending").count(True), 1)
        self.env["dental.marketing.message"]._dental_cron_send_emails(batch_size=1)
        self.assertFalse(any(campaign.dental_message_ids.mapped("email_pending")))

    def test_content_required_per_channel(self):
        with self.assertRaises(ValidationError):
            self._campaign(mail_template_id=False)
        with self.assertRaises(ValidationError):
            self._campaign(channel="sms", mail_template_id=False)
        other = self.env["mail.template"].create(
            {"name": "Lead mail", "model_id": self.env["ir.model"]._get_id("crm.lead")}
        )
        with self.assertRaises(ValidationError):
            self._campaign(mail_template_id=other.id)
