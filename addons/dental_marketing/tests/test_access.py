from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestAccess(DentalMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_coordinator_2 = cls.user_coordinator.copy({"login": "cash_coordinator_2", "name": "Coordinator 2"})
        cls.mine = cls._lead(name="Mine", user_id=cls.user_coordinator.id)
        cls.theirs = cls._lead(name="Theirs", user_id=cls.user_coordinator_2.id)
        cls.unassigned = cls._lead(name="Unassigned", user_id=False)
        cls.native = cls.env["crm.lead"].create(
            {"name": "Native", "user_id": cls.user_coordinator_2.id, "company_id": cls.company.id}
        )
        cls.campaign = cls.env["dental.marketing.campaign"].create({"name": "Promo", "body": "Promo"})

    def test_coordinator_sees_own_dental_leads(self):
        Lead = self.env["crm.lead"].with_user(self.user_coordinator)
        found = Lead.search([("id", "in", (self.mine | self.theirs | self.unassigned | self.native).ids)])
        self.assertEqual(found, self.mine | self.unassigned | self.native, "native leads keep Odoo's rules")
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.user_coordinator).read(["name"])

    def test_director_sees_every_lead(self):
        Lead = self.env["crm.lead"].with_user(self.user_director)
        found = Lead.search([("id", "in", (self.mine | self.theirs | self.unassigned).ids)])
        self.assertEqual(found, self.mine | self.theirs | self.unassigned)

    def test_marketing_figures_for_directors(self):
        campaign = self.campaign.with_user(self.user_coordinator)
        self.assertEqual(campaign.sent_count, 0)
        for fname in ("revenue", "efficiency", "responded_count"):
            with self.assertRaises(AccessError):
                campaign.read([fname])
        self.campaign.with_user(self.user_director).read(["revenue", "efficiency"])
        with self.assertRaises(AccessError):
            self.patient.with_user(self.user_coordinator).read(["dental_efficiency"])

    def test_channel_token_and_log(self):
        channel = self.env["dental.marketing.channel"].create(
            {"name": "Form", "kind": "tilda", "source_id": self.source.id, "team_id": self.team.id}
        )
        with self.assertRaises(AccessError):
            channel.with_user(self.user_coordinator).read(["token"])
        with self.assertRaises(AccessError):
            channel.with_user(self.user_coordinator).write({"name": "Other"})
        token = channel.token
        with self.assertRaises(AccessError):
            channel.with_user(self.user_coordinator).action_regenerate_token()
        self.assertEqual(channel.token, token)
        channel.with_user(self.user_director).action_regenerate_token()
        self.assertNotEqual(channel.token, token)
        self.assertTrue(channel.with_user(self.user_director).token)
        with self.assertRaises(AccessError):
            self.env["dental.marketing.message"].with_user(self.user_coordinator).create(
                {"patient_id": self.patient.id, "company_id": self.company.id, "kind": "campaign", "key": "x"}
            )

    def test_campaign_of_another_branch(self):
        other = self.env["res.company"].create({"name": "Elsewhere"})
        campaign = self.env["dental.marketing.campaign"].create(
            {"name": "Elsewhere", "body": "Hi", "company_id": other.id}
        )
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_coordinator).read(["name"])
