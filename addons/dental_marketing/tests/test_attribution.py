from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestAttribution(DentalMarketingCommon):
    def _message(self, patient, key, days_ago, campaign=False):
        log = self.env["dental.marketing.message"]._dental_send(
            patient, "campaign", key, body="Promo", campaign=campaign
        )
        log.sent_on = fields.Datetime.now() - timedelta(days=days_ago)
        return log

    def test_visit_and_invoice_within_window(self):
        self.company.dental_attribution_days = 30
        campaign = self.env["dental.marketing.campaign"].create({"name": "Promo", "body": "Promo"})
        log = self._message(self.patient, "campaign:a", 10, campaign)
        self._appointment()  # completed 3 days ago
        self._invoice(5000.0)
        log._dental_attribute()
        self.assertTrue(log.responded)
        self.assertEqual(log.response_date, self.day)
        self.assertEqual(log.revenue, 5000.0)
        self.assertEqual((campaign.sent_count, campaign.responded_count, campaign.revenue), (1, 1, 5000.0))
        self.assertEqual(campaign.efficiency, 100.0)
        self.assertEqual(self.patient.dental_efficiency, 100.0)

    def test_results_do_not_depend_on_who_updates_them(self):
        """ "Update Results" by a coordinator working in one branch computes what the cron computes (every branch's
        visits and invoices), not what that coordinator's branches show."""
        self.company.dental_attribution_days = 30
        # the patient is billed in a sub-branch the coordinator does not work in
        sub_branch = self.env["res.company"].create(
            {"name": "Attribution sub-branch", "parent_id": self.company.id, "country_id": self.company.country_id.id}
        )
        self.env.cr.precommit.run()  # its accounting set-up
        self.assertEqual(self.user_coordinator.company_ids, self.company)
        campaign = self.env["dental.marketing.campaign"].create({"name": "Promo", "body": "Promo"})
        log = self._message(self.patient, "campaign:e", 10, campaign)
        self._invoice(1000.0)
        elsewhere = (
            self.env["account.move"]
            .with_company(sub_branch)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "invoice_date": self.day,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.service_consult.id, "price_unit": 5000.0, "tax_ids": [Command.clear()]}
                        )
                    ],
                }
            )
        )
        elsewhere.action_post()
        self.assertEqual((elsewhere.company_id, elsewhere.dental_patient_id), (sub_branch, self.patient))
        coordinator = self.env(
            user=self.user_coordinator, context=dict(self.env.context, allowed_company_ids=self.company.ids)
        )
        self.assertFalse(coordinator["account.move"].search_count([("id", "=", elsewhere.id)]))
        campaign.with_user(self.user_coordinator).action_attribute()
        self.assertEqual(log.revenue, 6000.0)
        self.assertEqual(campaign.revenue, 6000.0)
        # the cron's run leaves the same figures
        self.env["dental.marketing.message"]._dental_cron_attribute()
        self.assertEqual((log.revenue, campaign.revenue), (6000.0, 6000.0))

    def test_outside_the_window(self):
        self.company.dental_attribution_days = 2
        log = self._message(self.patient, "campaign:b", 10)
        self._appointment()
        log._dental_attribute()
        self.assertFalse(log.responded)
        self.assertEqual(self.patient.dental_efficiency, 0.0)

    def test_last_touch(self):
        """A visit after two messages counts for the latest one only."""
        first = self._message(self.patient, "campaign:c1", 10)
        second = self._message(self.patient, "campaign:c2", 5)
        self._appointment()
        first._dental_attribute()
        self.assertFalse(first.responded)
        self.assertTrue(second.responded)
        self.assertEqual(self.patient.dental_efficiency, 50.0)

    def test_message_before_nothing(self):
        log = self._message(self.patient, "campaign:d", 1)  # after the visit of 3 days ago
        self._appointment()
        self.env["dental.marketing.message"]._dental_cron_attribute()
        self.assertFalse(log.responded)
