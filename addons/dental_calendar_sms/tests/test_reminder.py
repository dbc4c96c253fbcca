from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.dental_calendar.tests.common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestReminderChannels(DentalCalendarCommon):
    """The day-before reminder goes by the patient's messenger when it can, and asks for a reply."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dental_reminder_hour": 12.0, "dental_reminder_sms": True, "dental_reminder_email": False})
        cls.event = cls.book(cls.at(10, days=1))

    def run_cron(self):
        before = self.env["sms.sms"].search([])
        with freeze_time(self.at(12.5)):
            self.env["calendar.event"]._cron_dental_send_reminders()
        return self.env["sms.sms"].search([]) - before

    def test_telegram_patient(self):
        bot = self.env["dental.sms.account"].create(
            {"name": "Bot", "company_id": self.company.id, "provider": "telegram", "password": "1:x"}
        )
        self.patient.write(
            {"dental_message_channel": "telegram", "dental_messenger_opt_in": True, "dental_telegram_chat_id": "77"}
        )
        sms = self.run_cron()
        self.assertEqual((sms.dental_account_id, sms.number), (bot, "77"))
        self.assertIn("05.03.2030 10:00", sms.body)
        self.assertTrue(sms.body.endswith("Reply 1 to confirm, 2 to cancel."))

    def test_sms_through_twilio_asks_to_confirm(self):
        twilio = self.env["dental.sms.account"].create(
            {"name": "Twilio", "company_id": self.company.id, "provider": "twilio", "login": "AC1", "password": "t"}
        )
        sms = self.run_cron()
        self.assertEqual((sms.dental_account_id, sms.number), (twilio, "+79160000001"))
        self.assertTrue(sms.body.endswith("Reply 1 to confirm, 2 to cancel."))
        self.assertEqual(sms.mail_message_id.model, "calendar.event")  # as before: posted on the appointment

    def test_gateway_without_replies_unchanged(self):
        self.env["dental.sms.account"].create({"name": "SMSC", "company_id": self.company.id, "provider": "smsc"})
        sms = self.run_cron()
        self.assertNotIn("Reply", sms.body)
        self.assertIn("Call us if you cannot come.", sms.body)

    def test_sms_gateway_reading_replies_asks_to_confirm(self):
        """SMS-Center with the replies fetched (polling) asks for a reply as the webhook gateways do."""
        self.env["dental.sms.account"].create(
            {"name": "SMSC", "company_id": self.company.id, "provider": "smsc", "read_replies": True}
        )
        sms = self.run_cron()
        self.assertTrue(sms.body.endswith("Reply 1 to confirm, 2 to cancel."))
        self.assertEqual(sms.mail_message_id.model, "calendar.event")
