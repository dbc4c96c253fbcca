import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dental_se.tools.financing import sign

from .fake_provider import API_KEY, MERCHANT, SECRET


@tagged("post_install", "-at_install")
class TestFinancingCallbacks(HttpCase):
    """The provider's callback endpoint: signed, idempotent per event id, harmless when repeated."""

    def setUp(self):
        super().setUp()
        self.company = self.env.ref("base.main_company")
        self.company.dental_past_edit_until = False
        self.env["dental.se.financing.provider"].search([("company_id", "=", self.company.id)]).active = False
        self.provider = self.env["dental.se.financing.provider"].create(
            {
                "name": "Callback Provider",
                "company_id": self.company.id,
                "endpoint": "http://127.0.0.1:9/api",
                "merchant_id": MERCHANT,
                "api_key": API_KEY,
                "webhook_secret": SECRET,
                "journal_id": self.company._dental_payment_journal("bank").id,
                "send_sms": False,
            }
        )
        patient = self.env["dental.patient"].create(
            {"last_name": "Andersson", "first_name": "Lars", "company_id": self.company.id}
        )
        self.invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": patient.partner_id.id,
                "company_id": self.company.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Filling", "quantity": 1, "price_unit": 800.0, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        self.invoice.action_post()
        self.request = self.env["dental.se.financing.request"].create(
            {
                "move_id": self.invoice.id,
                "company_id": self.company.id,
                "provider_id": self.provider.id,
                "patient_id": patient.id,
                "amount": 800.0,
                "currency_id": self.invoice.currency_id.id,
            }
        )
        self.request.write({"state": "registered", "reference": "PZ-1"})
        self.url = f"/dental_se/financing/callback/{self.provider.id}"

    def post(self, payload, secret=SECRET, signature=None):
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "X-Signature": signature or sign(secret, body)}
        return self.url_open(self.url, data=body, headers=headers)

    def test_signed_callbacks_once_per_event(self):
        accepted = {
            "event_id": "e1",
            "type": "invoice.accepted",
            "invoice_id": "PZ-1",
            "plan": {"type": "instalments", "months": 6},
        }
        response = self.post(accepted)
        self.assertEqual((response.status_code, response.json()["result"]), (200, "applied"))
        self.assertEqual((self.request.state, self.request.months), ("accepted", 6))
        paid = {"event_id": "e2", "type": "invoice.paid", "invoice_id": "PZ-1", "amount": 800.0}
        self.assertEqual(self.post(paid).json()["result"], "applied")
        again = self.post(paid)
        self.assertEqual((again.status_code, again.json()["result"]), (200, "duplicate"), "a repeat is harmless")
        self.env.invalidate_all()
        self.assertEqual(self.request.state, "paid")
        self.assertEqual(len(self.request.payment_id), 1)
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.request.event_ids.mapped("event_id"), ["e2", "e1"])

    def test_unsigned_or_malformed_callbacks_change_nothing(self):
        paid = {"event_id": "e9", "type": "invoice.paid", "invoice_id": "PZ-1"}
        with self.assertLogs("odoo.addons.dental_se.controllers.main", "WARNING"):
            self.assertEqual(self.post(paid, secret="guessed").status_code, 403)
        with self.assertLogs("odoo.addons.dental_se.controllers.main", "WARNING"):
            self.assertEqual(self.post(paid, signature="sha256=").status_code, 403)
        body = b"not json"
        response = self.url_open(self.url, data=body, headers={"X-Signature": sign(SECRET, body)})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.post({"type": "invoice.paid"}).status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.request.state, "registered")
        self.assertFalse(self.env["dental.se.financing.event"].search([("provider_id", "=", self.provider.id)]))

    def test_unconfigured_provider_and_odd_signatures_refused(self):
        """A provider without a webhook secret refuses everything, even a body signed with the empty key; a
        signature with non-ASCII characters is a 403 (not a server error); a body over 64 KB is never applied."""
        paid = {"event_id": "e10", "type": "invoice.paid", "invoice_id": "PZ-1"}
        self.provider.webhook_secret = False
        self.env.flush_all()
        with self.assertLogs("odoo.addons.dental_se.controllers.main", "WARNING"):
            self.assertEqual(self.post(paid, secret="").status_code, 403)
        self.provider.webhook_secret = SECRET
        self.env.flush_all()
        with self.assertLogs("odoo.addons.dental_se.controllers.main", "WARNING"):
            self.assertEqual(self.post(paid, signature="sha256=\u00e9").status_code, 403)
        body = json.dumps(dict(paid, padding="x" * 70000)).encode()
        response = self.url_open(self.url, data=body, headers={"X-Signature": sign(SECRET, body)})
        self.assertEqual(response.status_code, 413)
        self.env.invalidate_all()
        self.assertEqual(self.request.state, "registered")
        self.assertFalse(self.env["dental.se.financing.event"].search([("provider_id", "=", self.provider.id)]))
