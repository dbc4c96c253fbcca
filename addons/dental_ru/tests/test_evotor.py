from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DentalRuReceiptCommon
from .fake_atol import FakeEvotor


@tagged("post_install", "-at_install")
class TestEvotorReceipts(DentalRuReceiptCommon):
    """The same queue through the Evotor adapter (API v5) against a fake Evotor cloud register."""

    provider = "evotor"
    fake_class = FakeEvotor

    def _receipt(self, payment):
        return self.Receipt.search([("payment_id", "=", payment.id)])

    def test_success_with_fiscal_attributes(self):
        invoice = self._invoice(5000.0, product=self.service_filling)
        payment = self._pay(5000.0, mode="pay", invoice=invoice, method="card")
        receipt = self._receipt(payment)
        self.assertEqual(receipt.state, "queued")
        self.run_queue()
        self.assertEqual(payment.dental_receipt_state, "done")
        self.assertEqual(
            (receipt.fn_number, receipt.fiscal_document_number, receipt.fiscal_document_attribute),
            ("9999078900004312", "1001", "3000000001"),
        )
        registration = self.fake.registrations()[0]
        self.assertTrue(registration["path"].endswith("/possystem/v5/clinic_group/sell"))
        body = registration["body"]
        self.assertEqual(body["external_id"], receipt.external_id)
        # ATOL's format in v5 too (the v5 clients read, see doc/fiscal_protocol.md), not ISO 8601
        self.assertTrue(datetime.strptime(body["timestamp"], "%d.%m.%Y %H:%M:%S"))
        self.assertEqual(body["receipt"]["company"]["email"], "info@smile-clinic.example.com")
        item = body["receipt"]["items"][0]
        self.assertEqual(
            (item["measure"], item["payment_object"], item["payment_method"], item["vat"], item["sum"]),
            (0, 4, "full_payment", {"type": "none"}, 5000.0),
        )
        self.assertNotIn("measurement_unit", item)
        self.assertEqual(body["receipt"]["payments"], [{"type": 1, "sum": 5000.0}])
        self.assertTrue(all(r["token"] for r in self.fake.registrations()))

    def test_refusal_with_error_code_is_shown_and_retried(self):
        self.fake.plan = [("refuse", 30, "Касса не найдена в группе")]
        payment = self._pay(1000.0, mode="deposit")
        receipt = self._receipt(payment)
        first_id = receipt.external_id
        self.run_queue()
        self.assertEqual((receipt.state, receipt.error_code, receipt.refused), ("failed", 30, True))
        self.assertEqual(payment.dental_receipt_reason, "Касса не найдена в группе")
        self.assertFalse(self.fake.documents, "nothing printed")
        payment.with_user(self.user_registrar).action_dental_receipt_retry()
        self.assertNotEqual(receipt.external_id, first_id)
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(len(self.fake.documents), 1)

    def test_timeout_then_duplicate_is_printed_once(self):
        self.register.timeout = 0.3
        self.fake.plan = [("hang", 1.0)]
        payment = self._pay(2000.0, mode="deposit")
        receipt = self._receipt(payment)
        self.run_queue()
        self.assertEqual((receipt.state, receipt.attempts), ("queued", 1))
        self.assertGreater(receipt.next_try, fields.Datetime.now(), "backoff")
        self.run_queue()
        self.assertEqual(len(self.fake.registrations()), 1, "not before the backoff")
        receipt.next_try = fields.Datetime.now() - timedelta(seconds=1)
        self.run_queue()
        self.assertEqual(receipt.state, "done")
        first, second = self.fake.registrations()
        self.assertEqual(first["body"], second["body"], "the same body and external id")
        self.assertEqual(len(self.fake.documents), 1, "printed once")

    def test_duplicate_names_the_document_it_has(self):
        """The register already has the external id (sent by a run that died): its uuid is kept, no new print."""
        receipt = self._receipt(self._pay(300.0, mode="deposit"))
        self.Receipt._dental_claim()
        receipt.register_id._dental_client().register(receipt.operation, receipt.request_body)
        uuid = self.fake.documents[receipt.external_id]["uuid"]
        self.run_queue()
        self.assertEqual((receipt.state, receipt.uuid), ("done", uuid))
        self.assertEqual(len(self.fake.documents), 1)

    def test_restart_mid_send(self):
        first = self._receipt(self._pay(100.0, mode="deposit"))
        second = self._receipt(self._pay(200.0, mode="deposit", method="card"))
        self.assertEqual(self.Receipt._dental_claim(), first | second)
        second.register_id._dental_client().register(second.operation, second.request_body)
        self.run_queue()
        self.assertEqual((first.state, second.state), ("done", "done"))
        self.assertEqual(len(self.fake.documents), 2, "each printed once")

    def test_unreachable_then_failed_keeps_the_external_id(self):
        self.fake.plan = [("http", 503)] * 20
        payment = self._pay(700.0, mode="deposit")
        receipt = self._receipt(payment)
        external_id = receipt.external_id
        for _attempt in range(5):
            receipt.next_try = False
            self.run_queue()
        self.assertEqual((receipt.state, receipt.refused), ("failed", False))
        self.fake.plan = []
        payment.action_dental_receipt_retry()
        self.assertEqual(receipt.external_id, external_id)
        self.run_queue()
        self.assertEqual(receipt.state, "done")

    def test_correction_receipt(self):
        payment = self._pay(1200.0, mode="deposit", method="cash")
        self.run_queue()
        correction = payment._dental_correction_receipt(
            "sell_correction", "instruction", self.day, "ФНС-17", amount=200.0, vat="vat20", payment_kind="cash"
        )
        self.run_queue()
        self.assertEqual(correction.state, "done")
        registration = self.fake.registrations()[-1]
        self.assertTrue(registration["path"].endswith("/v5/clinic_group/sell_correction"))
        body = registration["body"]["correction"]
        self.assertEqual(body["correction_info"]["type"], "instruction")
        self.assertEqual(body["correction_info"]["base_number"], "ФНС-17")
        self.assertEqual((body["total"], body["payments"]), (200.0, [{"type": 0, "sum": 200.0}]))
        self.assertEqual(body["vats"], [{"type": "vat20", "sum": 33.33}])
        self.assertEqual(body["items"][0]["payment_object"], 4)
        self.assertNotIn("base_name", body["correction_info"], "no tag 1177 in ФФД 1.2")
        self.assertEqual(body["client"], {"email": "kuznetsov@example.com"})

    def test_refund_correction_is_its_own_operation(self):
        """API v5 (ФФД 1.2) has the refund correction itself, with its items as a refund's."""
        __, __, registration = self._sent_correction("sell_refund_correction", 800.0, "card", "Акт 3")
        self.assertTrue(registration["path"].endswith("/v5/clinic_group/sell_refund_correction"))
        body = registration["body"]["correction"]
        self.assertEqual((body["total"], body["payments"]), (800.0, [{"type": 1, "sum": 800.0}]))
        self.assertEqual(body["vats"], [{"type": "none", "sum": 800.0}])
        self.assertEqual((body["items"][0]["measure"], body["items"][0]["sum"]), (0, 800.0))
