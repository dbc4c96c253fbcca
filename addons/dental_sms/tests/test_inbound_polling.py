from odoo.tests import tagged

from .common import DentalSmsCommon

BEELINE_INBOX = """<?xml version="1.0" encoding="UTF-8"?>
<output><MESSAGES>
<MESSAGE SMS_ID="902"><SENDER>+79160000003</SENDER><TEXT>стоп</TEXT><DATE_RECEIVE>06.12.2026 09:01:00</DATE_RECEIVE></MESSAGE>
<MESSAGE SMS_ID="901"><SENDER>+79160000003</SENDER><TEXT>Can I come at 11?</TEXT><DATE_RECEIVE>06.12.2026 09:00:00</DATE_RECEIVE></MESSAGE>
</MESSAGES></output>"""


class PollingCommon(DentalSmsCommon):
    """An SMS account that fetches the replies, and a patient of its branch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.read_replies = True
        cls.patient = cls.env["dental.patient"].create(
            {"last_name": "Sidorova", "first_name": "Olga", "mobile": "+7 916 000-00-03", "company_id": cls.company.id}
        )

    def poll(self):
        self.env["dental.sms.account"]._dental_poll_inbound()

    def comments(self):
        return self.patient.message_ids.filtered(lambda m: m.message_type == "comment").mapped("body")

    def blacklisted(self):
        return bool(self.env["phone.blacklist"].sudo().search([("number", "=", "+79160000003")]))


@tagged("post_install", "-at_install")
class TestSmscReplies(PollingCommon):
    provider = "smsc"

    def test_replies_land_in_the_chatter_once(self):
        self.fake.answer(
            200,
            [
                {"id": 77, "received": "06.12.2026 09:00:00", "phone": "79160000003", "message": "Can I come at 11?"},
                {"id": 78, "received": "06.12.2026 09:01:00", "phone": "89160000003", "message": "Стоп!"},
            ],
        )
        self.poll()
        request = self.fake.requests[0]
        self.assertEqual(request["path"], "/sys/get.php")
        form = request["form"]
        self.assertEqual((form["get_answers"], form["hour"], form["login"], form["fmt"]), ("1", "1", "clinic", "3"))
        self.assertNotIn("after_id", form)
        self.assertEqual(len(self.comments()), 2)
        self.assertIn("<p>Can I come at 11?</p>", self.comments())
        self.assertTrue(self.blacklisted(), "an opt-out word puts the phone on the blacklist")
        self.assertEqual(self.account.inbound_cursor, "78")
        self.assertTrue(self.patient.dental_sms_last_inbound)
        # the next run asks after the last id; a message the gateway answers again is not handled twice
        self.fake.answer(200, [{"id": 78, "phone": "79160000003", "message": "Стоп!"}])
        self.poll()
        self.assertEqual(self.fake.requests[1]["form"]["after_id"], "78")
        self.assertEqual(len(self.comments()), 2)

    def test_error_and_gateway_down_keep_the_cursor(self):
        self.account.sudo().inbound_cursor = "40"
        self.fake.answer(200, {"error": "authorise error", "error_code": 2})
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.poll()
        for _i in range(3):
            self.fake.answer(503, "down")
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.poll()
        self.assertEqual(self.account.inbound_cursor, "40")
        self.assertFalse(self.comments())

    def test_not_polled_unless_turned_on(self):
        self.account.read_replies = False
        self.poll()
        self.assertFalse(self.fake.requests)
        self.assertFalse(self.account._dental_reads_replies(), "reminders do not ask for a reply")
        self.account.read_replies = True
        self.assertTrue(self.account._dental_reads_replies())

    def test_other_branch_patient_not_touched(self):
        other = self.env["res.company"].create({"name": "Other Clinic"})
        stranger = self.env["dental.patient"].create(
            {"last_name": "Other", "first_name": "Olga", "mobile": "+7 916 000-00-03", "company_id": other.id}
        )
        self.fake.answer(200, [{"id": 5, "phone": "79160000003", "message": "Hello"}])
        self.poll()
        self.assertEqual(len(self.comments()), 1)
        self.assertFalse(stranger.message_ids.filtered(lambda m: m.message_type == "comment"))


@tagged("post_install", "-at_install")
class TestBeelineReplies(PollingCommon):
    provider = "beeline"

    def test_inbox(self):
        self.fake.answer(200, BEELINE_INBOX)
        self.poll()
        form = self.fake.requests[0]["form"]
        self.assertEqual((form["action"], form["new_only"], form["user"]), ("inbox", "1", "clinic"))
        self.assertEqual(self.comments(), ["<p>стоп</p>", "<p>Can I come at 11?</p>"])  # newest first
        self.assertTrue(self.blacklisted())
        self.assertEqual(self.account.inbound_cursor, "902")
        self.fake.answer(200, BEELINE_INBOX)  # answered again: nothing twice
        self.poll()
        self.assertEqual(len(self.comments()), 2)

    def test_error_keeps_the_cursor(self):
        self.fake.answer(200, "<output><errors><error>Wrong login or password</error></errors></output>")
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.poll()
        self.fake.answer(200, "not xml")
        self.poll()
        self.assertFalse(self.account.inbound_cursor)
        self.assertFalse(self.comments())
