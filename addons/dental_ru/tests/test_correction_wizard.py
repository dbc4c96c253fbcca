from datetime import timedelta

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import check_method_name
from odoo.tests import tagged

from .common import DentalRuReceiptCommon


@tagged("post_install", "-at_install")
class TestCorrectionWizard(DentalRuReceiptCommon):
    def setUp(self):
        super().setUp()
        self.payment = self._pay(1500.0, mode="deposit", method="card")
        self.run_queue()

    def _rpc(self, user, model, method, *args):
        """As the web client's call_kw route does: private methods refused, then the call as the user."""
        check_method_name(method)
        return call_kw(self.env(user=user)[model], method, list(args), {})

    def _wizard(self, user=None, **vals):
        Wizard = self.env["dental.ru.correction.wizard"].with_user(user or self.user_senior)
        return Wizard.create({"payment_id": self.payment.id, "base_number": "17", "base_date": self.day, **vals})

    def test_senior_registrar_sends_a_correction(self):
        wizard = self._wizard()
        self.assertEqual(
            (wizard.operation, wizard.amount, wizard.vat, wizard.payment_kind),
            ("sell_correction", 1500.0, "none", "electronic"),
            "the payment's amount, the register's VAT and the payment's method by default",
        )
        wizard.write({"correction_type": "instruction", "amount": 500.0, "vat": "vat10", "payment_kind": "cash"})
        action = wizard.action_confirm()
        correction = self.Receipt.browse(action["res_id"])
        self.assertEqual(
            (correction.operation, correction.state, correction.amount, correction.correction_base_number),
            ("sell_correction", "queued", 500.0, "17"),
        )
        self.run_queue()
        self.assertEqual(correction.state, "done")
        self.assertTrue(correction.fiscal_document_number)
        body = self.fake.registrations()[-1]["body"]["correction"]
        self.assertEqual(body["correction_info"]["type"], "instruction")
        self.assertEqual(body["payments"], [{"type": 0, "sum": 500.0}])
        self.assertEqual(body["vats"], [{"type": "vat10", "sum": 45.45}])
        self.assertNotIn("items", body, "ATOL v4's correction has no items")
        self.assertEqual(self.payment.dental_receipt_state, "done", "the payment keeps its own receipt's state")

    def test_director_opens_it_from_the_payment(self):
        action = self.payment.with_user(self.user_director).action_dental_correction_receipt()
        self.assertEqual(action["res_model"], "dental.ru.correction.wizard")
        self.assertEqual(action["context"]["default_payment_id"], self.payment.id)

    def test_registrar_and_doctor_cannot_over_rpc(self):
        for user in (self.user_registrar, self.user_doctor):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._rpc(user, "account.payment", "action_dental_correction_receipt", [self.payment.id])
                with self.assertRaises(AccessError):
                    self._rpc(
                        user,
                        "dental.ru.correction.wizard",
                        "create",
                        {"payment_id": self.payment.id, "base_number": "1", "base_date": str(self.day)},
                    )
                with self.assertRaises(AccessError):
                    self._rpc(
                        user,
                        "account.payment",
                        "_dental_correction_receipt",
                        [self.payment.id],
                        "sell_correction",
                        "self",
                        str(self.day),
                        "1",
                    )
                wizard = self._wizard()
                with self.assertRaises(AccessError):
                    self._rpc(user, "dental.ru.correction.wizard", "action_confirm", [wizard.id])
        self.assertFalse(self.payment.dental_receipt_ids.filtered("correction_type"))

    def test_bad_input_is_refused_and_changes_nothing(self):
        cases = {
            "amount": {"amount": 0.0},
            "future": {"base_date": self.today + timedelta(days=1)},
            "number": {"base_number": "   "},
        }
        for name, vals in cases.items():
            with self.subTest(case=name), self.assertRaises(UserError):
                self._wizard(**vals).action_confirm()
        self.assertFalse(self.payment.dental_receipt_ids.filtered("correction_type"))
        with self.assertRaises(ValidationError):
            self.payment._dental_correction_receipt("sell_correction", "self", self.day, "1", amount=-5.0)

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        with self.assertRaisesRegex(UserError, "положительной"):
            self._wizard(amount=-1.0).with_context(lang="ru_RU").action_confirm()
