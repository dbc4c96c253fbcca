from odoo.tests import tagged

from odoo.addons.dental_calendar.tests.common import DentalCalendarCommon
from odoo.addons.dental_sms.tests.common import FakeGateway
from odoo.addons.dental_sms.tools.gateway import InboundMessage


@tagged("post_install", "-at_install")
class TestReplyToReminder(DentalCalendarCommon):
    """A reply to a reminder confirms or cancels the patient's next appointment (as the webhooks do)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        accounts = cls.env["dental.sms.account"]
        cls.account = accounts.create(
            {"name": "Twilio", "company_id": cls.company.id, "provider": "twilio", "login": "AC1", "password": "t"}
        )
        cls.account_b = accounts.create(
            {"name": "Twilio B", "company_id": cls.branch_b.id, "provider": "twilio", "login": "AC2", "password": "t"}
        )
        cls.patient_b.phone = "+7 916 000-00-01"  # the same phone in another clinic
        cls.first = cls.book(cls.at(10))
        cls.second = cls.book(cls.at(10, days=7))
        cls.event_b = cls.book(cls.at(10), chair=cls.chair_b, doctor=cls.doctor_b, patient=cls.patient_b)

    def reply(self, text, sender="+79160000001", account=None):
        (account or self.account)._dental_receive([InboundMessage(sender, text, "SM1")])

    def test_confirm(self):
        for word in ("1", "Да", "yes"):
            with self.subTest(word=word):
                self.first.dental_state = "scheduled"
                self.reply(word)
                self.assertEqual(self.first.dental_state, "confirmed")
                self.assertEqual(self.second.dental_state, "scheduled")  # only the next one
        self.assertEqual(self.event_b.dental_state, "scheduled")  # the other clinic's patient: untouched

    def test_cancel_tells_the_registrar(self):
        self.first.user_id = self.user_registrar
        self.reply("нет")
        self.assertEqual(self.first.dental_state, "cancelled")
        activity = self.patient.activity_ids
        self.assertEqual((activity.user_id, activity.summary), (self.user_registrar, "Cancelled by the patient"))
        self.assertIn("04.03.2030 10:00", str(activity.note))
        self.assertEqual(self.second.dental_state, "scheduled")
        self.assertEqual(self.event_b.dental_state, "scheduled")
        self.assertFalse(self.patient_b.activity_ids)

    def test_other_text_stays_in_the_chatter(self):
        self.reply("Can I come later?")
        self.assertEqual(self.first.dental_state, "scheduled")
        self.assertFalse(self.patient.activity_ids)
        self.assertIn("Can I come later?", self.patient.message_ids[0].body)
        self.assertFalse(self.patient_b.message_ids.filtered(lambda m: "later" in (m.body or "")))

    def test_other_branch_account_reaches_its_own_patient(self):
        self.reply("2", account=self.account_b)
        self.assertEqual(self.event_b.dental_state, "cancelled")
        self.assertEqual(self.first.dental_state, "scheduled")

    def test_past_and_finished_appointments_are_not_touched(self):
        self.first.dental_state = "arrived"
        self.reply("2")
        self.assertEqual(self.first.dental_state, "arrived")
        self.assertEqual(self.second.dental_state, "cancelled")

    def test_configured_words(self):
        self.account.confirm_words = "ок"
        self.reply("1")
        self.assertEqual(self.first.dental_state, "scheduled")
        self.reply("ОК")
        self.assertEqual(self.first.dental_state, "confirmed")

    def test_reply_fetched_from_sms_center(self):
        """A reply fetched from SMS-Center (polling) confirms like a webhook's."""
        fake = FakeGateway()
        fake.start()
        self.addCleanup(fake.stop)
        self.account.active = False
        self.env["dental.sms.account"].create(
            {
                "name": "SMSC",
                "company_id": self.company.id,
                "provider": "smsc",
                "endpoint_url": fake.url,
                "read_replies": True,
                "timeout": 2,
                "max_retries": 0,
            }
        )
        fake.answer(200, [{"id": 1, "phone": "79160000001", "message": "да"}])
        self.env["dental.sms.account"]._dental_poll_inbound()
        self.assertEqual(self.first.dental_state, "confirmed")
        self.assertEqual(self.event_b.dental_state, "scheduled")
