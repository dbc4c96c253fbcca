from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestUiEmail(HttpCase):
    def test_send_an_email_campaign_to_a_segment(self):
        company = self.env.company
        company.dental_sms_quiet_hours = False
        user = mail_new_test_user(
            self.env,
            login="mk_tour_mailer",
            groups="dental_patient.group_coordinator",
            tz="Europe/Moscow",
            lang="en_US",
        )
        group = self.env["dental.patient.group"].create({"name": "Tour e-mail segment"})
        Patient = self.env["dental.patient"]
        for index in range(2):
            Patient.create(
                {"last_name": f"Tourmail{index}", "first_name": "Anna", "email": f"tourmail{index}@example.com",
                 "group_id": group.id}
            )  # fmt: skip
        Patient.create(
            {"last_name": "Tourmailnot", "first_name": "Oleg", "email": "tournot@example.com", "group_id": group.id,
             "email_consent": False}
        )  # fmt: skip
        self.env["mail.template"].create(
            {
                "name": "Tour e-mail",
                "model_id": self.env["ir.model"]._get_id("dental.patient"),
                "subject": "Tour news",
                "body_html": "<p>Tour promo</p>",
            }
        )
        campaign = self.env["dental.marketing.campaign"].create(
            {"name": "Tour e-mail campaign", "body": "SMS text", "group_ids": [(6, 0, group.ids)]}
        )
        self.start_tour(
            f"/odoo/action-dental_marketing.dental_marketing_campaign_action/{campaign.id}",
            "dental_marketing_email_campaign_send",
            login=user.login,
        )
        self.assertEqual((campaign.channel, campaign.state), ("email", "sent"))
        self.env["dental.marketing.message"]._dental_cron_send_emails()
        logs = campaign.dental_message_ids
        self.assertEqual(sorted(logs.patient_id.mapped("last_name")), ["Tourmail0", "Tourmail1"])
        mails = self.env["mail.mail"].search([("mail_message_id", "in", logs.mail_message_id.ids)])
        self.assertEqual(
            sorted(mails.recipient_ids.mapped("email")), ["tourmail0@example.com", "tourmail1@example.com"]
        )
