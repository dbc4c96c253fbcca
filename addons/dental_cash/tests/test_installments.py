from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestInstallments(DentalCashCommon):
    def test_installment_schedule(self):
        term = self.env.ref("dental_cash.payment_term_installments_6")
        invoice = self._invoice(60000.0, day=self.day, payment_term=term)
        lines = invoice.line_ids.filtered(lambda ml: ml.account_id.account_type == "asset_receivable").sorted(
            "date_maturity"
        )
        self.assertEqual(len(lines), 6)
        self.assertEqual([line.date_maturity for line in lines], [self.day + relativedelta(months=m) for m in range(6)])
        self.assertAlmostEqual(sum(lines.mapped("balance")), 60000.0)
        self.assertEqual(lines.mapped("balance"), [10000.0] * 6)

    def test_every_installment_term_adds_up(self):
        for months in (3, 6, 10, 12, 18, 24):
            term = self.env.ref(f"dental_cash.payment_term_installments_{months}")
            self.assertEqual(term.dental_installments, months)
            self.assertAlmostEqual(sum(term.line_ids.mapped("value_amount")), 100.0, places=6)

    def test_fourteen_days(self):
        invoice = self._invoice(1000.0, payment_term=self.env.ref("dental_cash.payment_term_14_days"))
        self.assertEqual(invoice.invoice_date_due, self.day + timedelta(days=14))

    def test_overdue_installments_visible(self):
        term = self.env.ref("dental_cash.payment_term_installments_3")
        start = self.today - relativedelta(months=1, days=1)
        invoice = self._invoice(3000.0, day=start, payment_term=term)
        self._pay(1000.0, mode="pay", invoice=invoice, day=start)
        self.patient.invalidate_recordset()
        self.assertEqual(self.patient.dental_overdue, 1000.0, "the second instalment is overdue, the third is not")
        action = self.patient.action_dental_view_overdue()
        overdue = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(overdue.mapped("amount_residual"), [1000.0])
