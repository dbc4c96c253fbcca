from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestChannelAnalytics(DentalMarketingCommon):
    """Channel budgets, campaign costs, CPA, ROI, referral share and LTV on a hand-computed example (issue 23).

    October 2026, the test branch, channel «Test website» with a budget of 10,000:
    - Anna (first visit 5 October, invoiced 3,000) and Boris (first visit 6 October, invoiced 5,000 then refunded
      1,000: 4,000), both from the campaign «Implants» (costs 4,000 + 2,000 = 6,000); Boris referred by Anna;
    - Vera: first visit 3 November, channel «Test website» too, no campaign, not invoiced.
    By hand: cost per patient (October) = 10,000 / 2 = 5,000; acquisition cost = 6,000 / 2 = 3,000; revenue
    3,000 + 4,000 = 7,000, average 3,500; profit 7,000 − 6,000 = 1,000; ROI = 100 × 1,000 / 6,000 = 16.67 %;
    referral share = 1 / 2 = 50 %; LTV: Anna 3,000 − 5,000 = −2,000, Boris 4,000 − 5,000 = −1,000.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Patient = cls.env["dental.patient"]
        cls.campaign = cls.env["utm.campaign"].create({"name": "Implants"})
        cls.anna = Patient.create(
            {"last_name": "Acquired", "first_name": "Anna", "source_id": cls.source.id,
             "dental_campaign_id": cls.campaign.id}
        )  # fmt: skip
        cls.boris = Patient.create(
            {"last_name": "Acquired", "first_name": "Boris", "source_id": cls.source.id,
             "dental_campaign_id": cls.campaign.id, "dental_referrer_id": cls.anna.id}
        )  # fmt: skip
        cls.vera = Patient.create({"last_name": "Acquired", "first_name": "Vera", "source_id": cls.source.id})
        cls._appointment(day=date(2026, 10, 5), patient=cls.anna)
        cls._appointment(day=date(2026, 10, 20), patient=cls.anna)
        cls._appointment(day=date(2026, 10, 6), patient=cls.boris)
        cls._appointment(day=date(2026, 11, 3), patient=cls.vera)
        cls._invoice(3000.0, day=date(2026, 10, 5), patient=cls.anna)
        invoice = cls._invoice(5000.0, day=date(2026, 10, 6), patient=cls.boris)
        refund = invoice._reverse_moves([{"invoice_date": date(2026, 10, 7)}])
        refund.invoice_line_ids.price_unit = 1000.0
        refund.action_post()
        cls.env["dental.marketing.budget"].create(
            {"source_id": cls.source.id, "date": date(2026, 10, 15), "amount": 10000.0, "company_id": cls.company.id}
        )
        Cost = cls.env["dental.marketing.cost"]
        for day, amount in ((date(2026, 10, 1), 4000.0), (date(2026, 10, 20), 2000.0)):
            Cost.create({"campaign_id": cls.campaign.id, "date": day, "amount": amount, "company_id": cls.company.id})
        cls.october = [("company_id", "=", cls.company.id), ("date", ">=", "2026-10-01"), ("date", "<=", "2026-10-31")]

    def test_first_visit_dates_the_acquisition(self):
        self.assertEqual(self.anna.dental_first_visit_date, date(2026, 10, 5))  # not the later visit
        self.assertEqual(self.vera.dental_first_visit_date, date(2026, 11, 3))
        self.assertFalse(self.patient_2.dental_first_visit_date)

    def test_budget_is_monthly_and_positive(self):
        budget = self.env["dental.marketing.budget"].search([("source_id", "=", self.source.id)])
        self.assertEqual(budget.date, date(2026, 10, 1))
        with self.assertRaises(ValidationError):
            budget.amount = -1.0

    def test_channel_cost_per_patient(self):
        groups = self.env["dental.marketing.analytics"].read_group(
            self.october, ["budget:sum", "patient_count:sum", "cost_per_patient:avg"], ["source_id"]
        )
        [group] = [group for group in groups if group["source_id"] and group["source_id"][0] == self.source.id]
        self.assertEqual((group["budget"], group["patient_count"]), (10000.0, 2))
        self.assertAlmostEqual(group["cost_per_patient"], 5000.0)

    def test_campaign_acquisition_cost_revenue_profit_roi(self):
        groups = self.env["dental.marketing.analytics"].read_group(
            self.october,
            ["cost", "patient_count", "acquisition_cost", "average_revenue", "revenue", "profit", "roi"],
            ["campaign_id"],
        )
        [group] = [group for group in groups if group["campaign_id"] and group["campaign_id"][0] == self.campaign.id]
        self.assertEqual((group["cost"], group["patient_count"]), (6000.0, 2))
        self.assertAlmostEqual(group["acquisition_cost"], 3000.0)
        self.assertAlmostEqual(group["revenue"], 7000.0)
        self.assertAlmostEqual(group["average_revenue"], 3500.0)
        self.assertAlmostEqual(group["profit"], 1000.0)
        self.assertAlmostEqual(group["roi"], 16.67)

    def test_referral_share_and_comparison_by_month(self):
        months = self.env["dental.marketing.analytics"].read_group(
            [("company_id", "=", self.company.id), ("date", ">=", "2026-10-01")],
            ["patient_count", "referral_share"],
            ["date:month"],
        )
        figures = {
            group["__range"]["date:month"]["from"]: (group["patient_count"], group["referral_share"])
            for group in months
        }
        self.assertEqual(figures, {"2026-10-01": (2, 50.0), "2026-11-01": (1, 0.0)})

    def test_ltv_is_revenue_less_acquisition_cost(self):
        (self.anna | self.boris | self.vera).invalidate_recordset()
        self.assertAlmostEqual(self.anna.dental_revenue, 3000.0)
        self.assertAlmostEqual(self.anna.dental_acquisition_cost, 5000.0)
        self.assertAlmostEqual(self.anna.dental_ltv, -2000.0)
        self.assertAlmostEqual(self.boris.dental_ltv, -1000.0)
        # November: no budget, so no acquisition cost
        self.assertAlmostEqual(self.vera.dental_ltv, 0.0)

    def test_campaign_of_the_first_lead_when_the_card_has_none(self):
        other = self.env["utm.campaign"].create({"name": "Braces"})
        self._lead(dental_patient_id=self.vera.id, campaign_id=other.id)
        groups = self.env["dental.marketing.analytics"].read_group(
            [("patient_id", "=", self.vera.id)], ["patient_count"], ["campaign_id"]
        )
        self.assertEqual([group["campaign_id"][0] for group in groups], [other.id])

    def test_a_patient_cannot_refer_themselves(self):
        with self.assertRaises(ValidationError):
            self.anna.dental_referrer_id = self.anna
