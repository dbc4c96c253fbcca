from datetime import date

from odoo.tests import HttpCase, tagged

from .common import DentalPayrollCommon


@tagged("post_install", "-at_install")
class TestDentalPayrollUi(DentalPayrollCommon, HttpCase):
    def test_director_computes_a_batch_and_opens_a_payslip(self):
        invoice = self._procedure_invoice(date(2026, 10, 12), [(self.service_extraction, 12000.0, None, None)])
        self._pay(12000.0, mode="pay", invoice=invoice, day=date(2026, 10, 12))
        run = self.env["hr.payslip.run"].create(
            {
                "name": "October",
                "company_id": self.company.id,
                "date_start": date(2026, 10, 1),
                "date_end": date(2026, 10, 31),
            }
        )
        self.start_tour(
            f"/odoo/action-payroll.hr_payslip_run_action/{run.id}",
            "dental_payroll_batch",
            login=self.user_director.login,
        )
        slip = run.slip_ids.filtered(lambda s: s.employee_id == self.doctor)
        self.assertEqual(slip.state, "verify")
        self.assertEqual(slip.dental_share, 3000.0)  # 12 000 × 25% (surgery)
