from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabLate(DentalLabCommon):
    """Late work: flagged by the daily cron (and on any stage change), the doctor gets an activity."""

    def test_cron_flags_late_work_and_gives_the_doctor_an_activity(self):
        with freeze_time("2026-04-01 08:00:00"):
            order = self._order(due_date="2026-04-05")
            order.action_send()
            self.assertFalse(order.is_late)
        with freeze_time("2026-04-05 20:00:00"):
            self.env["dental.lab.order"]._cron_dental_refresh_late()
            self.assertFalse(order.is_late, "due today is not late")
        with freeze_time("2026-04-06 20:00:00"):
            self.env["dental.lab.order"]._cron_dental_refresh_late()
            self.assertTrue(order.is_late)
            activity = order.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.user_doctor)
            self.assertIn("late", activity.summary)
            # the next day: no second activity
            self.env["dental.lab.order"]._cron_dental_refresh_late()
            self.assertEqual(len(order.activity_ids), 1)
            self.assertEqual(self.env["dental.lab.order"].search([("is_late", "=", True)]) & order, order)
            # the summary table sums the late orders per lab
            summary = self.env["dental.lab.order"].read_group(
                [("id", "=", order.id)], ["late_count:sum", "amount_ordered:sum"], ["lab_id"], lazy=False
            )
            self.assertEqual(summary[0]["late_count"], 1)
            self.assertEqual(summary[0]["amount_ordered"], 5000.0)
            self.assertEqual(summary[0]["__count"], 1)
        with freeze_time("2026-04-07 10:00:00"):
            order.action_start()
            self.assertTrue(order.is_late, "still at the lab")
            order.action_fitting()
            self.assertFalse(order.is_late, "delivered for fitting")

    def test_due_date_moved_later_clears_the_flag(self):
        with freeze_time("2026-04-10 08:00:00"):
            order = self._order(due_date="2026-04-05")
            order.action_send()
            self.assertTrue(order.is_late)
            order.due_date = fields.Date.to_date("2026-04-20")
            self.assertFalse(order.is_late)

    def test_draft_and_done_orders_are_never_late(self):
        with freeze_time("2026-04-10 08:00:00"):
            draft = self._order(due_date="2026-04-01")
            self.env["dental.lab.order"]._cron_dental_refresh_late()
            self.assertFalse(draft.is_late)
