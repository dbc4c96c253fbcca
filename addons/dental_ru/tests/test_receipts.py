from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DentalRuReceiptCommon


@tagged("post_install", "-at_install")
class TestFiscalReceipts(DentalRuReceiptCommon):
    def _receipt(self, payment):
        return self.Receipt.search([("payment_id", "=", payment.id)])

    def test_payment_receipt_success(self):
        invoice = self._invoice(5000.0, product=self.service_filling)
        payment = self._pay(5000.0, mode="pay", invoice=invoice, method="card")
        receipt = self._receipt(payment)
        self.assertEqual((receipt.state, receipt.operation, receipt.amount), ("queued", "sell", 5000.0))
        self.assertFalse(self.fake.requests, "nothing is sent inside the cashier's request")
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count(
                [("cron_id", "=", self.env.ref("dental_ru.ir_cron_dental_ru_receipts").id)]
            )
        )
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(payment.dental_receipt_state, "done")
        self.assertEqual(receipt.fn_number, "9999078900004312")
        self.assertEqual((receipt.fiscal_document_number, receipt.fiscal_document_attribute), ("1001", "3000000001"))
        body = self.fake.registrations()[0]["body"]
        self.assertTrue(self.fake.registrations()[0]["path"].endswith("/v4/clinic_group/sell"))
        self.assertEqual(body["external_id"], receipt.external_id)
        item = body["receipt"]["items"][0]
        self.assertEqual(
            (item["payment_object"], item["payment_method"], item["vat"], item["sum"]),
            ("service", "full_payment", {"type": "none"}, 5000.0),
        )
        self.assertIn(invoice.name, item["name"])
        self.assertEqual(body["receipt"]["client"], {"email": "kuznetsov@example.com"})
        self.assertEqual(body["receipt"]["payments"], [{"type": 1, "sum": 5000.0}])
        self.assertEqual(body["receipt"]["company"]["inn"], "7707083893")
        self.run_queue()
        self.assertEqual(len(self.fake.registrations()), 1, "a done receipt is never sent again")

    def test_prepayment_and_refund_receipts(self):
        self.patient.partner_id.write({"email": False, "mobile": "+7 916 123-45-67"})
        deposit = self._pay(3000.0, mode="deposit", method="cash")
        wizard = self.env["dental.payment.wizard"].create(
            {
                "mode": "withdraw",
                "patient_id": self.patient.id,
                "withdraw_amount": 1000.0,
                "date": self.day,
                "confirmed": True,
            }
        )
        wizard.action_confirm()
        refund = self.env["account.payment"].search([("dental_kind", "=", "refund")])
        self.run_queue()
        self.assertEqual(self._receipt(deposit).state, "done")
        self.assertEqual(self._receipt(refund).operation, "sell_refund")
        self.assertEqual(self._receipt(refund).state, "done")
        operations = [(r["path"].rsplit("/", 1)[-1], r["body"]["receipt"]) for r in self.fake.registrations()]
        self.assertEqual([op for op, _body in operations], ["sell", "sell_refund"])
        for _op, receipt in operations:
            self.assertEqual(receipt["items"][0]["payment_method"], "advance")
            self.assertEqual(receipt["client"], {"phone": "+79161234567"})
            self.assertEqual(receipt["payments"][0]["type"], 0, "cash")

    def test_refusal_is_shown_and_retried_with_a_new_external_id(self):
        self.fake.plan = [("refuse", 32, "Ошибка валидации JSON: receipt.items[0].vat")]
        payment = self._pay(1000.0, mode="deposit")
        receipt = self._receipt(payment)
        first_id = receipt.external_id
        self.run_queue()
        self.assertEqual(receipt.state, "failed")
        self.assertEqual(receipt.error_code, 32)
        self.assertEqual(payment.dental_receipt_state, "failed")
        self.assertIn("Ошибка валидации", payment.dental_receipt_reason)
        self.assertFalse(self.fake.documents, "nothing printed")
        payment.with_user(self.user_registrar).action_dental_receipt_retry()
        self.assertEqual(receipt.state, "queued")
        self.assertNotEqual(receipt.external_id, first_id, "a refused document is not repeated")
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(len(self.fake.documents), 1)

    def test_missing_contact_fails_before_sending(self):
        self.patient.partner_id.write({"email": False, "phone": False, "mobile": False})
        payment = self._pay(500.0, mode="deposit")
        self.run_queue()
        self.assertEqual(payment.dental_receipt_state, "failed")
        self.assertIn("e-mail", payment.dental_receipt_reason)
        self.assertFalse(self.fake.requests)
        self.patient.partner_id.email = "kuznetsov@example.com"
        payment.action_dental_receipt_retry()
        self.run_queue()
        self.assertEqual(payment.dental_receipt_state, "done")

    def test_timeout_then_duplicate_is_printed_once(self):
        """The register took the receipt but the answer came too late: the next run sends the same external id,
        the register names the document it has, nothing is printed twice."""
        self.register.timeout = 0.3
        self.fake.plan = [("hang", 1.0)]
        payment = self._pay(2000.0, mode="deposit")
        receipt = self._receipt(payment)
        self.run_queue()
        self.assertEqual(receipt.state, "queued")
        self.assertEqual(receipt.attempts, 1)
        self.assertGreater(receipt.next_try, fields.Datetime.now(), "backoff")
        self.assertEqual(len(self.fake.documents), 1, "the register has it")
        self.run_queue()
        self.assertEqual(len(self.fake.registrations()), 1, "not before the backoff")
        receipt.next_try = fields.Datetime.now() - timedelta(seconds=1)
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        registrations = self.fake.registrations()
        self.assertEqual(len(registrations), 2)
        self.assertEqual(registrations[0]["body"], registrations[1]["body"], "the same body and external id")
        self.assertEqual(len(self.fake.documents), 1, "printed once")

    def test_unreachable_register_fails_after_attempts_and_keeps_the_external_id(self):
        self.fake.plan = [("http", 503)] * 20
        payment = self._pay(700.0, mode="deposit")
        receipt = self._receipt(payment)
        external_id = receipt.external_id
        for _attempt in range(5):
            receipt.next_try = False
            self.run_queue()
        self.assertEqual(receipt.state, "failed")
        self.assertFalse(receipt.refused)
        self.assertIn("could not be reached", payment.dental_receipt_reason)
        self.fake.plan = []
        payment.action_dental_receipt_retry()
        self.assertEqual(receipt.external_id, external_id, "it may have been printed: the same document")
        self.run_queue()
        self.assertEqual(receipt.state, "done")

    def test_restart_mid_send(self):
        """A run stopped after claiming (nothing sent) and another after sending (no answer written): the next
        run sends both, each printed once."""
        first = self._receipt(self._pay(100.0, mode="deposit"))
        second = self._receipt(self._pay(200.0, mode="deposit", method="card"))
        claimed = self.Receipt._dental_claim()
        self.assertEqual(claimed, first | second)
        self.assertEqual(set(claimed.mapped("state")), {"sending"})
        # the second reached the register, then the worker died before writing the answer
        second.register_id._dental_client().register(second.operation, second.request_body)
        self.assertEqual(len(self.fake.documents), 1)
        self.run_queue()
        self.assertEqual((first.state, second.state), ("done", "done"))
        self.assertEqual(len(self.fake.documents), 2, "each printed once")
        self.assertEqual(second.uuid, self.fake.documents[second.external_id]["uuid"])

    def test_report_waits_then_done(self):
        self.fake.report_status = "wait"
        receipt = self._receipt(self._pay(100.0, mode="deposit"))
        self.run_queue()
        self.assertEqual(receipt.state, "wait")
        self.fake.report_status = "done"
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(len(self.fake.registrations()), 1)

    def test_report_not_ready_keeps_waiting(self):
        """ATOL's error 34 ("Состояние чека не найдено. Попробуйте позднее") comes with ``status: wait``: the receipt
        waits and is asked for again, never failed nor sent anew (a new external id would print it twice)."""
        self.fake.report_status = "not_found"
        receipt = self._receipt(self._pay(100.0, mode="deposit"))
        self.run_queue()
        self.assertEqual((receipt.state, receipt.refused), ("wait", False))
        self.fake.report_status = "done"
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(len(self.fake.registrations()), 1)

    def test_report_fail_is_a_refusal_with_its_code(self):
        self.fake.report_status = ("fail", -3816, "Неверный вид оплаты")
        payment = self._pay(100.0, mode="deposit")
        receipt = self._receipt(payment)
        first_id = receipt.external_id
        self.run_queue()
        self.assertEqual((receipt.state, receipt.error_code, receipt.refused), ("failed", -3816, True))
        self.assertEqual(payment.dental_receipt_reason, "Неверный вид оплаты")
        self.fake.report_status = "done"
        payment.action_dental_receipt_retry()
        self.assertNotEqual(receipt.external_id, first_id, "the failed document is not repeated")
        self.run_queue()
        self.assertEqual(receipt.state, "done")

    def test_validation_error_does_not_renew_the_token(self):
        """Error 13 is a validation error (HTTP 400), not a token's: refused at once, the token kept."""
        self.fake.plan = [("refuse", 13, "Ошибка валидации входящего запроса")]
        receipt = self._receipt(self._pay(100.0, mode="deposit"))
        self.run_queue()
        self.assertEqual((receipt.state, receipt.error_code), ("failed", 13))
        self.assertEqual(len([r for r in self.fake.requests if r["path"].endswith("getToken")]), 1)
        self.assertEqual(len(self.fake.registrations()), 1)

    def test_seller_email_is_the_registers_or_the_branchs(self):
        """ATOL v4 requires ``company.email`` (tag 1117) on a receipt."""
        self.register.email = False
        self.company.email = "branch@smile-clinic.example.com"
        receipt = self._receipt(self._pay(100.0, mode="deposit"))
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            self.fake.registrations()[0]["body"]["receipt"]["company"]["email"], "branch@smile-clinic.example.com"
        )
        self.company.email = False
        payment = self._pay(200.0, mode="deposit")
        self.run_queue()
        self.assertEqual(payment.dental_receipt_state, "failed")
        self.assertIn("e-mail", payment.dental_receipt_reason)
        self.assertEqual(len(self.fake.registrations()), 1, "nothing sent without it")

    def test_expired_token_is_renewed(self):
        self.run_queue()
        receipt = self._receipt(self._pay(100.0, mode="deposit"))
        self.register.sudo().token = "expired"
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        self.assertNotEqual(self.register.sudo().token, "expired")
        tokens = [r for r in self.fake.requests if r["path"].endswith("getToken")]
        self.assertEqual(tokens[0]["body"]["pass"], "clinic-secret")

    def test_correction_receipt(self):
        payment = self._pay(100.0, mode="deposit")
        self.run_queue()
        correction = payment._dental_correction_receipt("sell_correction", "self", self.day, "1")
        self.run_queue()
        self.assertEqual(correction.state, "done")
        body = self.fake.registrations()[-1]
        self.assertTrue(body["path"].endswith("/sell_correction"))
        self.assertEqual(body["body"]["correction"]["correction_info"]["type"], "self")
        self.assertEqual(payment.dental_receipt_state, "done", "the payment shows its own receipt")

    def test_correction_body_is_atol_v4s(self):
        """Table 3 of the v4 protocol: correction_info with its base_name (tag 1177), the company without e-mail,
        no items, total or client; "без НДС" carries the amount (tag 1105)."""
        payment, __, registration = self._sent_correction("sell_correction", 600.0, "card", "Акт 5")
        self.assertTrue(registration["path"].endswith("/v4/clinic_group/sell_correction"))
        body = registration["body"]
        self.assertRegex(body["timestamp"], r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$")
        document = body["correction"]
        self.assertEqual(
            set(document), {"company", "correction_info", "payments", "vats"}, "nothing ФФД 1.05 does not know"
        )
        self.assertEqual(
            document["company"],
            {"sno": "osn", "inn": "7707083893", "payment_address": "https://smile-clinic.example.com"},
        )
        info = document["correction_info"]
        self.assertEqual((info["type"], info["base_number"]), ("self", "Акт 5"))
        self.assertIn(payment.name, info["base_name"])
        self.assertEqual(document["payments"], [{"type": 1, "sum": 600.0}])
        self.assertEqual(document["vats"], [{"type": "none", "sum": 600.0}])

    def test_refund_correction_is_a_correction_of_expense_in_v4(self):
        """ФФД 1.05 (API v4) has no refund correction: money paid back unregistered is corrected as an expense."""
        __, correction, registration = self._sent_correction("sell_refund_correction", 400.0, "cash", "Акт 6")
        self.assertTrue(registration["path"].endswith("/v4/clinic_group/buy_correction"))
        self.assertEqual(registration["body"]["correction"]["payments"], [{"type": 0, "sum": 400.0}])
        self.assertEqual(self.fake.documents[correction.external_id]["operation"], "buy_correction")

    def test_branch_without_register_has_no_receipts(self):
        self.register.active = False
        payment = self._pay(100.0, mode="deposit")
        self.assertFalse(payment.dental_receipt_ids)
        self.assertFalse(payment.dental_receipt_state)
