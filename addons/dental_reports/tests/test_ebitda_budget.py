from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DentalReportsCommon


@tagged("post_install", "-at_install")
class TestEbitdaBudget(DentalReportsCommon):
    def test_ebitda_seed_formulas(self):
        """Income 45,500, card 4,000 at 2% acquiring (80), cash-desk expense 1,200, salaries 10,000.
        Profit 35,500; EBITDA 35,500 − 80 − 1,200 − 1,000 − 5,000 − 500 − 2,000 − 700 = 25,020;
        final profit 25,020 − 3,000 − 1,500 − 2,000 = 18,520; average 78.02%, final 40.70%."""
        operation = self.env["dental.cash.operation"].create(
            {
                "kind": "expense",
                "company_id": self.company.id,
                "category_id": self.env.ref("dental_cash.category_office").id,
                "amount": 1200.0,
                "description": "Paper",
                "date": self.day,
            }
        )
        operation.action_post()
        snapshot = self.env["dental.ebitda"].create(
            {
                "company_id": self.company.id,
                "date_from": self.day.replace(day=1) if self.day.day > 1 else self.day,
                "date_to": self.day,
                "acquiring_pct": 2.0,
                "salaries": 10000.0,
                "extra_pay": 1000.0,
                "rent": 5000.0,
                "bonus": 500.0,
                "marketing": 2000.0,
                "depreciation": 700.0,
                "profit_tax": 3000.0,
                "credit": 1500.0,
                "insurance_contributions": 2000.0,
            }
        )
        self.assertEqual((snapshot.income, snapshot.card_receipts, snapshot.cash_expenses), (45500.0, 4000.0, 1200.0))
        self.assertEqual(snapshot.clinic_expenses, 1200.0)
        self.assertEqual((snapshot.acquiring, snapshot.profit), (80.0, 35500.0))
        self.assertEqual((snapshot.ebitda, snapshot.final_profit), (25020.0, 18520.0))
        self.assertAlmostEqual(snapshot.average_pct, 78.02, 2)
        self.assertAlmostEqual(snapshot.final_pct, 40.70, 2)
        # the snapshot keeps its figures until read again
        self._invoice_lines(self.patient, [(self.service_filling, 1000.0, self.doctor)])
        self.assertEqual(snapshot.income, 45500.0)
        snapshot.action_compute()
        self.assertEqual(snapshot.income, 46500.0)
        self.assertEqual(snapshot.ebitda, 26020.0)

    def test_ebitda_bad_input(self):
        values = {"company_id": self.company.id, "date_from": self.day, "date_to": self.day}
        for bad in ({"acquiring_pct": 120.0}, {"rent": -1.0}, {"date_from": self.today}):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                self.env["dental.ebitda"].create({**values, **bad})

    def test_service_budget(self):
        """Price 40,000 − materials 8,000 − other 2,000 − 25% doctor = 20,000 a service; 10 a month = 200,000;
        an investment of 600,000 pays back in 3 months."""
        budget = self.env["dental.service.budget"].create(
            {
                "name": "Implants",
                "investment": 600000.0,
                "price": 40000.0,
                "material_cost": 8000.0,
                "other_cost": 2000.0,
                "doctor_pct": 25.0,
                "monthly_volume": 10,
            }
        )
        self.assertEqual((budget.margin, budget.monthly_profit, budget.yearly_profit), (20000.0, 200000.0, 2400000.0))
        self.assertEqual(budget.payback_months, 3.0)
        budget.price = 10000.0
        self.assertFalse(budget.pays_back)
        self.assertEqual(budget.payback_months, 0.0)
        for bad in ({"doctor_pct": 101.0}, {"price": -1.0}, {"monthly_volume": -2}):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                budget.write(bad)
