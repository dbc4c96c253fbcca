from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.sms.tests.common import MockSMS

from .common import DAY, DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestReminder(DentalCalendarCommon, MockSMS):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dental_reminder_hour": 12.0, "dental_reminder_sms": True, "dental_reminder_email": True})
        cls.patient.email = "kuznetsov@example.com"
        cls.event = cls.book(cls.at(10, days=1))

    def _run_cron(self, local_hours, days=0):
        """Run the reminder cron at a local time; returns the SMS it queued and all reminder e-mails."""
        before = self.env["sms.sms"].search([])
        with freeze_time(self.at(local_hours, days=days)), self.mockSMSGateway():
            self.env["calendar.event"]._cron_dental_send_reminders()
            self.assertFalse(self._sms, "SMS are queued for the SMS cron, not sent from the reminder loop")
        queued = self.env["sms.sms"].search([]) - before
        self.assertTrue(all(sms.state == "outgoing" for sms in queued))
        sent = [{"number": sms.number, "body": sms.body} for sms in queued]
        mails = self.env["mail.mail"].search([("model", "=", "calendar.event"), ("res_id", "=", self.event.id)])
        return sent, mails

    def test_reminder_day_before_once(self):
        sent, mails = self._run_cron(11.5)
        self.assertFalse(sent, "before the reminder time nothing leaves")
        self.assertFalse(mails)
        sent, mails = self._run_cron(12.25)
        self.assertEqual(len(sent), 1)
        self.assertIn("05.03.2030 10:00", sent[0]["body"])
        self.assertEqual(sent[0]["number"], "+79160000001")
        self.assertEqual(len(mails), 1)
        self.assertIn("05.03.2030 10:00", mails.subject)
        self.assertEqual(self.event.dental_reminder_date, DAY.replace(day=5))
        # The cron runs again, the appointment moves within the day: nothing more.
        self.event.write({"start": self.at(14, days=1), "stop": self.at(14.5, days=1)})
        sent, mails = self._run_cron(13)
        self.assertFalse(sent)
        self.assertEqual(len(mails), 1)

    def test_moved_to_another_day_reminds_again(self):
        self._run_cron(12.25)
        self.event.write({"start": self.at(10, days=3), "stop": self.at(10.5, days=3)})
        sent, __ = self._run_cron(12.25, days=1)
        self.assertFalse(sent, "not the day before the new date yet")
        sent, __ = self._run_cron(12.25, days=2)
        self.assertEqual(len(sent), 1)
        self.assertIn("07.03.2030 10:00", sent[0]["body"])

    def test_only_patients_who_allow_it(self):
        self.patient.write({"allow_sms_reminder": False, "allow_email_reminder": False})
        sent, mails = self._run_cron(12.25)
        self.assertFalse(sent)
        self.assertFalse(mails)
        self.assertTrue(self.event.dental_reminder_date, "marked: the cron does not retry every 15 minutes")

    def test_cancelled_not_reminded(self):
        self.event.action_dental_cancel()
        sent, __ = self._run_cron(12.25)
        self.assertFalse(sent)

    def test_branch_settings(self):
        self.company.dental_reminder_sms = False
        sent, mails = self._run_cron(12.25)
        self.assertFalse(sent)
        self.assertEqual(len(mails), 1)
