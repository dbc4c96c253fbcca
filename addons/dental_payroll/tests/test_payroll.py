from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DentalPayrollCommon

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)
NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


@tagged("post_install", "-at_install")
class TestDentalPayroll(DentalPayrollCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # October: a filling (lab 1 000, materials 500, assisted), an extraction and an implant, paid on 10.10.
        cls.plan = cls._plan([(cls.service_filling, cls.tooth_36, 1)])
        cls.plan_filling = cls.plan.order_line
        cls._costs(cls.plan_filling, lab=1000.0, material=500.0)
        cls.invoice_oct = cls._procedure_invoice(
            date(2026, 10, 10),
            [
                (cls.service_filling, 10000.0, cls.assistant, cls.plan_filling),
                (cls.service_extraction, 4000.0, None, None),
                (cls.service_implant, 40000.0, None, None),
            ],
        )
        cls._pay(54000.0, mode="pay", invoice=cls.invoice_oct, day=date(2026, 10, 10))
        # The assistant's October shifts: 6.10 two shifts (4 h + 4 h), 7.10 six hours, 8.10 eight hours.
        cls._shift(cls.assistant, date(2026, 10, 6), 9, 13)
        cls._shift(cls.assistant, date(2026, 10, 6), 14, 18)
        cls._shift(cls.assistant, date(2026, 10, 7), 9, 15)
        cls._shift(cls.assistant, date(2026, 10, 8), 9, 17)

    def _slip(self, run, employee):
        return run.slip_ids.filtered(lambda s: s.employee_id == employee)

    def test_doctor_fixed_plus_share_less_costs_per_category(self):
        run = self._batch(OCT_1, OCT_31)
        slip = self._slip(run, self.doctor)
        slip.input_line_ids.filtered(lambda i: i.code == "BONUS").amount = 1000.0
        slip.input_line_ids.filtered(lambda i: i.code == "PENALTY").amount = 500.0
        slip.compute_sheet()
        has_costs = "dental_lab_cost" in self.env["sale.order.line"]._fields
        lab, material = (1000.0, 500.0) if has_costs else (0.0, 0.0)
        # filling (therapy, 30% less lab and materials): (10 000 − 1 000 − 500) × 30% = 2 550
        # extraction (surgery, 25%): 4 000 × 25% = 1 000
        # implant (its own line, 10%, not the surgery's 25%): 40 000 × 10% = 4 000
        share = (10000.0 - lab - material) * 0.30 + 4000.0 * 0.25 + 40000.0 * 0.10
        self.assertAlmostEqual(share, 7550.0 if has_costs else 8000.0)
        self.assertEqual(self._line(slip, "FIX"), 20000.0)
        self.assertAlmostEqual(self._line(slip, "SHARE"), share)
        self.assertEqual(self._line(slip, "BONUS"), 3000.0 + 1000.0)  # permanent + one-off
        self.assertEqual(self._line(slip, "PENALTY"), -500.0)
        self.assertAlmostEqual(self._line(slip, "NET"), 20000.0 + share + 4000.0 - 500.0)
        self.assertEqual(slip.dental_revenue, 54000.0)
        self.assertEqual(slip.dental_lab_cost, lab)
        self.assertEqual(slip.dental_material_cost, material)
        # November: nothing paid yet, the fixed pay and the permanent bonus only
        november = self._batch(NOV_1, NOV_30, "November")
        self.assertEqual(self._line(self._slip(november, self.doctor), "NET"), 23000.0)

    def test_assistant_paid_per_shift_with_assistant_share(self):
        run = self._batch(OCT_1, OCT_31)
        slip = self._slip(run, self.assistant)
        units = {wd.code: (wd.number_of_days, wd.number_of_hours) for wd in slip.worked_days_line_ids}
        self.assertEqual(units["DSHIFT"], (4, 22.0))  # four shifts, 4 + 4 + 6 + 8 hours
        self.assertEqual(units["DDAYS"], (3, 22.0))  # on three days
        # 4 shifts × 2 000 = 8 000; 5% of the filling assisted (no deduction on this line): 500
        self.assertEqual(self._line(slip, "FIX"), 8000.0)
        self.assertEqual(self._line(slip, "SHARE"), 500.0)
        self.assertEqual(self._line(slip, "NET"), 8500.0)
        # the colleague performed nothing: his fixed pay only
        self.assertEqual(self._line(self._slip(run, self.colleague), "NET"), 10000.0)

    def test_day_hour_period_and_remote_pay(self):
        self.contract_assistant.write({"dental_wage_type": "hour", "wage": 500.0})
        run = self._batch(OCT_1, OCT_31)
        self.assertEqual(self._line(self._slip(run, self.assistant), "FIX"), 22 * 500.0)  # 22 hours
        self.contract_assistant.write({"dental_wage_type": "day", "wage": 3000.0})
        run.action_dental_recompute()
        self.assertEqual(self._line(self._slip(run, self.assistant), "FIX"), 3 * 3000.0)  # 3 days
        # A custom period: 14 000 for 14 days, over October's 31 days = 31 000.
        self.contract_colleague.write({"dental_wage_type": "period", "dental_period_days": 14, "wage": 14000.0})
        # Remote staff: days from the working schedule (Mon–Fri), not from shifts. October 2026 starts on a
        # Thursday: 2 + 5 + 5 + 5 + 5 = 22 working days.
        self.contract_assistant.write({"dental_remote": True})
        run.action_dental_recompute()
        self.assertEqual(self._line(self._slip(run, self.colleague), "FIX"), 31000.0)
        slip = self._slip(run, self.assistant)
        self.assertFalse(slip.worked_days_line_ids.filtered(lambda wd: wd.code == "DSHIFT"))
        self.assertEqual(self._line(slip, "FIX"), 22 * 3000.0)
        with self.assertRaises(ValidationError):
            self.contract_colleague.dental_period_days = 0

    def test_refund_next_month_reverses_the_share_there(self):
        # Rolled back today (18.11): the payment leaves the invoice, the share goes back in November.
        self.invoice_oct.action_dental_rollback()
        october = self._batch(OCT_1, OCT_31)
        november = self._batch(NOV_1, NOV_30, "November")
        has_costs = "dental_lab_cost" in self.env["sale.order.line"]._fields
        share = 7550.0 if has_costs else 8000.0
        self.assertAlmostEqual(self._line(self._slip(october, self.doctor), "SHARE"), share)  # October unchanged
        self.assertAlmostEqual(self._line(self._slip(november, self.doctor), "SHARE"), -share)
        self.assertAlmostEqual(self._line(self._slip(november, self.doctor), "NET"), 23000.0 - share)
        self.assertEqual(self._line(self._slip(november, self.assistant), "SHARE"), -500.0)

    def test_late_payment_counts_when_paid_and_recomputes_the_batch(self):
        invoice = self._procedure_invoice(date(2026, 10, 25), [(self.service_extraction, 8000.0, None, None)])
        october = self._batch(OCT_1, OCT_31)
        november = self._batch(NOV_1, NOV_30, "November")
        slip = self._slip(november, self.doctor)
        self.assertEqual(self._line(slip, "SHARE"), 0.0)
        # half paid on 17.11, the rest on 18.11: both in November, at 25%
        self._pay(4000.0, mode="pay", invoice=invoice, day=date(2026, 11, 17))
        self._pay(4000.0, mode="pay", invoice=invoice, day=date(2026, 11, 18))
        november.action_dental_recompute()
        self.assertEqual(self._line(slip, "SHARE"), 8000.0 * 0.25)
        self.assertEqual(self._line(slip, "NET"), 20000.0 + 3000.0 + 2000.0)
        self.assertEqual(slip.dental_revenue, 8000.0)
        # October keeps only what was paid in October (the invoice of 10.10)
        october.action_dental_recompute()
        self.assertEqual(self._slip(october, self.doctor).dental_revenue, 54000.0)

    def test_posting_a_payslip_makes_its_journal_entry(self):
        run = self._batch(OCT_1, OCT_31)
        slip = self._slip(run, self.assistant)
        slip.action_payslip_done()
        self.assertEqual(slip.state, "done")
        move = slip.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.journal)
        self.assertEqual(move.date, OCT_31)
        expense = move.line_ids.filtered(lambda ml: ml.account_id == self.expense_account)
        payable = move.line_ids.filtered(lambda ml: ml.account_id == self.payable_account)
        self.assertEqual(sum(expense.mapped("debit")), 8500.0)  # 8 000 shifts + 500 share
        self.assertEqual(sum(payable.mapped("credit")), 8500.0)  # the net pay owed
        self.assertEqual(sum(move.line_ids.mapped("balance")), 0.0)

    def test_share_rule_names_a_service_or_a_category(self):
        with self.assertRaises(ValidationError):
            self.contract_colleague.dental_share_rule_ids = [Command.create({"percent": 10.0})]
        with self.assertRaises(ValidationError):
            self.contract_colleague.dental_share_rule_ids = [
                Command.create({"categ_id": self.categ_surgery.id, "percent": 120.0})
            ]

    def test_staff_schedule_report(self):
        rows = self.env["dental.staff.schedule"].search([("employee_id", "=", self.assistant.id)])
        self.assertEqual(len(rows), 4)
        self.assertEqual(sorted(set(rows.mapped("date"))), [date(2026, 10, 6), date(2026, 10, 7), date(2026, 10, 8)])
        self.assertAlmostEqual(sum(rows.mapped("hours")), 22.0)
        groups = self.env["dental.staff.schedule"]._read_group(
            [("employee_id", "=", self.assistant.id)], ["company_id"], ["hours:sum", "shift_count:sum"]
        )
        self.assertEqual(groups, [(self.company, 22.0, 4)])
