from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestDeposit(DentalCashCommon):
    def test_prepayment_and_withdraw(self):
        payments = self._pay(3000.0, mode="deposit", env=self.env(user=self.user_registrar))
        self.assertEqual(payments.dental_kind, "deposit")
        self.assertFalse(payments.is_reconciled)
        self.assertEqual(self._figures()["deposit"], 3000.0)
        self.assertEqual(self._figures()["balance"], 3000.0)
        wizard = self.env["dental.payment.wizard"].create(
            {"mode": "withdraw", "patient_id": self.patient.id, "withdraw_amount": 1000.0, "date": self.day}
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()  # not confirmed by the patient
        wizard.write({"confirmed": True, "withdraw_amount": 5000.0})
        with self.assertRaises(UserError):
            wizard.action_confirm()  # more than the deposit
        wizard.write({"withdraw_amount": 1000.0})
        wizard.action_confirm()
        refund = self.env["account.payment"].search([("dental_kind", "=", "refund")])
        self.assertEqual(refund.payment_type, "outbound")
        self.assertEqual(refund.amount, 1000.0)
        self.assertEqual(self._figures()["deposit"], 2000.0)
        self.assertEqual(self._figures()["paid"], 2000.0)

    def test_operation_kind_is_set_by_the_dialog_only(self):
        """A registrar cannot relabel a payment (the daily summary counts deposits and refunds by its kind)."""
        registrar = self.env(user=self.user_registrar)
        payment = self._pay(3000.0, mode="deposit", env=registrar)
        with self.assertRaises(AccessError):
            payment.with_env(registrar).write({"dental_kind": "payment"})
        self.assertEqual(payment.dental_kind, "deposit")
        payment.with_env(registrar).write({"dental_kind": "deposit"})  # the value it has: a form sending it back
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("dental_payment_kind", "=", "cash")], limit=1
        )
        with self.assertRaises(AccessError):
            registrar["account.payment"].create(
                {
                    "payment_type": "outbound",
                    "partner_type": "customer",
                    "partner_id": self.patient.partner_id.id,
                    "dental_kind": "refund",
                    "amount": 10.0,
                    "journal_id": journal.id,
                }
            )

    def test_without_auto_distribution_deposit_waits(self):
        self._pay(3000.0, mode="deposit")
        invoice = self._invoice(1000.0)
        self.assertEqual(invoice.payment_state, "not_paid")
        figures = self._figures()
        self.assertEqual((figures["deposit"], figures["debt"], figures["balance"]), (3000.0, 1000.0, 2000.0))

    def test_auto_distribution_new_invoice_consumes_deposit(self):
        self.company.dental_auto_distribute = True
        self._pay(3000.0, mode="deposit")
        invoice = self._invoice(1000.0)
        self.assertEqual(invoice.payment_state, "paid")
        figures = self._figures()
        self.assertEqual((figures["deposit"], figures["debt"], figures["balance"]), (2000.0, 0.0, 2000.0))

    def test_auto_distribution_overpayment_pays_older_invoices_oldest_first(self):
        self.company.dental_auto_distribute = True
        oldest = self._invoice(1000.0, day=self.day - timedelta(days=20))
        older = self._invoice(2000.0, day=self.day - timedelta(days=10))
        current = self._invoice(500.0, day=self.day)
        self._pay(2000.0, mode="pay", invoice=current)
        self.assertEqual(current.payment_state, "paid")
        self.assertEqual(oldest.payment_state, "paid")
        self.assertEqual(older.amount_residual, 1500.0, "the rest of the overpayment goes to the next oldest")
        self.assertEqual(self._figures()["debt"], 1500.0)

    def test_overpayment_without_auto_distribution_is_a_deposit(self):
        older = self._invoice(1000.0, day=self.day - timedelta(days=10))
        current = self._invoice(500.0)
        self._pay(800.0, mode="pay", invoice=current)
        self.assertEqual(current.payment_state, "paid")
        self.assertEqual(older.payment_state, "not_paid")
        figures = self._figures()
        self.assertEqual((figures["deposit"], figures["debt"], figures["balance"]), (300.0, 1000.0, -700.0))

    def test_pay_debt_oldest_first(self):
        first = self._invoice(1000.0, day=self.day - timedelta(days=5))
        second = self._invoice(1000.0)
        self._pay(1500.0, mode="debt")
        self.assertEqual(first.payment_state, "paid")
        self.assertEqual(second.amount_residual, 500.0)

    def test_payment_by_relative_is_kept(self):
        invoice = self._invoice(4000.0)
        payment = self._pay(4000.0, mode="pay", invoice=invoice, payer=self.relative)
        self.assertEqual(payment.dental_payer_id, self.relative)
        self.assertEqual(payment.dental_patient_id, self.patient)
        self.assertEqual(payment.partner_id, self.patient.partner_id, "the patient's account is credited")
        self.assertEqual(invoice.payment_state, "paid")

    def test_mixed_payment_of_an_invoice(self):
        invoice = self._invoice(3000.0)
        wizard = self.env["dental.payment.wizard"].create(
            {
                "mode": "pay",
                "patient_id": self.patient.id,
                "invoice_id": invoice.id,
                "cash_amount": 1000.0,
                "card_amount": 1500.0,
                "bank_amount": 500.0,
                "date": self.day,
            }
        )
        payments = wizard._receive()
        self.assertEqual(len(payments), 3)
        self.assertEqual(invoice.payment_state, "paid")
        with self.assertRaises(UserError):
            self.env["dental.payment.wizard"].create(
                {"mode": "deposit", "patient_id": self.patient.id, "cash_amount": -5.0}
            ).action_confirm()
