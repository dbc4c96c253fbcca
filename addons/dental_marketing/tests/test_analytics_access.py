from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalMarketingCommon

MONEY_MODELS = ("dental.marketing.budget", "dental.marketing.cost", "dental.marketing.clv")


@tagged("post_install", "-at_install")
class TestAnalyticsAccess(DentalMarketingCommon):
    """Marketing money (budgets, costs, analytics, CLV, LTV): Directors change it, coordinators read it, no other
    role reaches it; every record stays in its branch (issue 23)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["utm.campaign"].create({"name": "Access campaign"})
        cls.budget = cls.env["dental.marketing.budget"].create(
            {"source_id": cls.source.id, "date": date(2026, 10, 1), "amount": 100.0, "company_id": cls.company.id}
        )
        cls.cost = cls.env["dental.marketing.cost"].create(
            {"campaign_id": cls.campaign.id, "date": date(2026, 10, 2), "amount": 50.0, "company_id": cls.company.id}
        )
        cls.clv = cls.env["dental.marketing.clv"].create({"name": "Access CLV", "company_id": cls.company.id})
        cls.vals = {
            "dental.marketing.budget": {"source_id": cls.source.id, "date": "2026-09-01", "amount": 1.0},
            "dental.marketing.cost": {"campaign_id": cls.campaign.id, "date": "2026-09-01", "amount": 1.0},
            "dental.marketing.clv": {"name": "Another CLV"},
        }
        cls.records = {"dental.marketing.budget": cls.budget, "dental.marketing.cost": cls.cost,
                       "dental.marketing.clv": cls.clv}  # fmt: skip
        # another branch's budget, made by the head clinic
        cls.other_budget = cls.env["dental.marketing.budget"].sudo().create(
            {"source_id": cls.source.id, "date": date(2026, 10, 1), "amount": 999.0,
             "company_id": cls.env.ref("base.main_company").id}
        )  # fmt: skip

    def test_director_changes_marketing_money(self):
        for model in MONEY_MODELS:
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.user_director)
                record = Model.create(dict(self.vals[model], company_id=self.company.id))
                record.write({"amount": 2.0} if "amount" in self.vals[model] else {"retention_rate": 50.0})
                record.unlink()
        self.clv.with_user(self.user_director).action_compute()

    def test_coordinator_reads_but_cannot_change(self):
        for model in MONEY_MODELS:
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.user_coordinator)
                self.assertEqual(Model.search([("id", "=", self.records[model].id)]), self.records[model])
                with self.assertRaises(AccessError):
                    Model.create(dict(self.vals[model], company_id=self.company.id))
                with self.assertRaises(AccessError):
                    self.records[model].with_user(self.user_coordinator).write(
                        {"name": "x"} if model.endswith("clv") else {"amount": 3.0}
                    )
                with self.assertRaises(AccessError):
                    self.records[model].with_user(self.user_coordinator).unlink()
        with self.assertRaises(AccessError):
            self.clv.with_user(self.user_coordinator).action_compute()
        analytics = self.env["dental.marketing.analytics"].with_user(self.user_coordinator)
        self.assertTrue(analytics.search_count([("kind", "=", "budget")]))
        self.patient.with_user(self.user_coordinator).read(["dental_ltv", "dental_revenue"])

    def test_other_roles_refused(self):
        for role in ("registrar", "doctor", "accountant", "senior"):
            user = getattr(self, f"user_{role}")
            for model in (*MONEY_MODELS, "dental.marketing.analytics", "dental.coordinator.pipeline",
                          "dental.marketing.clv.line"):  # fmt: skip
                with self.subTest(role=role, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
            for model in MONEY_MODELS:
                with self.subTest(role=role, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).create(dict(self.vals[model], company_id=self.company.id))
            with self.subTest(role=role, field="dental_ltv"), self.assertRaises(AccessError):
                self.patient.with_user(user).read(["dental_ltv"])

    def test_branch_rule(self):
        Budget = self.env["dental.marketing.budget"].with_user(self.user_director)
        self.assertEqual(Budget.search([("source_id", "=", self.source.id)]), self.budget)
        with self.assertRaises(AccessError):
            self.other_budget.with_user(self.user_director).read(["amount"])
        groups = (
            self.env["dental.marketing.analytics"]
            .with_user(self.user_director)
            .read_group([("kind", "=", "budget"), ("source_id", "=", self.source.id)], ["budget"], [])
        )
        self.assertEqual(groups[0]["budget"], 100.0)

    def test_first_visit_date_is_set_by_the_server_only(self):
        """The registrar edits cards, not their acquisition month: the first visit comes from a completed visit."""
        patient = self.env["dental.patient"].create({"last_name": "Rpc", "first_name": "Rita"})
        Patient = self.env["dental.patient"].with_user(self.user_registrar)
        card = patient.with_user(self.user_registrar)
        card.write({"phone": "+7 916 123-45-67"})  # the card itself stays editable
        for user in (self.user_registrar, self.user_coordinator, self.user_director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                patient.with_user(user).write({"dental_first_visit_date": "2026-10-01"})
        with self.assertRaises(AccessError):
            Patient.create({"last_name": "Rpc", "first_name": "Roman", "dental_first_visit_date": "2026-10-01"})
        with self.assertRaises(AccessError):
            Patient.with_context(default_dental_first_visit_date="2026-10-01").create(
                {"last_name": "Rpc", "first_name": "Roza"}
            )
        self.assertFalse(patient.dental_first_visit_date)
        # the doctor completing the visit (no right on the field) sets it, on the visit's local day
        event = self._appointment(day=date(2026, 11, 10), patient=patient, complete=False)
        event.with_user(self.user_doctor).action_dental_complete()
        self.assertEqual(patient.dental_first_visit_date, date(2026, 11, 10))
        # resending the value a client read changes nothing and is accepted
        card.write({"dental_first_visit_date": "2026-11-10", "phone": "+7 916 123-45-68"})
