import time
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.sms_sms_quiet_hours import quiet_until
from .common import DentalSmsCommon


@tagged("post_install", "-at_install")
class TestSmsQuietHours(DentalSmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dental_sms_quiet_hours": True, "dental_sms_quiet_start": 21.0, "dental_sms_quiet_end": 9.0})
        cls.company.resource_calendar_id.tz = "Europe/Moscow"  # UTC+3
        cls.cron = cls.env.ref("dental_sms.ir_cron_dental_sms_queue")

    def marketing_sms(self, partner=None, **vals):
        partner = partner or self.partner
        return (
            self.env["sms.sms"]
            .with_context(dental_sms_marketing=True)
            .create({"number": partner.mobile, "body": "Spring offer", "partner_id": partner.id, **vals})
        )

    def test_quiet_until(self):
        self.assertIsNone(quiet_until(datetime(2026, 12, 7, 12, 0), "Europe/Moscow", 21.0, 9.0))
        self.assertEqual(
            quiet_until(datetime(2026, 12, 7, 19, 0), "Europe/Moscow", 21.0, 9.0), datetime(2026, 12, 8, 6, 0)
        )
        self.assertEqual(
            quiet_until(datetime(2026, 12, 7, 3, 0), "Europe/Moscow", 21.0, 9.0), datetime(2026, 12, 7, 6, 0)
        )
        # a window within one day, and none when it starts where it ends
        self.assertEqual(quiet_until(datetime(2026, 12, 7, 10, 30), "UTC", 10.0, 11.5), datetime(2026, 12, 7, 11, 30))
        self.assertIsNone(quiet_until(datetime(2026, 12, 7, 10, 30), "UTC", 10.0, 10.0))

    def test_marketing_held_then_released(self):
        """A marketing SMS queued at 22:00 in Moscow waits in the queue until 09:00, then leaves."""
        self.partner.tz = False  # the branch's time zone
        with freeze_time("2026-12-07 19:00:00"):
            sms = self.marketing_sms()
            self.assertTrue(sms.dental_marketing)
            self.assertEqual(sms.dental_tz, "Europe/Moscow")
            self.assertEqual(self.run_queue(), 0)
            self.assertFalse(self.fake.requests)
            self.assertEqual(sms.state, "outgoing")
            self.assertEqual(sms.dental_hold_until, datetime(2026, 12, 8, 6, 0))
            self.assertTrue(
                self.env["ir.cron.trigger"].search_count(
                    [("cron_id", "=", self.cron.id), ("call_at", "=", datetime(2026, 12, 8, 6, 0))]
                ),
                "the queue is woken when the window opens",
            )
        with freeze_time("2026-12-08 05:59:00"):
            self.assertEqual(self.run_queue(), 0)
            self.assertEqual(sms.state, "outgoing")
        with freeze_time("2026-12-08 06:00:00"):
            self.fake.answer(200, {"id": 1, "cnt": 1})
            self.assertEqual(self.run_queue(), 1)
        self.assertEqual(len(self.fake.requests), 1)
        self.assertEqual(sms.state, "pending")
        self.assertFalse(sms.dental_hold_until)

    def test_patient_time_zone_first(self):
        """The patient's time zone decides, else the branch's."""
        far = self.env["res.partner"].create(
            {"name": "Far patient", "mobile": "+79160000002", "tz": "Asia/Vladivostok"}
        )
        self.partner.tz = False
        with freeze_time("2026-12-07 12:00:00"):  # 15:00 in Moscow, 22:00 in Vladivostok
            far_sms = self.marketing_sms(far)
            near_sms = self.marketing_sms()
            self.fake.answer(200, {"id": 1, "cnt": 1})
            self.assertEqual(self.run_queue(), 1)
        self.assertEqual(far_sms.state, "outgoing")
        self.assertEqual(far_sms.dental_hold_until, datetime(2026, 12, 7, 23, 0))  # 09:00 in Vladivostok
        self.assertEqual(near_sms.state, "pending")

    def test_transactional_not_held(self):
        with freeze_time("2026-12-07 20:00:00"):  # 23:00 in Moscow
            sms = self.new_sms(partner_id=self.partner.id)
            self.assertFalse(sms.dental_marketing)
            self.fake.answer(200, {"id": 1, "cnt": 1})
            self.assertEqual(self.run_queue(), 1)
        self.assertEqual(sms.state, "pending")

    def test_quiet_hours_off(self):
        self.company.dental_sms_quiet_hours = False
        with freeze_time("2026-12-07 20:00:00"):
            sms = self.marketing_sms()
            self.fake.answer(200, {"id": 1, "cnt": 1})
            self.assertEqual(self.run_queue(), 1)
        self.assertEqual(sms.state, "pending")

    def test_mailing_sms_is_marketing(self):
        if "mailing_id" not in self.env["sms.sms"]._fields:
            self.skipTest("mass_mailing_sms is not installed")
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Offer",
                "mailing_type": "sms",
                "body_plaintext": "Offer",
                "mailing_model_id": self.env.ref("base.model_res_partner").id,
            }
        )
        sms = self.new_sms(mailing_id=mailing.id)
        self.assertTrue(sms.dental_marketing)

    def test_invalid_quiet_hours(self):
        with self.assertRaises(ValidationError):
            self.company.dental_sms_quiet_start = 24.5

    def test_rate_limit_shared_by_branches(self):
        """Branches without an account send through their parent's, at the parent's rate altogether."""
        self.account.rate_limit = 20  # one message every 50 ms
        branches = self.env["res.company"].create(
            [{"name": "North", "parent_id": self.company.id}, {"name": "East", "parent_id": self.company.id}]
        )
        for i, branch in enumerate(list(branches) * 3):
            partner = self.env["res.partner"].create(
                {"name": f"Patient {i}", "mobile": f"+7916000002{i}", "company_id": branch.id}
            )
            partner._message_sms("Hello", partner_ids=partner.ids)
            self.fake.answer(200, {"id": i, "cnt": 1})
        sms = self.env["sms.sms"].search([("partner_id.company_id", "in", branches.ids)])
        self.assertEqual(len(sms), 6)
        self.assertEqual(sms.dental_account_id, self.account)
        start = time.monotonic()
        self.assertEqual(self.run_queue(), 6)
        self.assertGreaterEqual(time.monotonic() - start, 0.25, "six messages at 20/s take at least 5 intervals")
