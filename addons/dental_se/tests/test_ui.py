from odoo import Command
from odoo.tests import HttpCase, tagged

from .fake_provider import API_KEY, MERCHANT, SECRET, FakeProvider


@tagged("post_install", "-at_install")
class TestFinancingTour(HttpCase):
    def setUp(self):
        super().setUp()
        self.fake = FakeProvider()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        self.company = self.env.ref("base.main_company")
        self.company.dental_past_edit_until = False
        self.env["res.lang"]._activate_lang(
            "en_US"
        )  # the demo database may speak another language; the tour reads English
        self.env.ref("base.user_admin").write({"lang": "en_US", "company_id": self.company.id})
        self.env["dental.se.financing.provider"].search([("company_id", "=", self.company.id)]).active = False
        self.env["dental.se.financing.provider"].create(
            {
                "name": "Tour Provider",
                "company_id": self.company.id,
                "endpoint": self.fake.url,
                "merchant_id": MERCHANT,
                "api_key": API_KEY,
                "webhook_secret": SECRET,
                "journal_id": self.company._dental_payment_journal("bank").id,
                "max_retries": 0,
            }
        )
        patient = self.env["dental.patient"].create(
            {
                "last_name": "Turist",
                "first_name": "Karin",
                "se_personal_id": "19811218-9876",
                "company_id": self.company.id,
            }
        )
        self.invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": patient.partner_id.id,
                "company_id": self.company.id,
                "invoice_line_ids": [
                    Command.create({"name": "Crown", "quantity": 1, "price_unit": 6000.0, "tax_ids": [Command.clear()]})
                ],
            }
        )
        self.invoice.action_post()

    def test_register_invoice_and_see_its_status(self):
        url = f"/odoo/action-account.action_move_out_invoice_type/{self.invoice.id}"
        self.start_tour(url, "dental_se_register_invoice", login="admin")
        self.assertEqual(self.invoice.dental_se_financing_state, "queued")
        self.env["dental.se.financing.request"]._dental_process_queue()
        request = self.invoice.dental_se_financing_ids
        self.assertEqual(request.state, "registered")
        self.assertEqual(len(self.fake.invoices), 1)
        payload = {"event_id": "tour-1", "type": "invoice.accepted", "plan": {"type": "instalments", "months": 6}}
        payload.update(invoice_id=request.reference, external_id=request.external_id)
        provider = request.provider_id.sudo()
        self.env["dental.se.financing.event"].sudo()._dental_receive(provider, payload)
        self.start_tour(url, "dental_se_invoice_status", login="admin")
        self.assertEqual(self.invoice.dental_se_financing_state, "accepted")
