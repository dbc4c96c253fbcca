from odoo.tests import tagged

from .common import DentalSmsCommon


@tagged("post_install", "-at_install")
class TestSmscGateway(DentalSmsCommon):
    provider = "smsc"

    def test_send_success(self):
        sms = self.new_sms(body="Привет")
        self.assertEqual(sms.dental_account_id, self.account)
        self.fake.answer(200, {"id": sms.id, "cnt": 2, "cost": "3.50", "balance": "100.00"})
        self.assertEqual(self.run_queue(), 1)
        self.assertEqual(len(self.fake.requests), 1)
        request = self.fake.requests[0]
        self.assertEqual(request["path"], "/sys/send.php")
        self.assertEqual(request["method"], "POST")
        form = request["form"]
        self.assertEqual(form["login"], "clinic")
        self.assertEqual(form["psw"], "s3cret-pass")
        self.assertEqual(form["phones"], "+79160000001")
        self.assertEqual(form["mes"], "Привет")
        self.assertEqual(form["sender"], "Smile")
        self.assertEqual((form["charset"], form["fmt"], form["cost"]), ("utf-8", "3", "3"))
        self.assertEqual(form["id"], str(sms.id))
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.dental_external_id, str(sms.id))
        self.assertEqual(sms.dental_parts, 2)
        self.assertAlmostEqual(sms.dental_cost, 3.5)
        self.assertFalse(sms.dental_inflight_since)

    def test_api_key_replaces_login(self):
        self.account.api_key = "KEY-123"
        self.new_sms()
        self.fake.answer(200, {"id": 1, "cnt": 1})
        self.run_queue()
        form = self.fake.requests[0]["form"]
        self.assertEqual(form["apikey"], "KEY-123")
        self.assertNotIn("login", form)
        self.assertNotIn("psw", form)

    def test_error_codes(self):
        expected = {
            7: "sms_number_format",
            3: "sms_credit",
            6: "sms_rejected",
            2: "sms_acc",
            8: "sms_invalid_destination",
            1: "sms_server",
        }
        for code, failure_type in expected.items():
            with self.subTest(code=code):
                sms = self.new_sms()
                self.fake.answer(200, {"error": "some words", "error_code": code})
                self.run_queue()
                self.assertEqual(sms.state, "error")
                self.assertEqual(sms.failure_type, failure_type)
                self.assertIn(f"SMS-Center {code}", sms.dental_failure_reason)

    def test_retries_then_success(self):
        sms = self.new_sms()
        self.fake.answer(503, "busy")
        self.fake.answer(429, "slow down")
        self.fake.answer(200, {"id": sms.id, "cnt": 1, "cost": "1.2"})
        self.run_queue()
        self.assertEqual(len(self.fake.requests), 3)
        self.assertEqual(sms.state, "pending")

    def test_gateway_down_keeps_queue(self):
        """After the retries the message goes back to the queue, the rest of the batch is not tried;
        after three runs finding the gateway down the message is in error."""
        first, second = self.new_sms(), self.new_sms(number="+79160000002")
        for _run in range(3):
            for _attempt in range(3):  # 1 call + 2 retries
                self.fake.answer(500, "down")
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.run_queue()
        self.assertEqual(len(self.fake.requests), 3)
        self.assertEqual((first.state, first.dental_attempts), ("outgoing", 1))
        self.assertEqual((second.state, second.dental_attempts), ("outgoing", 0))
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.run_queue()
            self.run_queue()
        self.assertEqual(first.state, "error")
        self.assertEqual(first.failure_type, "sms_server")
        self.assertEqual(second.state, "outgoing")
        self.assertEqual(len(self.fake.requests), 9)

    def test_timeout_then_lookup(self):
        """No answer in time: not retried (it may be sent); the next run asks status.php by our id."""
        self.account.timeout = 0.3
        sms = self.new_sms()
        self.fake.answer(200, {"id": sms.id, "cnt": 1}, delay=1)
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.run_queue()
        self.assertEqual(len(self.fake.requests), 1)
        self.assertEqual(sms.state, "process")
        self.assertTrue(sms.dental_inflight_since)
        # the gateway got it and delivered it
        self.fake.answer(200, {"status": 1, "last_date": "06.12.2026 10:00:00", "err": 0})
        self.run_queue()
        status_request = self.fake.requests[-1]
        self.assertEqual(status_request["path"], "/sys/status.php")
        self.assertEqual(status_request["form"]["id"], str(sms.id))
        self.assertEqual(status_request["form"]["phone"], "+79160000001")
        self.assertEqual(sms.state, "sent")
        self.assertEqual(sms.dental_external_id, str(sms.id))
        self.assertEqual(len(self.fake.requests), 2)  # send, status: nothing sent twice

    def test_timeout_unknown_message_is_sent_again(self):
        self.account.timeout = 0.3
        sms = self.new_sms()
        self.fake.answer(200, {}, delay=1)
        with self.assertLogs("odoo.addons.dental_sms", "WARNING"):
            self.run_queue()
        self.assertEqual(sms.state, "process")
        self.fake.answer(200, {"status": -3})  # status.php: no such message
        self.fake.answer(200, {"id": sms.id, "cnt": 1})
        self.run_queue()
        self.assertEqual([r["path"] for r in self.fake.requests[-2:]], ["/sys/status.php", "/sys/send.php"])
        self.assertEqual(sms.state, "pending")

    def test_poll_statuses(self):
        delivered, failed, waiting = (self.new_sms(number=f"+7916000000{i}") for i in (1, 2, 3))
        for sms in delivered | failed | waiting:
            self.fake.answer(200, {"id": sms.id, "cnt": 1})
        self.run_queue()
        self.fake.answer(
            200,
            [
                {"id": delivered.id, "phone": "79160000001", "status": 1, "err": 0},
                {"id": failed.id, "phone": "79160000002", "status": 22, "err": 1},
                {"id": waiting.id, "phone": "79160000003", "status": -1, "err": 0},
            ],
        )
        self.env["sms.sms"]._dental_poll_status()
        form = self.fake.requests[-1]["form"]
        self.assertEqual(set(form["id"].split(",")), {str(s.id) for s in delivered | failed | waiting})
        self.assertEqual(delivered.state, "sent")
        self.assertEqual((failed.state, failed.failure_type), ("error", "sms_invalid_destination"))
        self.assertEqual(waiting.state, "pending")

    def test_notification_follows_the_message(self):
        """SMS posted on a record: its mail.notification moves like with IAP."""
        self.partner._message_sms("Reminder", partner_ids=self.partner.ids)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.partner.id)])
        notification = self.env["mail.notification"].search([("sms_id_int", "=", sms.id)])
        self.assertEqual(sms.state, "outgoing", "never sent inside the request")
        self.assertEqual(notification.notification_status, "ready")
        self.fake.answer(200, {"id": sms.id, "cnt": 1})
        self.run_queue()
        self.assertEqual(notification.notification_status, "pending")
        self.fake.answer(200, {"status": 20})
        self.env["sms.sms"]._dental_poll_status()
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "sms_not_delivered")
