from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestClv(DentalMarketingCommon):
    """CLV per patient group on a hand-computed example (issue 23).

    2026, the test branch: group «VIP» with Anna (invoiced 20,000 + 10,000) and Boris (30,000): revenue 60,000,
    2 patients, average 30,000; patients without a group: Vera (invoiced 6,000). Variable costs 40 %, retention
    60 %, discount 10 %. VIP: margin = 30,000 × 0.6 = 18,000; CLV = 18,000 × 0.6 / (1 + 0.1 − 0.6) = 21,600.
    No group: margin 3,600, CLV 4,320. Acquisition: budget 5,000 + campaign cost 4,000 = 9,000 for the 3 primary
    patients of the year = 3,000 each; net CLV VIP = 18,600. Referral share: Boris of 3 = 33.33 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Patient = cls.env["dental.patient"]
        cls.vip = cls.env["dental.patient.group"].create({"name": "VIP"})
        cls.anna = Patient.create({"last_name": "Clv", "first_name": "Anna", "group_id": cls.vip.id})
        cls.boris = Patient.create(
            {"last_name": "Clv", "first_name": "Boris", "group_id": cls.vip.id, "dental_referrer_id": cls.anna.id}
        )
        cls.vera = Patient.create({"last_name": "Clv", "first_name": "Vera"})
        for patient, day in ((cls.anna, date(2026, 3, 2)), (cls.boris, date(2026, 4, 6)), (cls.vera, date(2026, 5, 4))):
            cls._appointment(day=day, patient=patient)
        cls._invoice(20000.0, day=date(2026, 3, 2), patient=cls.anna)
        cls._invoice(10000.0, day=date(2026, 6, 1), patient=cls.anna)
        cls._invoice(30000.0, day=date(2026, 4, 6), patient=cls.boris)
        cls._invoice(6000.0, day=date(2026, 5, 4), patient=cls.vera)
        cls._invoice(99000.0, day=date(2025, 12, 30), patient=cls.vera)  # another year
        cls.env["dental.marketing.budget"].create(
            {"source_id": cls.source.id, "date": date(2026, 2, 1), "amount": 5000.0, "company_id": cls.company.id}
        )
        campaign = cls.env["utm.campaign"].create({"name": "Spring"})
        cls.env["dental.marketing.cost"].create(
            {"campaign_id": campaign.id, "date": date(2026, 3, 1), "amount": 4000.0, "company_id": cls.company.id}
        )

    def _clv(self, **vals):
        return self.env["dental.marketing.clv"].create(
            {"name": "CLV 2026", "year": 2026, "company_id": self.company.id, "variable_cost_rate": 40.0,
             "retention_rate": 60.0, "discount_rate": 10.0, **vals}
        )  # fmt: skip

    def test_formula(self):
        self.assertAlmostEqual(self.env["dental.marketing.clv"]._dental_clv(30000.0, 40.0, 60.0, 10.0), 21600.0)
        self.assertAlmostEqual(self.env["dental.marketing.clv"]._dental_clv(1000.0, 0.0, 50.0, 0.0), 1000.0)

    def test_clv_per_group(self):
        clv = self._clv()
        clv.action_compute()
        lines = {line.group_id: line for line in clv.line_ids}
        vip, other = lines[self.vip], lines[self.env["dental.patient.group"]]
        self.assertEqual((vip.patient_count, vip.new_patient_count), (2, 2))
        self.assertAlmostEqual(vip.revenue, 60000.0)
        self.assertAlmostEqual(vip.average_revenue, 30000.0)
        self.assertAlmostEqual(vip.margin, 18000.0)
        self.assertAlmostEqual(vip.clv, 21600.0)
        self.assertAlmostEqual(vip.clv_net, 18600.0)
        self.assertEqual((other.patient_count, other.new_patient_count), (1, 1))
        self.assertAlmostEqual(other.revenue, 6000.0)
        self.assertAlmostEqual(other.clv, 4320.0)
        self.assertAlmostEqual(clv.acquisition_total, 9000.0)
        self.assertEqual(clv.new_patient_count, 3)
        self.assertAlmostEqual(clv.acquisition_cost, 3000.0)
        self.assertAlmostEqual(clv.referral_share, 33.33, places=2)
        # computing again replaces the lines
        clv.action_compute()
        self.assertEqual(len(clv.line_ids), 2)

    def test_inputs_refused(self):
        for vals in ({"variable_cost_rate": 120.0}, {"retention_rate": -1.0}, {"discount_rate": -5.0},
                     {"retention_rate": 100.0, "discount_rate": 0.0}, {"year": 20}):  # fmt: skip
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self._clv(**vals)
        self.assertFalse(self.env["dental.marketing.clv"].search([("name", "=", "CLV 2026")]))

    def test_empty_year(self):
        clv = self._clv(year=2024)
        clv.action_compute()
        self.assertFalse(clv.line_ids)
        self.assertEqual((clv.new_patient_count, clv.acquisition_cost, clv.referral_share), (0, 0.0, 0.0))
