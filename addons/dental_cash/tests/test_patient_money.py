from datetime import timedelta

from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestPatientMoney(DentalCashCommon):
    def test_card_money_group_comes_with_the_cash_desk(self):
        view = self.env.ref("dental_patient.dental_patient_view_form")
        arch = self.env["dental.patient"].get_view(view.id)["arch"]
        self.assertIn('name="kpi_money"', arch)
        self.assertIn('name="kpi_debt"', arch)
        self.assertIn('name="kpi_visit_count"', arch, "dental_calendar's visit count")

    def test_card_figures_and_kpis(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1)])
        event = self._appointment(plan_lines=plan.order_line)
        self._bill(event, cash_amount=3000.0)
        self._pay(1000.0, mode="deposit", payer=self.relative)
        self._invoice(500.0, day=self.day - timedelta(days=1))
        self.patient.invalidate_recordset()
        self.assertEqual(self.patient.kpi_invoiced, 5500.0)
        self.assertEqual(self.patient.kpi_paid, 4000.0)
        self.assertEqual(self.patient.kpi_debt, 2500.0)
        self.assertEqual(self.patient.dental_deposit, 1000.0)
        self.assertEqual(self.patient.dental_balance, -1500.0)
        self.assertEqual(self.patient.kpi_visit_count, 1)
        self.assertIn("Dr. Zubova", self.patient.dental_doctor_money_html)
        self.assertIn("invoices and payments", self.patient._dental_history())
        self.assertEqual(plan.amount_invoiced, 5000.0)
        self.assertEqual(plan.dental_amount_invoiced, plan.amount_invoiced, "the card's column agrees with sale's")
        self.assertEqual(plan.dental_amount_paid, 3000.0)
        debts = self.env["calendar.event"]._dental_patient_debts(self.patient | self.patient_2)
        self.assertEqual(debts, {self.patient.id: 2500.0})
        history = self.env["account.move.line"].search(self.patient.action_dental_view_history()["domain"])
        self.assertEqual(len(history), 4)  # 2 invoices and 2 payments

    def test_kpis_in_constant_queries(self):
        patients = self.patient | self.relative | self.patient_2
        self._invoice(100.0, patient=self.relative)
        patients.invalidate_recordset()
        with self.assertQueryCount(4):  # three patients' money in one statement, not a query per figure
            patients.mapped("kpi_debt")

    def test_no_debt_segment_reads_the_open_invoices_index(self):
        """An SMS segment's "no debt" condition: patients without a posted customer invoice left to pay."""
        invoice = self._invoice(700.0)
        self._invoice(300.0, patient=self.patient_2)
        paid = self._invoice(200.0, patient=self.relative)
        self._pay(200.0, mode="debt", patient=self.relative, invoice=paid)
        Patient = self.env["dental.patient"]
        no_debt = [
            (
                "dental_invoice_ids",
                "not any",
                [("state", "=", "posted"), ("move_type", "=", "out_invoice"), ("amount_residual", ">", 0)],
            ),
        ]
        patients = self.patient | self.patient_2 | self.relative
        self.assertEqual(Patient.search([("id", "in", patients.ids), *no_debt]), self.relative)
        self._pay(700.0, mode="debt", invoice=invoice)
        self.assertEqual(Patient.search([("id", "in", patients.ids), *no_debt]), self.patient | self.relative)
        # the open invoices are a partial index of their own: the condition does not read every invoice
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'dental_account_move_open_invoice_idx'")
        [(definition,)] = self.env.cr.fetchall()
        self.assertIn("amount_residual > (0)::numeric", definition)
