import time
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.sms.tools.sms_api import SmsApi

from .common import DentalSmsCommon


@tagged("post_install", "-at_install")
class TestSmsQueue(DentalSmsCommon):
    provider = "smsc"

    def test_send_only_wakes_the_cron(self):
        cron = self.env.ref("dental_sms.ir_cron_dental_sms_queue")
        sms = self.new_sms()
        with patch.object(SmsApi, "_send_sms_batch") as iap:
            sms.send()
        iap.assert_not_called()
        self.assertFalse(self.fake.requests, "nothing is sent inside the request")
        self.assertEqual(sms.state, "outgoing")
        self.assertTrue(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]))

    def test_without_account_stays_native(self):
        branch = self.env["res.company"].create({"name": "No gateway", "parent_id": False})
        sms = self.new_sms().with_company(branch)
        native = self.env["sms.sms"].with_company(branch).create({"number": "+79160000009", "body": "IAP"})
        self.assertFalse(native.dental_account_id)
        self.assertTrue(sms.dental_account_id)
        with patch.object(SmsApi, "_send_sms_batch", return_value=[{"uuid": native.uuid, "state": "success"}]) as iap:
            (native | sms).send(unlink_sent=False)
        iap.assert_called_once()
        self.assertEqual([n["uuid"] for n in iap.call_args.args[0][0]["numbers"]], [native.uuid])
        self.assertEqual(native.state, "pending")
        self.assertEqual(sms.state, "outgoing")

    def test_account_of_the_record_branch(self):
        """A message posted on a branch's record leaves through that branch's account; a sub-branch
        without its own account uses its parent's."""
        branch = self.env["res.company"].create({"name": "South", "parent_id": self.company.id})
        sub_branch = self.env["res.company"].create({"name": "South-2", "parent_id": branch.id})
        south_account = self.env["dental.sms.account"].create(
            {"name": "South gateway", "company_id": branch.id, "provider": "smsc", "endpoint_url": self.fake.url}
        )
        for company, account in ((branch, south_account), (sub_branch, south_account), (self.company, self.account)):
            with self.subTest(company=company.name):
                partner = self.env["res.partner"].create(
                    {"name": f"Patient of {company.name}", "mobile": "+79160000005", "company_id": company.id}
                )
                partner._message_sms("Hello", partner_ids=partner.ids)
                sms = self.env["sms.sms"].search([("partner_id", "=", partner.id)])
                self.assertEqual(sms.dental_account_id, account)

    def test_one_active_account_per_company(self):
        with self.assertRaises(ValidationError):
            self.env["dental.sms.account"].create(
                {"name": "Second", "company_id": self.company.id, "provider": "beeline"}
            )

    def test_rate_limit(self):
        self.account.rate_limit = 20  # one message every 50 ms
        for i in range(5):
            self.new_sms(number=f"+7916000001{i}")
            self.fake.answer(200, {"id": i, "cnt": 1})
        start = time.monotonic()
        self.assertEqual(self.run_queue(), 5)
        self.assertGreaterEqual(time.monotonic() - start, 0.2)

    def test_batches(self):
        self.account.batch_size = 2
        messages = self.env["sms.sms"]
        for i in range(5):
            messages |= self.new_sms(number=f"+7916000002{i}")
            self.fake.answer(200, {"id": i, "cnt": 1})
        self.assertEqual(self.run_queue(), 5)
        self.assertEqual(set(messages.mapped("state")), {"pending"})
        self.assertEqual(len(self.fake.requests), 5)

    def test_parallel_calls(self):
        """Up to ``concurrency`` calls at once, every message sent once and answered."""
        self.account.write({"concurrency": 4, "batch_size": 6})
        messages = self.env["sms.sms"]
        for i in range(10):
            messages |= self.new_sms(number=f"+7916000003{i}")
            self.fake.answer(200, {"cnt": 1}, delay=0.2)
        self.assertEqual(self.run_queue(), 10)
        self.assertEqual(self.fake.max_parallel, 4)
        self.assertEqual(sorted(r["form"]["id"] for r in self.fake.requests), sorted(str(i) for i in messages.ids))
        self.assertEqual(set(messages.mapped("state")), {"pending"})
        self.assertEqual(sorted(messages.mapped("dental_external_id")), sorted(str(i) for i in messages.ids))

    def test_missing_number(self):
        sms = self.new_sms(number=False)
        self.run_queue()
        self.assertFalse(self.fake.requests)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_missing"))

    def test_restart_claimed_but_not_sent(self):
        """A batch claimed by a run that stopped before calling the gateway goes back to the queue."""
        sms = self.new_sms()
        sms.state = "process"  # claimed, never stamped in flight
        self.fake.answer(200, {"id": sms.id, "cnt": 1})
        self.run_queue()
        self.assertEqual(len(self.fake.requests), 1)
        self.assertEqual(self.fake.requests[0]["path"], "/sys/send.php")
        self.assertEqual(sms.state, "pending")

    def test_restart_in_flight_without_lookup(self):
        """A gateway that cannot tell what it received (Twilio, Beeline): never sent a second time,
        set in error for a person to check."""
        self.account.provider = "beeline"
        sms = self.new_sms()
        sms.write({"state": "process", "dental_inflight_since": fields.Datetime.now()})
        self.run_queue()
        self.assertFalse(self.fake.requests)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertIn("may have sent", sms.dental_failure_reason)
        sms.action_set_outgoing()  # the person checked: send it
        self.assertEqual(sms.state, "outgoing")

    def test_archived_account_holds_its_queue(self):
        sms = self.new_sms()
        self.account.active = False
        with patch.object(SmsApi, "_send_sms_batch") as iap:
            sms.send()
            self.run_queue()
        iap.assert_not_called()
        self.assertFalse(self.fake.requests)
        self.assertEqual(sms.state, "outgoing")

    def test_credentials_never_logged(self):
        self.new_sms()
        for _attempt in range(3):
            self.fake.answer(500, "down")
        with self.assertLogs("odoo.addons.dental_sms", level="INFO") as logs:
            self.run_queue()
        self.assertTrue(logs.output)
        self.assertFalse([line for line in logs.output if "s3cret" in line or "psw" in line])
