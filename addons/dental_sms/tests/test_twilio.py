import base64

from odoo.tests import tagged

from .common import DentalSmsCommon


@tagged("post_install", "-at_install")
class TestTwilioGateway(DentalSmsCommon):
    provider = "twilio"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.write({"login": "AC0123", "password": "twilio-token", "sender": "+15005550006"})

    def test_send_success(self):
        sms = self.new_sms()
        self.fake.answer(
            201, {"sid": "SM111", "status": "queued", "num_segments": "2", "price": "-0.0750", "error_code": None}
        )
        self.run_queue()
        request = self.fake.requests[0]
        self.assertEqual(request["path"], "/sys/Accounts/AC0123/Messages.json")
        self.assertEqual(
            request["headers"]["Authorization"], "Basic " + base64.b64encode(b"AC0123:twilio-token").decode()
        )
        form = request["form"]
        self.assertEqual((form["To"], form["From"], form["Body"]), ("+79160000001", "+15005550006", sms.body))
        self.assertEqual(form["StatusCallback"], self.account._dental_callback_url())
        self.assertTrue(form["StatusCallback"].endswith(f"/dental_sms/twilio/status/{self.account.id}"))
        self.assertEqual((sms.state, sms.dental_external_id, sms.dental_parts), ("pending", "SM111", 2))
        self.assertAlmostEqual(sms.dental_cost, 0.075)

    def test_messaging_service_sender(self):
        self.account.sender = "MG999"
        self.new_sms()
        self.fake.answer(201, {"sid": "SM1", "status": "accepted"})
        self.run_queue()
        form = self.fake.requests[0]["form"]
        self.assertEqual(form["MessagingServiceSid"], "MG999")
        self.assertNotIn("From", form)

    def test_error_codes(self):
        for code, failure_type in ((21211, "sms_number_format"), (20003, "sms_acc"), (30007, "sms_rejected")):
            with self.subTest(code=code):
                sms = self.new_sms()
                self.fake.answer(400, {"code": code, "message": "refused", "status": 400})
                self.run_queue()
                self.assertEqual((sms.state, sms.failure_type), ("error", failure_type))
                self.assertIn(str(code), sms.dental_failure_reason)

    def test_retry_on_429(self):
        sms = self.new_sms()
        self.fake.answer(429, {"code": 20429, "message": "Too Many Requests"}, headers={"Retry-After": "0"})
        self.fake.answer(201, {"sid": "SM2", "status": "queued"})
        self.run_queue()
        self.assertEqual(len(self.fake.requests), 2)
        self.assertEqual(sms.state, "pending")

    def test_signature(self):
        gateway = self.account._dental_gateway()
        url = "https://clinic.example/dental_sms/twilio/status/1"
        params = {"MessageSid": "SM1", "MessageStatus": "delivered", "To": "+79160000001"}
        signature = sign("twilio-token", url, params)
        self.assertTrue(gateway.check_signature(url, params, signature))
        self.assertFalse(gateway.check_signature(url, dict(params, MessageStatus="failed"), signature))
        self.assertFalse(gateway.check_signature(url + "?x=1", params, signature))
        self.assertFalse(gateway.check_signature(url, params, ""))
        self.assertFalse(gateway.check_signature(url, params, sign("other-token", url, params)))
        # Twilio signs the URL with or without its default port (twilio-python validates both)
        with_port = "https://clinic.example:443/dental_sms/twilio/status/1"
        self.assertTrue(gateway.check_signature(url, params, sign("twilio-token", with_port, params)))
        self.assertTrue(gateway.check_signature(with_port, params, signature))
        self.assertFalse(
            gateway.check_signature(url, params, sign("twilio-token", url.replace("https", "http"), params))
        )


def sign(token, url, params):
    """Twilio's signature, computed independently of the adapter."""
    import hashlib
    import hmac

    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()
