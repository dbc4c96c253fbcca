import hashlib
import hmac
import json
from unittest.mock import patch
from urllib.parse import urlencode

from odoo.tests import HttpCase, tagged

from ..models import dental_sms_account as account_module
from ..tools.gateway import InboundMessage
from .test_twilio import sign

WEBHOOK_LOGGER = "odoo.addons.dental_patient.tools.webhook"


@tagged("post_install", "-at_install")
class TestInbound(HttpCase):
    """The webhooks of the patients' messages: authenticated, branch-safe, reply words acted upon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.branch = cls.env["res.company"].create({"name": "Other Clinic"})
        cls.child = cls.env["res.company"].create({"name": "Our Branch", "parent_id": cls.company.id})
        accounts = cls.env["dental.sms.account"]
        cls.telegram = accounts.create(
            {
                "name": "Bot",
                "company_id": cls.company.id,
                "provider": "telegram",
                "endpoint_url": "http://127.0.0.1:9/unused",
                "password": "1:bot",
                "webhook_secret": "tg-secret",
            }
        )
        cls.whatsapp = accounts.create(
            {
                "name": "WA",
                "company_id": cls.company.id,
                "provider": "whatsapp",
                "endpoint_url": "http://127.0.0.1:9/unused",
                "login": "1055501",
                "password": "wa-token",
                "api_key": "app-secret",
                "webhook_secret": "verify-me",
            }
        )
        cls.twilio = accounts.create(
            {
                "name": "Twilio",
                "company_id": cls.company.id,
                "provider": "twilio",
                "endpoint_url": "http://127.0.0.1:9/unused",
                "login": "AC0123",
                "password": "twilio-token",
            }
        )
        # the other branch has its own bot: its patients are never reached through ours
        cls.other_telegram = accounts.create(
            {"name": "Other bot", "company_id": cls.branch.id, "provider": "telegram", "webhook_secret": "other"}
        )
        cls.child_telegram = accounts.create(
            {"name": "Branch bot", "company_id": cls.child.id, "provider": "telegram", "webhook_secret": "child"}
        )
        patients = cls.env["dental.patient"]
        cls.patient = patients.create(
            {
                "last_name": "Petrova",
                "first_name": "Anna",
                "mobile": "+7 916 000-00-02",
                "company_id": cls.company.id,
                "dental_telegram_chat_id": "5550001",
            }
        )
        cls.stranger = patients.create(
            {
                "last_name": "Sidorova",
                "first_name": "Olga",
                "mobile": "+7 916 000-00-03",
                "company_id": cls.branch.id,
                "dental_telegram_chat_id": "5550003",
            }
        )
        cls.child_patient = patients.create(
            {
                "last_name": "Ivanova",
                "first_name": "Maria",
                "mobile": "+7 916 000-00-04",
                "company_id": cls.child.id,
                "dental_telegram_chat_id": "5550004",
            }
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url())

    def chatter(self, patient):
        return patient.message_ids.filtered(lambda m: m.message_type == "comment").mapped("body")

    def post_telegram(self, chat_id, text, secret="tg-secret", account=None):
        update = {"update_id": 1, "message": {"message_id": 9, "chat": {"id": int(chat_id)}, "text": text}}
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return self.url_open((account or self.telegram).inbound_url, data=json.dumps(update), headers=headers)

    def post_whatsapp(self, payload, secret="app-secret"):
        body = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
        return self.url_open(self.whatsapp.inbound_url, data=body, headers=headers)

    def whatsapp_message(self, sender, text):
        value = {"messages": [{"from": sender, "id": "wamid.in1", "type": "text", "text": {"body": text}}]}
        return {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]}

    # Telegram

    def test_telegram_message_lands_in_chatter(self):
        response = self.post_telegram("5550001", "Can I come at 11 instead?")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Can I come at 11 instead?", self.chatter(self.patient)[0])
        self.assertEqual(self.patient.message_ids[0].author_id, self.patient.partner_id)

    def test_telegram_bad_secret_refused(self):
        for secret in (None, "", "wrong"):
            with self.subTest(secret=secret), self.assertLogs("odoo.addons.dental_sms", "WARNING"):
                response = self.post_telegram("5550001", "стоп", secret=secret)
                self.assertEqual(response.status_code, 403)
        self.assertFalse(self.chatter(self.patient))
        self.assertFalse(self.env["phone.blacklist"].search([("number", "like", "79160000002")]))

    def test_telegram_other_branch_never_touched(self):
        """Our bot's webhook with the chat id of another branch's patient: logged, nothing posted."""
        response = self.post_telegram("5550003", "стоп")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.chatter(self.stranger))
        self.assertFalse(self.env["phone.blacklist"].search([("number", "like", "79160000003")]))
        # the other branch's own bot reaches its patient
        self.post_telegram("5550003", "Hello", secret="other", account=self.other_telegram)
        self.assertIn("Hello", self.chatter(self.stranger)[0])

    def post_contact(self, phone, user_id, chat_id=777):
        message = {
            "message_id": 10,
            "chat": {"id": chat_id},
            "from": {"id": chat_id},
            "contact": {"phone_number": phone, "user_id": user_id},
        }
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "tg-secret"}
        return self.url_open(self.telegram.inbound_url, data=json.dumps({"message": message}), headers=headers)

    def test_telegram_shared_contact_links_the_chat(self):
        self.patient.dental_telegram_chat_id = False
        self.post_contact("79160000002", user_id=999)  # a forwarded card of someone else: ignored
        self.assertFalse(self.patient.dental_telegram_chat_id)
        self.post_contact("79160000002", user_id=777)
        self.assertEqual(self.patient.dental_telegram_chat_id, "777")
        self.assertIn("79160000002", self.patient.message_ids[0].body)  # the note names the shared phone
        self.assertFalse(self.chatter(self.patient))
        self.post_telegram("777", "Hello")
        self.assertIn("Hello", self.chatter(self.patient)[0])

    def test_telegram_shared_contact_of_another_branch(self):
        self.stranger.dental_telegram_chat_id = False
        self.post_contact("+79160000003", user_id=777)
        self.assertFalse(self.stranger.dental_telegram_chat_id)
        self.assertFalse(self.stranger.message_ids.filtered(lambda m: "linked" in (m.body or "")))

    def test_telegram_sub_branch_with_own_bot(self):
        """A sub-branch with its own bot: its patients answer through that bot, not the head's."""
        self.post_telegram("5550004", "Hello head")
        self.assertFalse(self.chatter(self.child_patient))
        self.post_telegram("5550004", "Hello branch", secret="child", account=self.child_telegram)
        self.assertIn("Hello branch", self.chatter(self.child_patient)[0])

    def test_sub_branch_without_account_uses_the_head(self):
        """A sub-branch without an SMS account sends through the head's Twilio: its patients' replies come back."""
        params = {"MessageSid": "SM3", "From": "+79160000004", "Body": "Hi"}
        self.post_twilio(params)
        self.assertIn("Hi", self.chatter(self.child_patient)[0])

    def test_unknown_sender_logged_not_posted(self):
        domain = [("model", "=", "dental.patient"), ("message_type", "=", "comment")]
        count = self.env["mail.message"].search_count(domain)
        self.assertEqual(self.post_telegram("999", "Hi").status_code, 200)
        self.assertEqual(self.env["mail.message"].search_count(domain), count)
        with patch.object(account_module, "_logger") as logger:
            self.telegram._dental_receive([InboundMessage("999", "Hi", "1")])
        logger.info.assert_called_once_with("%s: message from an unknown sender ignored", "Bot")
        self.assertEqual(self.env["mail.message"].search_count(domain), count)

    def test_opt_out(self):
        self.patient.write({"dental_message_channel": "telegram", "dental_messenger_opt_in": True})
        self.post_telegram("5550001", " СТОП ")
        blacklisted = self.env["phone.blacklist"].search([("number", "=", "+79160000002")])
        self.assertTrue(blacklisted.active)
        self.assertFalse(self.patient.dental_messenger_opt_in)
        self.assertTrue(self.patient.partner_id.phone_sanitized_blacklisted)

    # WhatsApp

    def test_whatsapp_handshake(self):
        url = self.whatsapp.inbound_url + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"
        response = self.url_open(url)
        self.assertEqual((response.status_code, response.text), (200, "1158201444"))
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            response = self.url_open(url.replace("verify-me", "guess"))
        self.assertEqual(response.status_code, 403)

    def test_whatsapp_message_by_phone(self):
        response = self.post_whatsapp(self.whatsapp_message("79160000002", "Thank you!"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you!", self.chatter(self.patient)[0])

    def test_whatsapp_message_by_own_number(self):
        self.patient.dental_whatsapp_number = "+7 (999) 111-22-33"
        self.post_whatsapp(self.whatsapp_message("79991112233", "Привет"))
        self.assertIn("Привет", self.chatter(self.patient)[0])

    def test_whatsapp_bad_signature_refused(self):
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            response = self.post_whatsapp(self.whatsapp_message("79160000002", "stop"), secret="forged")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.chatter(self.patient))
        self.assertFalse(self.patient.partner_id.phone_sanitized_blacklisted)

    def test_whatsapp_status(self):
        self.patient.write({"dental_message_channel": "whatsapp", "dental_messenger_opt_in": True})
        self.patient._dental_send_message("Hello")
        sms = self.env["sms.sms"].search([("dental_account_id", "=", self.whatsapp.id)])
        sms.write({"state": "pending", "dental_external_id": "wamid.out1"})
        value = {"statuses": [{"id": "wamid.out1", "status": "delivered", "recipient_id": "79160000002"}]}
        self.post_whatsapp({"entry": [{"changes": [{"value": value}]}]})
        self.assertEqual(sms.state, "sent")

    # Twilio SMS replies

    def post_twilio(self, params, token="twilio-token"):
        url = self.twilio.inbound_url
        return self.url_open(url, data=params, headers={"X-Twilio-Signature": sign(token, url, params)})

    def test_twilio_reply_and_opt_out(self):
        params = {"MessageSid": "SM1", "From": "+79160000002", "To": "+15005550006", "Body": "STOP"}
        response = self.post_twilio(params)
        self.assertEqual(response.status_code, 200)
        self.assertIn("STOP", self.chatter(self.patient)[0])
        self.assertTrue(self.patient.partner_id.phone_sanitized_blacklisted)

    def test_twilio_bad_signature_refused(self):
        params = {"MessageSid": "SM1", "From": "+79160000002", "Body": "stop"}
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            response = self.post_twilio(params, token="forged")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.chatter(self.patient))
        self.assertFalse(self.patient.partner_id.phone_sanitized_blacklisted)

    def test_twilio_other_branch_phone_not_touched(self):
        params = {"MessageSid": "SM2", "From": "+79160000003", "Body": "stop"}
        self.post_twilio(params)
        self.assertFalse(self.chatter(self.stranger))
        self.assertFalse(self.stranger.partner_id.phone_sanitized_blacklisted)

    def test_reply_words(self):
        kinds = {
            text: self.twilio._dental_reply_kind(text) for text in ("1", " Да ", "yes!", "2", "нет", "Stop", "maybe")
        }
        self.assertEqual(
            kinds,
            {
                "1": "confirm",
                " Да ": "confirm",
                "yes!": "confirm",
                "2": "cancel",
                "нет": "cancel",
                "Stop": "optout",
                "maybe": "",
            },
        )
        self.twilio.confirm_words = "ок, +"
        self.assertEqual(self.twilio._dental_reply_kind("+"), "confirm")
        self.assertEqual(self.twilio._dental_reply_kind("1"), "")

    # Unconfigured accounts and odd headers

    def test_unconfigured_accounts_refuse_everything(self):
        """An account whose secret is not set refuses every request, even one signed with the empty key or
        carrying an empty secret; a signature with non-ASCII characters is a 403, not a server error."""
        self.telegram.webhook_secret = False
        self.whatsapp.write({"api_key": False, "webhook_secret": False})
        self.twilio.password = False
        self.env.flush_all()
        handshake = self.whatsapp.inbound_url + "?hub.mode=subscribe&hub.verify_token=&hub.challenge=1"
        attempts = {
            "telegram empty": lambda: self.post_telegram("5550001", "стоп", secret=""),
            "telegram missing": lambda: self.post_telegram("5550001", "стоп", secret=None),
            "whatsapp empty key": lambda: self.post_whatsapp(self.whatsapp_message("79160000002", "stop"), secret=""),
            "whatsapp handshake": lambda: self.url_open(handshake),
            "twilio empty key": lambda: self.post_twilio({"MessageSid": "SM1", "From": "+79160000002"}, token=""),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertLogs("odoo.addons.dental_sms", "WARNING"):
                self.assertEqual(attempt().status_code, 403)
        self.telegram.webhook_secret = "tg-secret"
        self.whatsapp.write({"api_key": "app-secret", "webhook_secret": "verify-me"})
        self.twilio.password = "twilio-token"
        self.env.flush_all()
        odd = "sha256=\u00e9"
        body = json.dumps(self.whatsapp_message("79160000002", "stop")).encode()
        attempts = {
            "telegram": lambda: self.post_telegram("5550001", "стоп", secret=odd),
            "whatsapp": lambda: self.url_open(
                self.whatsapp.inbound_url, data=body, headers={"X-Hub-Signature-256": odd}
            ),
            "twilio": lambda: self.url_open(
                self.twilio.inbound_url, data={"From": "+79160000002"}, headers={"X-Twilio-Signature": odd}
            ),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertLogs("odoo.addons.dental_sms", "WARNING"):
                self.assertEqual(attempt().status_code, 403)
        self.env.invalidate_all()
        self.assertFalse(self.chatter(self.patient))
        self.assertFalse(self.patient.partner_id.phone_sanitized_blacklisted)

    def test_oversize_bodies_refused(self):
        """A body over 256 KB is refused with 413 on every webhook, announced by its Content-Length or sent without
        one (chunked), even correctly signed: nothing posted, no opt-out, no status applied."""
        self.patient.write({"dental_message_channel": "whatsapp", "dental_messenger_opt_in": True})
        self.patient._dental_send_message("Hello")
        sms = self.env["sms.sms"].search([("dental_account_id", "=", self.whatsapp.id)])
        sms.write({"state": "pending", "dental_external_id": "wamid.out1"})
        padding = "x" * (300 * 1024)
        update = {"update_id": 1, "message": {"message_id": 9, "chat": {"id": 5550001}, "text": "stop"}, "pad": padding}
        telegram = json.dumps(update).encode()
        value = {
            "messages": [{"from": "79160000002", "id": "wamid.in1", "type": "text", "text": {"body": "stop"}}],
            "statuses": [{"id": "wamid.out1", "status": "delivered", "recipient_id": "79160000002"}],
            "pad": padding,
        }
        whatsapp = json.dumps({"entry": [{"changes": [{"value": value}]}]}).encode()
        whatsapp_signature = "sha256=" + hmac.new(b"app-secret", whatsapp, hashlib.sha256).hexdigest()
        twilio_url = self.twilio.inbound_url
        twilio = {"MessageSid": "SM1", "From": "+79160000002", "To": "+15005550006", "Body": "STOP", "Pad": padding}
        status_url = self.twilio._dental_callback_url()
        status = {"MessageSid": "SM9", "MessageStatus": "delivered", "Pad": padding}
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        posts = {
            "telegram": (
                self.telegram.inbound_url,
                telegram,
                {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "tg-secret"},
            ),
            "whatsapp": (
                self.whatsapp.inbound_url,
                whatsapp,
                {"Content-Type": "application/json", "X-Hub-Signature-256": whatsapp_signature},
            ),
            "twilio": (
                twilio_url,
                urlencode(twilio).encode(),
                dict(form, **{"X-Twilio-Signature": sign("twilio-token", twilio_url, twilio)}),
            ),
            "twilio status": (
                status_url,
                urlencode(status).encode(),
                dict(form, **{"X-Twilio-Signature": sign("twilio-token", status_url, status)}),
            ),
        }
        for name, (url, body, headers) in posts.items():
            for chunked in (False, True):
                with self.subTest(name, chunked=chunked), self.assertLogs(WEBHOOK_LOGGER, "WARNING"):
                    response = self.url_open(url, data=iter([body]) if chunked else body, headers=headers)
                    self.assertEqual(response.status_code, 413)
        self.env.invalidate_all()
        self.assertFalse(self.chatter(self.patient))
        self.assertFalse(self.patient.partner_id.phone_sanitized_blacklisted)
        self.assertTrue(self.patient.dental_messenger_opt_in)
        self.assertEqual(sms.state, "pending")
