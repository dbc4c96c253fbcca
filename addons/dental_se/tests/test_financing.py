from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DentalSeFinancingCommon


@tagged("post_install", "-at_install")
class TestFinancing(DentalSeFinancingCommon):
    def _sms_bodies(self, invoice):
        return self.env["sms.sms"].sudo().search([("mail_message_id.res_id", "=", invoice.id)]).mapped("body")

    def test_register_accept_instalments_and_pay(self):
        invoice = self._invoice(4000.0, product=self.service_filling)
        self.assertTrue(invoice.dental_se_can_register)
        invoice.with_user(self.user_registrar).action_dental_se_register()
        request = invoice.dental_se_financing_ids
        self.assertEqual((request.state, request.amount), ("queued", 4000.0))
        self.assertFalse(self.fake.requests, "nothing is sent inside the front desk's request")
        self.assertFalse(invoice.dental_se_can_register, "one click: not twice")
        with self.assertRaises(UserError):
            invoice.action_dental_se_register()
        self.run_queue()
        self.assertEqual(invoice.dental_se_financing_state, "registered")
        body = self.fake.registrations()[0]["body"]
        self.assertEqual(body["external_id"], request.external_id)
        self.assertEqual(body["customer"]["personal_id"], "198112189876")
        self.assertEqual((body["amount"], body["currency"], body["invoice_number"]), (4000.0, "SEK", invoice.name))
        self.assertEqual(body["due_date"], fields.Date.to_string(invoice.invoice_date + timedelta(days=14)))
        self.assertEqual(body["plans"], {"free_days": 14, "instalment_months": [3, 24]})
        self.assertTrue(body["callback_url"].endswith(f"/dental_se/financing/callback/{self.provider.id}"))
        self.assertEqual(request.reference, self.fake.invoices[request.external_id]["id"])
        self.assertTrue(any("is sent to Payzmart" in text for text in self._sms_bodies(invoice)), "status SMS")

        self.assertEqual(
            self.receive(invoice, "invoice.accepted", plan={"type": "instalments", "months": 12}), "applied"
        )
        self.assertEqual((request.state, request.plan, request.months), ("accepted", "instalments", 12))
        self.assertEqual(invoice.dental_se_financing_plan, "Instalments, 12 months")

        self.assertEqual(self.receive(invoice, "invoice.paid", amount=4000.0), "applied")
        self.assertEqual(request.state, "paid")
        self.assertEqual(invoice.payment_state, "in_payment" if request.payment_id.state == "in_process" else "paid")
        self.assertEqual(request.payment_id.journal_id, self.bank_journal)
        self.assertEqual(request.payment_id.amount, 4000.0)
        self.assertTrue(any("is paid" in text for text in self._sms_bodies(invoice)))
        self.run_queue()
        self.assertEqual(len(self.fake.registrations()), 1, "a registered invoice is never sent again")
        self.assertFalse(self.fake.cancellations(), "paid through the provider: nothing to cancel")

    def test_free_period_choice(self):
        invoice = self.registered_invoice()
        self.receive(invoice, "invoice.accepted", plan={"type": "invoice"})
        self.assertEqual(invoice.dental_se_financing_plan, "Within 14 days, free of charge")

    def test_instalment_months_are_checked(self):
        invoice = self.registered_invoice()
        with self.assertRaises(ValidationError):
            self.receive(invoice, "invoice.accepted", plan={"type": "instalments", "months": 36})
        self.assertEqual(invoice.dental_se_financing_state, "registered")

    def test_duplicate_callback_is_harmless(self):
        invoice = self.registered_invoice()
        self.assertEqual(self.receive(invoice, "invoice.paid", event_id="evt-1", amount=4000.0), "applied")
        payments = invoice.dental_se_financing_ids.payment_id
        self.assertEqual(self.receive(invoice, "invoice.paid", event_id="evt-1", amount=4000.0), "duplicate")
        self.assertEqual(self.receive(invoice, "invoice.paid", event_id="evt-2", amount=4000.0), "ignored")
        self.assertEqual(self.env["account.payment"].search([("partner_id", "=", invoice.partner_id.id)]), payments)
        self.assertEqual(len(payments), 1, "one payment whatever the provider repeats")
        self.assertEqual(self.receive(invoice, "invoice.accepted", event_id="evt-3"), "ignored", "never back")
        self.assertEqual(invoice.dental_se_financing_state, "paid")
        self.assertEqual(len(invoice.dental_se_financing_ids.event_ids), 3)

    def test_refusal_with_reason_then_retry_with_a_new_external_id(self):
        self.fake.plan = [("refuse", "credit_denied", "The customer is not approved for credit")]
        invoice = self._invoice(9000.0)
        invoice.action_dental_se_register()
        request = invoice.dental_se_financing_ids
        first_id = request.external_id
        self.run_queue()
        self.assertEqual((request.state, request.error_code), ("refused", "credit_denied"))
        self.assertEqual(invoice.dental_se_financing_reason, "The customer is not approved for credit")
        self.assertFalse(self.fake.invoices)
        self.assertTrue(any("could not take" in text for text in self._sms_bodies(invoice)))
        invoice.with_user(self.user_registrar).action_dental_se_financing_retry()
        self.assertEqual(request.state, "queued")
        self.assertNotEqual(request.external_id, first_id)
        self.run_queue()
        self.assertEqual(request.state, "registered")

    def test_refused_callback_keeps_the_reason(self):
        invoice = self.registered_invoice()
        self.receive(invoice, "invoice.refused", reason={"code": "kyc_failed", "message": "Identity not confirmed"})
        self.assertEqual(invoice.dental_se_financing_state, "refused")
        self.assertEqual(invoice.dental_se_financing_ids.error_code, "kyc_failed")
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_missing_personal_id(self):
        self.patient.se_personal_id = False
        invoice = self._invoice(100.0)
        with self.assertRaises(UserError):
            invoice.action_dental_se_register()
        self.assertFalse(invoice.dental_se_financing_ids)

    def test_timeout_then_repeat_registers_once(self):
        """The provider took the invoice but answered too late: the next run sends the same external id, the
        provider answers with the invoice it has, nothing is registered twice."""
        self.provider.timeout = 0.3
        self.fake.plan = [("hang", 1.0)]
        invoice = self._invoice(2000.0)
        invoice.action_dental_se_register()
        request = invoice.dental_se_financing_ids
        self.run_queue()
        self.assertEqual((request.state, request.attempts), ("queued", 1))
        self.assertGreater(request.next_try, fields.Datetime.now(), "backoff")
        self.assertEqual(len(self.fake.invoices), 1, "the provider has it")
        self.run_queue()
        self.assertEqual(len(self.fake.registrations()), 1, "not before the backoff")
        request.next_try = fields.Datetime.now() - timedelta(seconds=1)
        self.run_queue()
        self.assertEqual(request.state, "registered")
        first, second = self.fake.registrations()
        self.assertEqual(first["body"], second["body"], "the same body and external id")
        self.assertEqual(len(self.fake.invoices), 1, "registered once")
        self.assertEqual(request.reference, self.fake.invoices[request.external_id]["id"])

    def test_unreachable_provider_fails_after_attempts_and_keeps_the_external_id(self):
        self.fake.plan = [("http", 503)] * 20
        invoice = self._invoice(700.0)
        invoice.action_dental_se_register()
        request = invoice.dental_se_financing_ids
        external_id = request.external_id
        with self.assertLogs("odoo.addons.dental_se.models.dental_se_financing_request", "WARNING"):
            for _attempt in range(5):
                request.next_try = False
                self.run_queue()
        self.assertEqual((request.state, request.error_code), ("failed", "unreachable"))
        self.assertIn("could not be reached", invoice.dental_se_financing_reason)
        self.fake.plan = []
        invoice.action_dental_se_financing_retry()
        self.assertEqual(request.external_id, external_id, "it may have been registered: the same invoice")
        self.run_queue()
        self.assertEqual(request.state, "registered")

    def test_wrong_credentials_wait_for_the_settings(self):
        self.provider.api_key = "wrong"
        invoice = self._invoice(700.0)
        invoice.action_dental_se_register()
        with self.assertLogs("odoo.addons.dental_se.models.dental_se_financing_request", "WARNING"):
            self.run_queue()
        request = invoice.dental_se_financing_ids
        self.assertEqual(request.state, "queued")
        self.assertIn("credentials", request.error_text)

    def test_restart_mid_send(self):
        """A run stopped after claiming (nothing sent) and another after sending (no answer written): the next
        run sends both, each registered once."""
        first_invoice, second_invoice = self._invoice(100.0), self._invoice(200.0, patient=self.patient)
        first_invoice.action_dental_se_register()
        second_invoice.action_dental_se_register()
        first, second = first_invoice.dental_se_financing_ids, second_invoice.dental_se_financing_ids
        claimed = self.Request._dental_claim()
        self.assertEqual(claimed, first | second)
        self.assertEqual(set(claimed.mapped("state")), {"sending"})
        # the second reached the provider, then the worker died before writing the answer
        second.provider_id._dental_client().register(second.request_body)
        self.assertEqual(len(self.fake.invoices), 1)
        self.run_queue()
        self.assertEqual((first.state, second.state), ("registered", "registered"))
        self.assertEqual(len(self.fake.invoices), 2, "each registered once")
        self.assertEqual(second.reference, self.fake.invoices[second.external_id]["id"])

    def test_paid_at_the_clinic_is_cancelled_at_the_provider(self):
        invoice = self.registered_invoice(1500.0)
        request = invoice.dental_se_financing_ids
        self._pay(1500.0, mode="pay", invoice=invoice, method="card")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.run_queue()
        self.assertEqual((request.state, request.cancel_reason), ("cancelled", "paid_at_clinic"))
        self.assertEqual(self.fake.invoices[request.external_id]["status"], "cancelled")
        self.assertEqual(len(self.fake.cancellations()), 1)
        # the provider's own callback about it changes nothing
        self.assertEqual(self.receive(invoice, "invoice.cancelled"), "ignored")
        self.run_queue()
        self.assertEqual(len(self.fake.cancellations()), 1)

    def test_cancel_refused_when_already_paid_at_the_provider(self):
        invoice = self.registered_invoice(1500.0)
        request = invoice.dental_se_financing_ids
        self.fake.invoices[request.external_id]["status"] = "paid"
        self._pay(1500.0, mode="pay", invoice=invoice, method="cash")
        self.run_queue()
        self.assertEqual((request.state, request.error_code), ("failed", "already_paid"))
        self.assertIn("refused to cancel", invoice.dental_se_financing_reason)

    def test_unknown_invoice_callback_is_recorded(self):
        payload = {"event_id": "evt-x", "type": "invoice.paid", "invoice_id": "PZ-unknown", "external_id": "nope"}
        self.assertEqual(self.Event.sudo()._dental_receive(self.provider.sudo(), payload), "unknown")
        self.assertEqual(self.Event.sudo()._dental_receive(self.provider.sudo(), payload), "duplicate")

    def test_branch_without_provider(self):
        self.provider.active = False
        invoice = self._invoice(100.0)
        self.assertFalse(invoice.dental_se_can_register)
        with self.assertRaises(UserError):
            invoice.action_dental_se_register()

    def test_status_sms_in_the_patients_language(self):
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"]._load_module_terms(["dental_se"], ["sv_SE"], overwrite=True)
        self.patient.partner_id.lang = "sv_SE"
        invoice = self.registered_invoice()
        self.assertTrue(
            any("är skickad till Payzmart" in text for text in self._sms_bodies(invoice)), self._sms_bodies(invoice)
        )

    def test_paid_at_the_provider_before_the_cancel(self):
        """Paid at the desk, then the provider's "paid" arrives before the cancel went out: shown, not hidden."""
        invoice = self.registered_invoice(1500.0)
        self._pay(1500.0, mode="pay", invoice=invoice, method="cash")
        self.Request._dental_mark_paid_elsewhere()
        self.assertEqual(invoice.dental_se_financing_state, "to_cancel")
        self.assertEqual(self.receive(invoice, "invoice.paid", amount=1500.0), "applied")
        request = invoice.dental_se_financing_ids
        self.assertEqual(request.state, "paid")
        self.assertFalse(request.payment_id, "no second payment on a paid invoice")
        self.assertIn("refund the patient", invoice.dental_se_financing_reason)
