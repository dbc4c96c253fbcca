from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import add_role_users

from .common import DentalPayrollCommon


@tagged("post_install", "-at_install")
class TestDentalPayrollAccess(DentalPayrollCommon):
    """Pay is the Directors' and the payroll accountants'; a doctor sees only their own running figure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        add_role_users(cls, {"payroll": "payroll.group_payroll_manager"}, "pay", "Pay")
        cls.colleague_user = cls.env["res.users"].create(
            {
                "name": "Dr. Lebedev",
                "login": "pay_colleague",
                "company_id": cls.company.id,
                "company_ids": [(6, 0, cls.company.ids)],
                "groups_id": [(6, 0, [cls.env.ref("dental_patient.group_doctor").id])],
            }
        )
        cls.colleague.user_id = cls.colleague_user
        # November: the doctor's filling (10 000) and the colleague's (6 000), both paid.
        mine = cls._procedure_invoice(date(2026, 11, 16), [(cls.service_filling, 10000.0, None, None)])
        theirs = cls._procedure_invoice(
            date(2026, 11, 16), [(cls.service_filling, 6000.0, None, None)], doctor=cls.colleague
        )
        cls._pay(10000.0, mode="pay", invoice=mine, day=date(2026, 11, 16))
        cls._pay(6000.0, mode="pay", invoice=theirs, day=date(2026, 11, 16))
        cls.batch_run = cls.env["hr.payslip.run"].create(
            {
                "name": "November",
                "company_id": cls.company.id,
                "date_start": date(2026, 11, 1),
                "date_end": date(2026, 11, 30),
            }
        )
        cls.batch_run.action_dental_generate()

    def test_doctor_reads_no_payslip_nor_contract(self):
        env = self.env(user=self.user_doctor)
        models = ("hr.payslip", "hr.payslip.line", "hr.payslip.run", "hr.contract", "dental.payroll.share.rule")
        for model in (*models, "dental.payroll.cost"):
            with self.assertRaises(AccessError, msg=model):
                env[model].search([])
        with self.assertRaises(AccessError):
            env["hr.payslip"].browse(self.batch_run.slip_ids[:1].id).read(["employee_id"])

    def test_doctor_sees_own_earnings_only(self):
        figures = self.env["dental.payroll.my.earnings"].with_user(self.user_doctor)._dental_my_figures()
        self.assertEqual(figures["employee_id"], self.doctor.id)
        # 10 000 × 30% (no lab or material cost on this filling) = 3 000; the colleague's 6 000 is not here
        self.assertEqual(figures["revenue"], 10000.0)
        self.assertEqual(figures["share"], 3000.0)
        wizard = self.env["dental.payroll.my.earnings"].with_user(self.user_doctor).create({})
        self.assertEqual(wizard.share, 3000.0)
        rows = self.env["dental.payroll.revenue"].with_user(self.user_doctor).search([])
        self.assertEqual(rows.employee_id, self.doctor)
        colleague_rows = self.env["dental.payroll.revenue"].search([("employee_id", "=", self.colleague.id)])
        self.assertTrue(colleague_rows)
        with self.assertRaises(AccessError):
            colleague_rows.with_user(self.user_doctor).read(["amount"])
        # the colleague's own figure is 6 000 × 50% = 3 000 of their 6 000
        theirs = self.env["dental.payroll.my.earnings"].with_user(self.colleague_user)._dental_my_figures()
        self.assertEqual((theirs["employee_id"], theirs["revenue"]), (self.colleague.id, 6000.0))

    def test_nobody_else_sees_pay(self):
        for user in (self.user_registrar, self.user_coordinator, self.user_senior):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["hr.payslip"].with_user(user).search([])
            try:
                rows = self.env["dental.payroll.revenue"].with_user(user).search([])
            except AccessError:
                rows = False
            self.assertFalse(rows, user.login)
        # a new internal user does not inherit OCA payroll's nor hr_contract's manager groups from the template
        new_user = self.env["res.users"].create({"name": "New", "login": "pay_new_user"})
        self.assertFalse(new_user.has_group("payroll.group_payroll_user"))
        self.assertFalse(new_user.has_group("hr_contract.group_hr_contract_manager"))
        with self.assertRaises(AccessError):
            self.env["hr.contract"].with_user(new_user).search([])

    def test_directors_and_payroll_accountants_see_all_pay(self):
        for user in (self.user_director, self.user_payroll):
            slips = self.env["hr.payslip"].with_user(user).search([("payslip_run_id", "=", self.batch_run.id)])
            self.assertEqual(slips, self.batch_run.slip_ids)
            rows = self.env["dental.payroll.revenue"].with_user(user).search([])
            self.assertIn(self.colleague, rows.employee_id)

    def test_salary_summary_reads_with_the_callers_rights(self):
        november = (date(2026, 11, 1), date(2026, 11, 30))
        summary = self.env["hr.payslip"].with_user(self.user_director)._dental_salary_summary(*november, self.company)
        self.assertEqual(summary["totals"]["employee_count"], len(self.batch_run.slip_ids))
        with self.assertRaises(AccessError):
            self.env["hr.payslip"].with_user(self.user_doctor)._dental_salary_summary(*november, self.company)
