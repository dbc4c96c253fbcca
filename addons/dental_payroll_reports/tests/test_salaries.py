from datetime import date

from odoo.tests import tagged

from odoo.addons.dental_payroll.tests.common import DentalPayrollCommon

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


@tagged("post_install", "-at_install")
class TestDashboardSalaries(DentalPayrollCommon):
    """November's batch with no procedures: the doctor's net pay is 20,000 + 3,000 bonus = 23,000, the
    colleague's 10,000 (their fixed wages, dental_payroll's figures)."""

    def setUp(self):
        super().setUp()
        self.november = self._batch(NOV_1, NOV_30)

    def _salaries(self, user, date_from=NOV_1, date_to=NOV_30):
        data = self.env["dental.report.dashboard"].with_user(user).get_data(date_from, date_to)
        return {section["key"]: section for section in data["sections"]}.get("salaries")

    def test_net_pay_per_employee(self):
        salaries = self._salaries(self.user_director)
        self.assertTrue(salaries["money"])
        values = {row["label"]: row["value"] for row in salaries["rows"]}
        self.assertEqual(values[self.doctor.display_name], 23000.0)
        self.assertEqual(values[self.colleague.display_name], 10000.0)
        # every figure is its employee's NET lines
        for slip in self.november.slip_ids:
            self.assertEqual(values.get(slip.employee_id.display_name, 0.0), self._line(slip, "NET"))

    def test_an_employee_opens_their_payslips(self):
        salaries = self._salaries(self.user_director)
        row = next(row for row in salaries["rows"] if row["label"] == self.doctor.display_name)
        slips = self.env[row["model"]].with_user(self.user_director).search(row["domain"])
        self.assertEqual(slips, self.november.slip_ids.filtered(lambda slip: slip.employee_id == self.doctor))

    def test_other_period_and_rejected_slips_not_counted(self):
        self.assertEqual(self._salaries(self.user_director, date(2026, 10, 1), date(2026, 10, 31))["rows"], [])
        self.november.slip_ids.filtered(lambda slip: slip.employee_id == self.colleague).action_payslip_cancel()
        labels = [row["label"] for row in self._salaries(self.user_director)["rows"]]
        self.assertNotIn(self.colleague.display_name, labels)

    def test_draft_payslip_not_counted(self):
        """A payslip set back to draft (its lines kept) is no salary: not summed, not opened."""
        slip = self.november.slip_ids.filtered(lambda slip: slip.employee_id == self.colleague)
        slip.action_payslip_draft()
        self.assertEqual(slip.state, "draft")
        self.assertTrue(slip.line_ids)
        rows = self._salaries(self.user_director)["rows"]
        self.assertNotIn(self.colleague.display_name, [row["label"] for row in rows])
        row = next(row for row in rows if row["label"] == self.doctor.display_name)
        self.assertEqual(row["value"], 23000.0)
        self.assertNotIn(slip, self.env[row["model"]].search(row["domain"]))

    def test_refunded_payslip_nets_to_zero(self):
        """OCA's refund copies the payslip with its positive lines: it counts negatively, the doctor's 23,000
        confirmed then refunded is 0, not 46,000."""
        slip = self.november.slip_ids.filtered(lambda slip: slip.employee_id == self.doctor)
        slip.action_payslip_done()
        slip.refund_sheet()
        self.assertTrue(slip.refunded_id.credit_note)
        values = {row["label"]: row["value"] for row in self._salaries(self.user_director)["rows"]}
        self.assertEqual(values[self.doctor.display_name], 0.0)
        self.assertEqual(values[self.colleague.display_name], 10000.0)

    def test_no_salaries_without_payroll_access(self):
        """Pay is the payroll's and the Directors': an accountant without payroll rights sees no salaries."""
        self.assertFalse(self.env["hr.payslip"].with_user(self.user_accountant).has_access("read"))
        self.assertIsNone(self._salaries(self.user_accountant))
