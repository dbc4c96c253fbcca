from odoo.tests import tagged

from odoo.addons.dental_marketing.tests.common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestDashboardFunnel(DentalMarketingCommon):
    """Leads created today in the branch: 2 new, 1 thinking; one of another branch and one archived (lost) lead
    are not counted. The funnel of today: New 2, Thinking 1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leads_new = cls._lead(name="Lead 1") | cls._lead(name="Lead 2")
        cls.lead_thinking = cls._lead(name="Lead 3", stage_id=cls.stage_thinking.id)
        cls.leads_new.stage_id = cls.stage_new
        other = cls.env["res.company"].create({"name": "Funnel Other Branch"})
        cls._lead(name="Other branch", company_id=other.id, stage_id=cls.stage_new.id)
        cls._lead(name="Lost", stage_id=cls.stage_new.id).action_archive()
        cls.env.flush_all()

    def _funnel(self, user):
        # the day the leads were created, by the database's clock (the tests' today is frozen)
        day = self.leads_new[0].create_date.date()
        data = self.env["dental.report.dashboard"].with_user(user).get_data(day, day)
        return {section["key"]: section for section in data["sections"]}.get("funnel")

    def test_funnel_counts_the_leads_per_stage(self):
        funnel = self._funnel(self.user_director)
        self.assertTrue(funnel)
        counts = {row["label"]: row["value"] for row in funnel["rows"]}
        self.assertEqual(counts, {self.stage_new.display_name: 2, self.stage_thinking.display_name: 1})

    def test_a_stage_opens_its_leads(self):
        funnel = self._funnel(self.user_director)
        row = next(row for row in funnel["rows"] if row["label"] == self.stage_new.display_name)
        leads = self.env[row["model"]].with_user(self.user_director).search(row["domain"])
        self.assertEqual(leads, self.leads_new)

    def test_no_funnel_without_the_leads(self):
        """A user who may not read leads gets no funnel (and the rest of the dashboard)."""
        user = self.user_accountant
        self.assertFalse(self.env["crm.lead"].with_user(user).has_access("read"))
        self.assertIsNone(self._funnel(user))
