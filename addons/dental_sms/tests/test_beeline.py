from odoo.tests import tagged

from .common import DentalSmsCommon

SENT = """<?xml version="1.0" encoding="UTF-8"?>
<output><result sms_group_id="900"><sms id="4711" smstype="SENDSMS" phone="+79160000001" sms_res_count="2"><![CDATA[text]]></sms></result></output>"""
ERROR = """<?xml version="1.0" encoding="UTF-8"?>
<output><errors><error>Not enough money on the balance</error></errors></output>"""
STATUS = """<?xml version="1.0" encoding="UTF-8"?>
<output><MESSAGES>
<MESSAGE SMS_ID="4711" SMSTYPE="SENDSMS"><SMS_TARGET>+79160000001</SMS_TARGET><SMSSTC_CODE>delivered</SMSSTC_CODE></MESSAGE>
<MESSAGE SMS_ID="4712" SMSTYPE="SENDSMS"><SMS_TARGET>+79160000002</SMS_TARGET><SMSSTC_CODE>expired</SMSSTC_CODE></MESSAGE>
</MESSAGES></output>"""


@tagged("post_install", "-at_install")
class TestBeelineGateway(DentalSmsCommon):
    provider = "beeline"

    def test_send_success(self):
        sms = self.new_sms()
        self.fake.answer(200, SENT)
        self.run_queue()
        form = self.fake.requests[0]["form"]
        self.assertEqual(
            (form["user"], form["pass"], form["action"], form["target"], form["sender"]),
            ("clinic", "s3cret-pass", "post_sms", "+79160000001", "Smile"),
        )
        self.assertEqual(form["message"], sms.body)
        self.assertEqual((sms.state, sms.dental_external_id, sms.dental_parts), ("pending", "4711", 2))

    def test_errors(self):
        sms = self.new_sms()
        self.fake.answer(200, ERROR)
        self.run_queue()
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_credit"))
        self.assertIn("Not enough money", sms.dental_failure_reason)
        other = self.new_sms()
        self.fake.answer(200, "<output><errors><error>Something odd</error></errors></output>")
        self.run_queue()
        self.assertEqual((other.state, other.failure_type), ("error", "sms_server"))

    def test_not_xml(self):
        sms = self.new_sms()
        self.fake.answer(200, "<html>proxy error")
        self.run_queue()
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))

    def test_timeout_is_not_retried(self):
        """A send without an answer in time may have reached Beeline: not retried, set in error."""
        self.account.timeout = 0.3
        sms = self.new_sms()
        self.fake.answer(200, SENT, delay=1)
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.run_queue()
        self.assertEqual(len(self.fake.requests), 1)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))

    def test_poll_statuses(self):
        first, second = self.new_sms(), self.new_sms(number="+79160000002")
        first.write({"state": "pending", "dental_external_id": "4711"})
        second.write({"state": "pending", "dental_external_id": "4712"})
        self.fake.answer(200, STATUS)
        self.env["sms.sms"]._dental_poll_status()
        form = self.fake.requests[0]["form"]
        self.assertEqual(form["action"], "status")
        self.assertEqual(set(form["sms_id"].split(",")), {"4711", "4712"})
        self.assertEqual(first.state, "sent")
        self.assertEqual((second.state, second.failure_type), ("error", "sms_expired"))
