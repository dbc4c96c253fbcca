import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools.gateway import InboundMessage
from .common import DentalSmsCommon


class MessengerCommon(DentalSmsCommon):
    """A messenger account of the test company on the fake server, and an opted-in patient."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient = cls.env["dental.patient"].create(
            {
                "last_name": "Petrova",
                "first_name": "Anna",
                "mobile": "+7 916 000-00-02",
                "company_id": cls.company.id,
                "dental_message_channel": cls.provider,
                "dental_messenger_opt_in": True,
                "dental_telegram_chat_id": "5550001",
            }
        )

    def sent(self, patient=None):
        return self.env["sms.sms"].search([("partner_id", "=", (patient or self.patient).partner_id.id)])


@tagged("post_install", "-at_install")
class TestTelegram(MessengerCommon):
    provider = "telegram"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.write({"password": "123456:bot-token", "webhook_secret": "hook-secret"})

    def test_send_success(self):
        self.patient._dental_send_message("Your appointment is tomorrow at 10:00")
        sms = self.sent()
        self.assertEqual((sms.dental_account_id, sms.number, sms.state), (self.account, "5550001", "outgoing"))
        self.assertIn("Your appointment is tomorrow", sms.mail_message_id.body)
        self.assertEqual(sms.mail_message_id.res_id, self.patient.id)
        self.fake.answer(200, {"ok": True, "result": {"message_id": 42, "chat": {"id": 5550001}}})
        self.run_queue()
        request = self.fake.requests[0]
        self.assertEqual(request["path"], "/sys/bot123456:bot-token/sendMessage")
        self.assertIn('"chat_id": "5550001"', request["body"])
        self.assertEqual((sms.state, sms.dental_external_id), ("sent", "42"))

    def test_errors(self):
        cases = (
            (400, "Bad Request: chat not found", "sms_number_format"),
            (403, "Forbidden: bot was blocked by the user", "sms_rejected"),
            (401, "Unauthorized", "sms_acc"),
        )
        for status, description, failure_type in cases:
            with self.subTest(status=status):
                self.patient._dental_send_message("Hello")
                sms = self.sent().filtered(lambda s: s.state == "outgoing")
                self.fake.answer(status, {"ok": False, "error_code": status, "description": description})
                self.run_queue()
                self.assertEqual((sms.state, sms.failure_type), ("error", failure_type))
                self.assertIn(description, sms.dental_failure_reason)
                self.assertNotIn("bot-token", sms.dental_failure_reason)

    def test_retry_then_success(self):
        self.patient._dental_send_message("Hello")
        self.fake.answer(502, "Bad Gateway")
        self.fake.answer(200, {"ok": True, "result": {"message_id": 7}})
        self.run_queue()
        self.assertEqual(len(self.fake.requests), 2)
        self.assertEqual(self.sent().state, "sent")

    def test_gateway_down_back_to_queue(self):
        self.patient._dental_send_message("Hello")
        for _i in range(3):
            self.fake.answer(503, "down")
        with self.assertLogs("odoo.addons.dental_sms", "WARNING") as logs:
            self.run_queue()
        self.assertIn("sendMessage unreachable", "\n".join(logs.output))
        self.assertNotIn("bot-token", "\n".join(logs.output))  # the token is in the URL path: never logged
        sms = self.sent()
        self.assertEqual((sms.state, sms.dental_attempts), ("outgoing", 1))

    def test_triggered_message_goes_by_the_preferred_messenger(self):
        """The triggers' hook sends the template's text by the patient's messenger, else by SMS."""
        template = self.env["sms.template"].create(
            {
                "name": "Trigger",
                "model_id": self.env["ir.model"]._get_id("dental.patient"),
                "body": "Hi {{ object.first_name }}",
            }
        )
        self.assertTrue(self.patient._dental_send_message(template=template))
        sms = self.sent()
        self.assertEqual((sms.dental_account_id, sms.number, sms.body), (self.account, "5550001", "Hi Anna"))
        self.patient.dental_messenger_opt_in = False
        self.assertTrue(self.patient._dental_send_message(template=template))
        by_sms = self.sent() - sms
        self.assertEqual(len(by_sms), 1)
        self.assertNotEqual(by_sms.dental_account_id, self.account)
        self.assertEqual(by_sms.body, "Hi Anna")

    def test_sms_without_consent_or_account(self):
        """No consent, no chat id, or no messenger account in the branch: the message goes by SMS."""
        self.patient.dental_messenger_opt_in = False
        self.patient._dental_send_message("Hello")
        self.assertNotEqual(self.sent().dental_account_id, self.account)
        self.patient.write({"dental_messenger_opt_in": True, "dental_telegram_chat_id": False})
        self.patient._dental_send_message("Hello again")
        self.assertFalse(self.sent().filtered(lambda s: s.dental_account_id == self.account))

    def test_blacklisted_phone_gets_no_messenger_message(self):
        self.env["phone.blacklist"].sudo()._add([self.patient.mobile])
        self.patient._dental_send_message("Hello")
        self.assertFalse(self.sent().filtered(lambda s: s.dental_account_id == self.account))

    def test_one_account_per_channel(self):
        """A branch has one SMS account and one account per messenger."""
        sms_account = self.env["dental.sms.account"].create(
            {"name": "SMS", "company_id": self.company.id, "provider": "smsc"}
        )
        self.assertEqual(self.env["dental.sms.account"]._dental_account_for_company(self.company), sms_account)
        self.assertEqual(
            self.env["dental.sms.account"]._dental_account_for_company(self.company, "telegram"), self.account
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["dental.sms.account"].create(
                {"name": "Bot 2", "company_id": self.company.id, "provider": "telegram"}
            )


@tagged("post_install", "-at_install")
class TestWhatsApp(MessengerCommon):
    provider = "whatsapp"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.write({"login": "1055501", "password": "wa-token", "api_key": "app-secret"})

    def test_send_success(self):
        self.patient._dental_send_message("Hello")
        sms = self.sent()
        self.assertEqual(sms.number, self.patient.mobile)  # no WhatsApp number of its own
        self.fake.answer(200, {"messaging_product": "whatsapp", "messages": [{"id": "wamid.HBg1"}]})
        self.run_queue()
        request = self.fake.requests[0]
        self.assertEqual(request["path"], "/sys/1055501/messages")
        self.assertEqual(request["headers"]["Authorization"], "Bearer wa-token")
        self.assertIn('"to": "79160000002"', request["body"])
        self.assertEqual((sms.state, sms.dental_external_id), ("pending", "wamid.HBg1"))

    def test_own_number(self):
        self.patient.dental_whatsapp_number = "+7 999 111-22-33"
        self.patient._dental_send_message("Hello")
        self.assertEqual(self.sent().number, "+7 999 111-22-33")

    def test_errors(self):
        for code, failure_type in ((131026, "sms_number_format"), (190, "sms_acc"), (131047, "sms_rejected")):
            with self.subTest(code=code):
                self.patient._dental_send_message("Hello")
                sms = self.sent().filtered(lambda s: s.state == "outgoing")
                self.fake.answer(400, {"error": {"code": code, "message": "refused"}})
                self.run_queue()
                self.assertEqual((sms.state, sms.failure_type), ("error", failure_type))

    def test_retry_on_429(self):
        self.patient._dental_send_message("Hello")
        self.fake.answer(429, {"error": {"code": 130429}}, headers={"Retry-After": "0"})
        self.fake.answer(200, {"messages": [{"id": "wamid.2"}]})
        self.run_queue()
        self.assertEqual(len(self.fake.requests), 2)
        self.assertEqual(self.sent().state, "pending")

    # ------------------------------------------------------------------ the 24-hour window

    def whatsapp_template(self, **vals):
        return self.env["sms.template"].create(
            {
                "name": "Reminder",
                "model_id": self.env["ir.model"]._get_id("dental.patient"),
                "body": "Hi {{ object.first_name }}, see you tomorrow",
                "dental_whatsapp_template": "appointment_reminder",
                "dental_whatsapp_language": "ru",
                "dental_whatsapp_params": "{{ object.first_name }}\n\n{{ object.last_name }}",
                **vals,
            }
        )

    def sent_json(self):
        self.fake.answer(200, {"messages": [{"id": "wamid.T1"}]})
        self.run_queue()
        return json.loads(self.fake.requests[-1]["body"])

    def test_template_outside_the_window(self):
        """A patient who never wrote (or not within 24 hours) gets the approved template with its parameters."""
        self.patient._dental_send_message(template=self.whatsapp_template())
        sms = self.sent()
        self.assertEqual(sms.body, "Hi Anna, see you tomorrow")  # the text stays readable in Odoo
        body = self.sent_json()
        self.assertEqual(body["type"], "template")
        self.assertNotIn("text", body)
        self.assertEqual(
            body["template"],
            {
                "name": "appointment_reminder",
                "language": {"code": "ru"},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": "Anna"}, {"type": "text", "text": "Petrova"}],
                    }
                ],
            },
        )
        self.assertEqual((sms.state, sms.dental_external_id), ("pending", "wamid.T1"))

    def test_free_text_inside_the_window(self):
        """The patient wrote within 24 hours: free text, the template is not needed."""
        self.account._dental_receive([InboundMessage("79160000002", "Hello, a question", "wamid.IN1")])
        self.assertTrue(self.patient.dental_whatsapp_last_inbound)
        self.assertFalse(self.patient.dental_telegram_last_inbound)
        self.patient._dental_send_message(template=self.whatsapp_template())
        body = self.sent_json()
        self.assertEqual((body["type"], body["text"]), ("text", {"body": "Hi Anna, see you tomorrow"}))

    def test_window_closed_while_queued(self):
        """The window is checked when the message leaves: one held in the queue past it goes as the template."""
        self.patient.dental_whatsapp_last_inbound = fields.Datetime.now() - timedelta(hours=23)
        self.patient._dental_send_message(template=self.whatsapp_template())
        sms = self.sent()
        self.assertEqual(sms.dental_window_until, self.patient.dental_whatsapp_last_inbound + timedelta(hours=24))
        sms.sudo().dental_window_until = fields.Datetime.now() - timedelta(minutes=1)
        self.assertEqual(self.sent_json()["type"], "template")

    def test_without_template_mapping_free_text(self):
        """No approved template named: free text as before (WhatsApp refuses it outside the window, 131047)."""
        self.patient._dental_send_message(template=self.whatsapp_template(dental_whatsapp_template=False))
        self.assertFalse(self.sent().dental_template_payload)
        self.assertEqual(self.sent_json()["type"], "text")
        self.patient._dental_send_message("Plain text")
        self.assertEqual(self.sent_json()["type"], "text")
