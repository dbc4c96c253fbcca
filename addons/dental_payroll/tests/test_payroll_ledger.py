from datetime import date

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DentalPayrollCommon

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)
NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)
DEC_1, DEC_31 = date(2026, 12, 1), date(2026, 12, 31)


@tagged("post_install", "-at_install")
class TestDentalPayrollLedger(DentalPayrollCommon):
    """Late costs carried into a later payslip, the branch's own payslip numbers, the salary summary."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # October: a filling (lab 1 000 as ordered, materials 500, assisted) and an extraction, paid on 10.10.
        cls.plan = cls._plan([(cls.service_filling, cls.tooth_36, 1)])
        cls.plan_filling = cls.plan.order_line
        cls._costs(cls.plan_filling, lab=1000.0, material=500.0)
        cls.invoice_oct = cls._procedure_invoice(
            date(2026, 10, 10),
            [
                (cls.service_filling, 10000.0, cls.assistant, cls.plan_filling),
                (cls.service_extraction, 4000.0, None, None),
            ],
        )
        cls._pay(14000.0, mode="pay", invoice=cls.invoice_oct, day=date(2026, 10, 10))

    def _slip(self, run, employee):
        return run.slip_ids.filtered(lambda s: s.employee_id == employee)

    def _require_costs(self):
        if "dental_lab_cost" not in self.env["sale.order.line"]._fields:
            self.skipTest("dental_lab is not installed: no lab cost to carry")

    def test_late_lab_bill_is_deducted_in_the_next_payslip(self):
        self._require_costs()
        has_material = "dental_material_cost" in self.env["sale.order.line"]._fields
        october = self._batch(OCT_1, OCT_31)
        slip_oct = self._slip(october, self.doctor)
        slip_oct.action_payslip_done()
        # (10 000 − 1 000 − 500) × 30% + 4 000 × 25% = 2 550 + 1 000 = 3 550
        oct_share = (10000.0 - 1000.0 - (500.0 if has_material else 0.0)) * 0.30 + 1000.0
        self.assertAlmostEqual(self._line(slip_oct, "SHARE"), oct_share)
        # The lab's bill arrives in November: 1 600 instead of the 1 000 ordered; the write-off is corrected to 700.
        self._costs(self.plan_filling, lab=1600.0, material=700.0)
        # The confirmed October payslip does not move.
        self.assertEqual(slip_oct.state, "done")
        self.assertAlmostEqual(self._line(slip_oct, "SHARE"), oct_share)
        self.assertEqual(slip_oct.dental_lab_cost, 1000.0)
        # November deducts the difference before the doctor's 30%: (600 + 200) × 30% = 240.
        november = self._batch(NOV_1, NOV_30, "November")
        slip_nov = self._slip(november, self.doctor)
        carried = 600.0 + (200.0 if has_material else 0.0)
        self.assertEqual(slip_nov.dental_revenue, 0.0)
        self.assertEqual(slip_nov.dental_cost_carried, carried)
        self.assertEqual(slip_nov.dental_lab_cost, 600.0)
        self.assertAlmostEqual(self._line(slip_nov, "SHARE"), -carried * 0.30)
        self.assertAlmostEqual(self._line(slip_nov, "NET"), 20000.0 + 3000.0 - carried * 0.30)
        # The assistant's 5% is not reduced by costs (no deduction on that line): nothing carried for her.
        self.assertEqual(self._line(self._slip(november, self.assistant), "SHARE"), 0.0)
        # Deducted once: December carries nothing after November is confirmed.
        slip_nov.action_payslip_done()
        december = self._batch(DEC_1, DEC_31, "December")
        self.assertEqual(self._slip(december, self.doctor).dental_cost_carried, 0.0)
        self.assertEqual(self._line(self._slip(december, self.doctor), "SHARE"), 0.0)
        # A bill lowered afterwards (a credit note of the lab: 1 200) gives back (1 600 − 1 200) × 30% = 120.
        self._costs(self.plan_filling, lab=1200.0, material=700.0 if has_material else 0.0)
        self._slip(december, self.doctor).action_dental_recompute()
        self.assertAlmostEqual(self._line(self._slip(december, self.doctor), "SHARE"), 400.0 * 0.30)

    def test_late_payment_and_refund_in_a_confirmed_month_are_carried(self):
        october = self._batch(OCT_1, OCT_31)
        slip_oct = self._slip(october, self.doctor)
        slip_oct.action_payslip_done()
        oct_share, oct_net = self._line(slip_oct, "SHARE"), self._line(slip_oct, "NET")
        oct_revenue = slip_oct.dental_revenue
        self.assertEqual(oct_revenue, 14000.0)
        # Entered today (18.11) with the date 25.10: an extraction of 8 000 paid in the confirmed October.
        invoice = self._procedure_invoice(date(2026, 10, 20), [(self.service_extraction, 8000.0, None, None)])
        self._pay(8000.0, mode="pay", invoice=invoice, day=date(2026, 10, 25))
        row = self.env["dental.payroll.revenue"].search([("move_id", "=", invoice.id)])
        self.assertEqual((row.date, row.payroll_date, row.amount), (date(2026, 10, 25), NOV_1, 8000.0))
        # The confirmed October payslip does not move.
        slip_oct.invalidate_recordset()
        self.assertEqual(slip_oct.state, "done")
        self.assertEqual(slip_oct.dental_revenue, oct_revenue)
        self.assertEqual(self._line(slip_oct, "SHARE"), oct_share)
        self.assertEqual(self._line(slip_oct, "NET"), oct_net)
        # November counts it, carried: 8 000 × 25% (surgery) = 2 000; net 20 000 + 3 000 bonus + 2 000 = 25 000.
        november = self._batch(NOV_1, NOV_30, "November")
        slip_nov = self._slip(november, self.doctor)
        self.assertEqual(slip_nov.dental_revenue, 8000.0)
        self.assertEqual(slip_nov.dental_revenue_carried, 8000.0)
        self.assertEqual(self._line(slip_nov, "SHARE"), 2000.0)
        self.assertEqual(self._line(slip_nov, "NET"), 25000.0)
        # A payslip that is not confirmed takes a late payment in its own month: nothing carried.
        self.assertEqual(self._slip(october, self.assistant).state, "verify")
        # November confirmed; the payment is rolled back today (18.11, a confirmed period): December reverses it.
        slip_nov.action_payslip_done()
        invoice.action_dental_rollback()
        reversal = self.env["dental.payroll.revenue"].search([("move_id", "=", invoice.id), ("amount", "<", 0)])
        self.assertEqual((reversal.date, reversal.payroll_date, reversal.amount), (self.today, DEC_1, -8000.0))
        self.assertEqual(self._line(slip_nov, "SHARE"), 2000.0)
        december = self._batch(DEC_1, DEC_31, "December")
        slip_dec = self._slip(december, self.doctor)
        self.assertEqual(slip_dec.dental_revenue, -8000.0)
        self.assertEqual(slip_dec.dental_revenue_carried, -8000.0)
        self.assertEqual(self._line(slip_dec, "SHARE"), -2000.0)
        self.assertEqual(self._line(slip_dec, "NET"), 21000.0)  # 20 000 + 3 000 − 2 000
        # A refunded payslip reopens its period: a late payment counts there again, not in the next month.
        slip_oct.refund_sheet()
        late = self._procedure_invoice(date(2026, 10, 20), [(self.service_extraction, 4000.0, None, None)])
        self._pay(4000.0, mode="pay", invoice=late, day=date(2026, 10, 26))
        row = self.env["dental.payroll.revenue"].search([("move_id", "=", late.id)])
        self.assertEqual(row.payroll_date, date(2026, 10, 26))

    def test_late_cost_is_deducted_in_the_month_it_is_paid_when_nothing_was_confirmed(self):
        self._require_costs()
        # October was computed but not confirmed: a recalculated draft takes the bill, nothing is carried.
        october = self._batch(OCT_1, OCT_31)
        self._costs(self.plan_filling, lab=1600.0, material=500.0)
        october.action_dental_recompute()
        self.assertEqual(self._slip(october, self.doctor).dental_lab_cost, 1600.0)
        november = self._batch(NOV_1, NOV_30, "November")
        self.assertEqual(self._slip(november, self.doctor).dental_cost_carried, 0.0)

    def test_refunded_payslip_carries_nothing(self):
        self._require_costs()
        october = self._batch(OCT_1, OCT_31)
        slip_oct = self._slip(october, self.doctor)
        slip_oct.action_payslip_done()
        self._costs(self.plan_filling, lab=1600.0, material=500.0)
        slip_oct.refund_sheet()
        # The refund cancels what October deducted: the corrected October payslip deducts the whole 1 600.
        self.assertTrue(slip_oct.refunded_id.credit_note)
        november = self._batch(NOV_1, NOV_30, "November")
        self.assertEqual(self._slip(november, self.doctor).dental_cost_carried, 0.0)

    def test_branch_payslips_are_numbered_by_the_branch_sequence(self):
        self.assertTrue(self.company.parent_id, "the test company is a branch")
        head_sequence = self.env.ref("payroll.seq_salary_slip")
        head_next = head_sequence.number_next_actual
        october = self._batch(OCT_1, OCT_31)
        numbers = october.slip_ids.sorted("id").mapped("number")
        self.assertEqual(numbers, ["SLIP/001", "SLIP/002", "SLIP/003"])
        sequence = self.env["hr.payslip"]._dental_sequence(self.company)
        self.assertEqual(sequence.company_id, self.company)
        self.assertNotEqual(sequence, head_sequence)
        self.assertEqual(head_sequence.number_next_actual, head_next)  # the head company's numbers untouched
        # A recalculation keeps the numbers; a refund takes the branch's next one.
        october.action_dental_recompute()
        self.assertEqual(october.slip_ids.sorted("id").mapped("number"), numbers)
        slip = self._slip(october, self.doctor)
        slip.action_payslip_done()
        slip.refund_sheet()
        self.assertEqual(slip.refunded_id.number, "SLIP/004")

    def test_salary_summary_of_a_branch(self):
        october = self._batch(OCT_1, OCT_31)
        doctor_net = self._line(self._slip(october, self.doctor), "NET")
        summary = self.env["hr.payslip"]._dental_salary_summary(OCT_1, OCT_31, self.company)
        rows = {row["employee_id"]: row for row in summary["employees"]}
        self.assertEqual(set(rows), {self.doctor.id, self.assistant.id, self.colleague.id})
        self.assertEqual(rows[self.doctor.id]["FIX"], 20000.0)
        self.assertEqual(rows[self.doctor.id]["BONUS"], 3000.0)
        self.assertAlmostEqual(rows[self.doctor.id]["NET"], doctor_net)
        self.assertEqual(rows[self.colleague.id]["NET"], 10000.0)  # fixed pay only
        # the assistant has no October shift in this class: 5% of the 10 000 filling assisted
        self.assertEqual(rows[self.assistant.id]["NET"], 500.0)
        self.assertAlmostEqual(summary["totals"]["NET"], doctor_net + 10000.0 + 500.0)
        self.assertEqual(summary["totals"]["employee_count"], 3)
        # a refunded payslip counts negatively: the doctor's October nets to zero
        slip = self._slip(october, self.doctor)
        slip.action_payslip_done()
        slip.refund_sheet()
        summary = self.env["hr.payslip"]._dental_salary_summary(OCT_1, OCT_31, self.company)
        rows = {row["employee_id"]: row for row in summary["employees"]}
        self.assertAlmostEqual(rows[self.doctor.id]["NET"], 0.0)
        # the summary's pivot (Payroll > Salary Summary) counts the refund negatively too
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_payroll.hr_payslip_line_action_summary")
        pivot = self.env["hr.payslip.line"]._read_group(
            [*safe_eval(action["domain"]), ("employee_id", "=", self.doctor.id), ("code", "=", "NET")],
            [],
            ["dental_signed_total:sum", "total:sum"],
        )
        self.assertAlmostEqual(pivot[0][0], 0.0)
        self.assertAlmostEqual(pivot[0][1], 2 * doctor_net)  # OCA's totals: the refund's lines are positive
        # another period or another branch: nothing
        self.assertFalse(self.env["hr.payslip"]._dental_salary_summary(NOV_1, NOV_30, self.company)["employees"])
        main = self.company.parent_id
        self.assertFalse(self.env["hr.payslip"]._dental_salary_summary(OCT_1, OCT_31, main)["employees"])

    def test_salary_summary_action_sums_no_draft(self):
        """Payroll > Salary Summary opens on the confirmed payslips (the salary paid); without its filter it adds
        the computed ones awaiting confirmation; a draft payslip (set back to draft, its lines kept) is never
        summed, nor a cancelled one."""
        october = self._batch(OCT_1, OCT_31)
        done, waiting, draft = (self._slip(october, e) for e in (self.doctor, self.assistant, self.colleague))
        done.action_payslip_done()
        draft.action_payslip_draft()
        self.assertEqual((done.state, waiting.state, draft.state), ("done", "verify", "draft"))
        self.assertTrue(draft.line_ids.filtered(lambda line: line.code == "NET"))
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_payroll.hr_payslip_line_action_summary")
        domain = [*safe_eval(action["domain"]), ("slip_id.payslip_run_id", "=", october.id), ("code", "=", "NET")]

        def summed(extra=()):
            groups = self.env["hr.payslip.line"]._read_group([*domain, *extra], ["slip_id"], ["total:sum"])
            return dict(groups)

        self.assertEqual(set(summed()), {done, waiting})
        self.assertAlmostEqual(summed()[done], self._line(done, "NET"))
        # the filter the action opens with: the confirmed payslips only
        self.assertEqual(safe_eval(action["context"]).get("search_default_dental_confirmed"), 1)
        search = self.env["ir.ui.view"].browse(action["search_view_id"][0])
        arch = etree.fromstring(search.get_combined_arch())
        [confirmed] = arch.xpath("//filter[@name='dental_confirmed']")
        self.assertEqual(set(summed(safe_eval(confirmed.get("domain")))), {done})
        # a payslip cancelled from the waiting state: no longer summed
        waiting.action_payslip_cancel()
        self.assertEqual(set(summed()), {done})
