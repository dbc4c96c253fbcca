from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalRuReceiptCommon


@tagged("post_install", "-at_install")
class TestReceiptAccess(DentalRuReceiptCommon):
    def test_registrar_sees_status_and_retries(self):
        self.fake.plan = [("refuse", 32, "Ошибка валидации")]
        payment = self._pay(1000.0, mode="deposit", env=self.env(user=self.user_registrar))
        self.run_queue()
        as_registrar = payment.with_user(self.user_registrar)
        self.assertEqual(as_registrar.dental_receipt_state, "failed")
        self.assertEqual(as_registrar.dental_receipt_reason, "Ошибка валидации")
        receipts = (
            self.env["dental.ru.fiscal.receipt"].with_user(self.user_registrar).search([("state", "=", "failed")])
        )
        self.assertEqual(receipts, payment.dental_receipt_ids)
        as_registrar.action_dental_receipt_retry()
        self.run_queue()
        self.assertEqual(payment.dental_receipt_state, "done")

    def test_registrar_cannot_see_or_change_credentials(self):
        register = self.register.with_user(self.user_registrar)
        self.assertEqual(register.name, "ATOL Online")
        for field_name in ("login", "password", "token"):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                register.read([field_name])
        with self.assertRaises(AccessError):
            register.write({"endpoint": "http://evil.example.com"})
        with self.assertRaises(AccessError):
            self.env["dental.ru.cash.register"].with_user(self.user_registrar).create(
                {"name": "X", "group_code": "g", "inn": "7707083893", "payment_address": "x"}
            )

    def test_registrar_cannot_forge_a_receipt(self):
        payment = self._pay(1000.0, mode="deposit")
        receipt = payment.dental_receipt_ids.with_user(self.user_registrar)
        with self.assertRaises(AccessError):
            self.env["dental.ru.fiscal.receipt"].with_user(self.user_registrar).create(
                {
                    "payment_id": payment.id,
                    "company_id": self.company.id,
                    "register_id": self.register.id,
                    "operation": "sell",
                    "amount": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            receipt.write({"state": "done"})  # only the queue writes states and fiscal attributes
        with self.assertRaises(AccessError):
            self.env["dental.ru.fiscal.receipt"].with_user(self.user_doctor).browse(receipt.id).action_retry()
