from odoo.tests import HttpCase, tagged

from .test_twilio import sign


@tagged("post_install", "-at_install")
class TestTwilioCallback(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls.env["dental.sms.account"].create(
            {
                "name": "Twilio",
                "company_id": cls.env.company.id,
                "provider": "twilio",
                "endpoint_url": "http://127.0.0.1:9/unused",
                "login": "AC0123",
                "password": "twilio-token",
                "sender": "+15005550006",
            }
        )
        cls.partner = cls.env["res.partner"].create({"name": "Anna", "mobile": "+79160000001"})

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url())
        self.partner._message_sms("Reminder", partner_ids=self.partner.ids)
        self.sms = self.env["sms.sms"].search([("partner_id", "=", self.partner.id)])
        self.sms.write({"state": "pending", "dental_external_id": "SM777"})
        self.notification = self.env["mail.notification"].search([("sms_id_int", "=", self.sms.id)])
        self.url = self.account._dental_callback_url()

    def post(self, params, signature):
        return self.url_open(self.url, data=params, headers={"X-Twilio-Signature": signature})

    def test_valid_signature_updates_the_message(self):
        params = {"MessageSid": "SM777", "MessageStatus": "delivered", "AccountSid": "AC0123"}
        response = self.post(params, sign("twilio-token", self.url, params))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.sms.state, "sent")
        self.assertEqual(self.notification.notification_status, "sent")

    def test_undelivered_bounces(self):
        params = {"MessageSid": "SM777", "MessageStatus": "undelivered", "ErrorCode": "30005"}
        self.post(params, sign("twilio-token", self.url, params))
        self.assertEqual((self.sms.state, self.sms.failure_type), ("error", "sms_invalid_destination"))
        self.assertEqual(self.notification.notification_status, "bounce")

    def test_invalid_signature_refused(self):
        params = {"MessageSid": "SM777", "MessageStatus": "delivered"}
        for signature in ("", "bm90IGEgc2lnbmF0dXJl", sign("wrong-token", self.url, params)):
            with self.subTest(signature=signature):
                with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
                    response = self.post(params, signature)
                self.assertEqual(response.status_code, 403)
        self.assertEqual(self.sms.state, "pending")

    def test_other_account_refused(self):
        params = {"MessageSid": "SM777", "MessageStatus": "delivered"}
        url = self.url.replace(f"/{self.account.id}", f"/{self.account.id + 1000}")
        response = self.url_open(url, data=params, headers={"X-Twilio-Signature": sign("twilio-token", url, params)})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.sms.state, "pending")

    def test_archived_or_other_provider_refused(self):
        """The status route resolves its account as the inbound routes do: active and of Twilio only."""
        params = {"MessageSid": "SM777", "MessageStatus": "delivered"}
        signature = sign("twilio-token", self.url, params)
        self.account.active = False
        self.assertEqual(self.post(params, signature).status_code, 403)
        self.account.write({"active": True, "provider": "smsc"})
        self.assertEqual(self.post(params, signature).status_code, 403)
        self.assertEqual(self.sms.state, "pending")
