from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestAccessEmailCampaigns(DentalMarketingCommon):
    """E-mail campaigns, their log and results per role (the lowest roles first)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("dental_marketing.mail_template_campaign")
        cls.campaign = cls.env["dental.marketing.campaign"].create(
            {"name": "Mail", "channel": "email", "mail_template_id": cls.template.id}
        )

    def test_doctor_registrar_have_no_campaigns(self):
        for user in (self.user_doctor, self.user_registrar):
            Campaign = self.env["dental.marketing.campaign"].with_user(user)
            with self.assertRaises(AccessError):
                Campaign.create({"name": "X", "channel": "email", "mail_template_id": self.template.id})
            with self.assertRaises(AccessError):
                self.campaign.with_user(user).read(["email_sent_count"])
            with self.assertRaises(AccessError):
                self.campaign.with_user(user).write({"name": "Y"})
            with self.assertRaises(AccessError):
                self.campaign.with_user(user).unlink()

    def test_coordinator_sends_but_neither_deletes_nor_writes_the_log(self):
        campaign = (
            self.env["dental.marketing.campaign"]
            .with_user(self.user_coordinator)
            .create({"name": "Coordinator's", "channel": "email", "mail_template_id": self.template.id})
        )
        campaign.read(["email_sent_count", "email_failed_count", "email_bounced_count", "email_queued_count"])
        with self.assertRaises(AccessError):
            campaign.unlink()
        with self.assertRaises(AccessError):
            self.env["dental.marketing.message"].with_user(self.user_coordinator).create(
                {
                    "patient_id": self.patient.id,
                    "company_id": self.company.id,
                    "kind": "campaign",
                    "channel": "email",
                    "key": "x",
                }
            )
        self.campaign.with_user(self.user_director).unlink()
