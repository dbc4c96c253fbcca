from odoo.tests import tagged

from .common import DentalReportsCommon


@tagged("post_install", "-at_install")
class TestDashboard(DentalReportsCommon):
    def test_dashboard_figures_and_drill_down(self):
        env = self.env(user=self.user_director)
        data = env["dental.report.dashboard"].get_data(self.day, self.day)
        money = {figure["label"]: figure["value"] for figure in data["money"]}
        self.assertEqual(money, {"Income": 46000.0, "Receipts": 7000.0, "Prepayments": 3000.0, "Debt": 42000.0})
        income = data["money"][0]
        action = env[income["model"]].action_dental_open_source(income["domain"])
        lines = env["account.move.line"].search(action["domain"])
        self.assertEqual(lines.move_id, self.invoice_a | self.invoice_b)
        directions = {row["label"]: row["value"] for row in data["income_by_direction"]}
        self.assertEqual(directions[self.categ_implant.display_name], 40000.0)
        receipts = {row["label"]: row["value"] for row in data["receipts_by_direction"]}
        self.assertAlmostEqual(receipts[self.categ_therapy.display_name], 4000.0 * 5 / 6, 2)
        self.assertEqual([row["value"] for row in data["daily_income"]], [46000.0])
        day = data["daily_income"][0]
        self.assertEqual(env[day["model"]].search_count(day["domain"]), 3)
