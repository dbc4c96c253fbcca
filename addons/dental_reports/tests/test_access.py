from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalReportsCommon

MONEY_REPORTS = ("dental.report.payment", "dental.report.receipt", "dental.report.debt", "dental.ebitda")
OWN_REPORTS = ("dental.report.service", "dental.report.doctor", "dental.report.appointment", "dental.report.chair")


@tagged("post_install", "-at_install")
class TestReportAccess(DentalReportsCommon):
    def test_doctor_reads_own_figures_only(self):
        """Dr. Zubova (user_doctor) sees her 45,000 and none of Dr. Lebedev's rows, through every read path."""
        env = self.env(user=self.user_doctor)
        Service = env["dental.report.service"]
        [[amount]] = Service._read_group(self._period(), [], ["amount:sum"])
        self.assertEqual(amount, 45000.0)
        self.assertEqual(Service.read_group(self._period(), ["amount:sum"], [])[0]["amount"], 45000.0)
        self.assertFalse(Service.search_read([("doctor_id", "=", self.doctor_2.id)], ["amount"]))
        self.assertEqual(set(Service.search(self._period()).mapped("doctor_id")), {self.doctor})
        colleague_rows = self.env["dental.report.service"].search([("doctor_id", "=", self.doctor_2.id)])
        with self.assertRaises(AccessError):
            colleague_rows.with_user(self.user_doctor).read(["amount"])
        Doctor = env["dental.report.doctor"]
        self.assertEqual(Doctor.search([]).doctor_id, self.doctor)
        self.assertFalse(Doctor.search_count([("doctor_id", "=", self.doctor_2.id)]))

    def test_doctor_reads_no_money_report(self):
        env = self.env(user=self.user_doctor)
        for model in MONEY_REPORTS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                env[model].search_read([], ["id"])
            with self.subTest(model=model), self.assertRaises(AccessError):
                env[model].read_group([], ["__count"], [])
        with self.assertRaises(AccessError):
            env["dental.report.dashboard"].get_data(self.day, self.day)

    def test_front_desk_reads_no_report(self):
        env = self.env(user=self.user_registrar)
        for model in MONEY_REPORTS + OWN_REPORTS + ("dental.report.patient", "dental.service.budget"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                env[model].search_read([], ["id"])

    def test_directors_and_accountants_read_every_figure(self):
        for user in (self.user_director, self.user_accountant):
            env = self.env(user=user)
            with self.subTest(user=user.login):
                [[amount]] = env["dental.report.service"]._read_group(self._period(), [], ["amount:sum"])
                self.assertEqual(amount, 45500.0)
                [[received]] = env["dental.report.payment"]._read_group(self._period(), [], ["amount:sum"])
                self.assertEqual(received, 7000.0)
                self.assertEqual(env["dental.report.doctor"].search_count([("company_id", "=", self.company.id)]), 2)

    def test_other_branch_hidden(self):
        """A Director of another branch sees none of this branch's rows."""
        other = self.env["res.company"].create({"name": "Reports Other Branch"})
        director = self.user_director.copy(
            {"login": "reports_other_director", "company_id": other.id, "company_ids": [(6, 0, [other.id])]}
        )
        env = self.env(user=director, context=dict(self.env.context, allowed_company_ids=[other.id]))
        for model in MONEY_REPORTS[:3] + OWN_REPORTS:
            with self.subTest(model=model):
                self.assertFalse(env[model].search_count([("company_id", "=", self.company.id)]))

    def test_directors_and_accountants_compute_ebitda_and_budgets(self):
        for user in (self.user_director, self.user_accountant):
            env = self.env(user=user)
            with self.subTest(user=user.login):
                snapshot = env["dental.ebitda"].create(
                    {"company_id": self.company.id, "date_from": self.day, "date_to": self.day, "salaries": 1000.0}
                )
                self.assertEqual((snapshot.income, snapshot.profit), (46000.0, 45000.0))
                budget = env["dental.service.budget"].create({"name": "Aligners", "price": 100.0, "monthly_volume": 1})
                self.assertEqual(budget.monthly_profit, 100.0)
        for user in (self.user_doctor, self.user_registrar):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env(user=user)["dental.ebitda"].create(
                    {"company_id": self.company.id, "date_from": self.day, "date_to": self.day}
                )
