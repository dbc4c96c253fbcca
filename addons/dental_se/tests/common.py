from odoo.addons.dental_cash.tests.common import DentalCashCommon

from .fake_provider import API_KEY, MERCHANT, SECRET, FakeProvider


class DentalSeCommon(DentalCashCommon):
    """dental_cash's fixtures in a Swedish clinic of its own: a root company on the ``se`` chart, in kronor."""

    @classmethod
    def _create_test_company(cls, main):
        # named as dental_cash's branch: its tests find the daily summaries by that name
        company = cls.env["res.company"].create({"name": "Cash Test Branch", "country_id": cls.env.ref("base.se").id})
        cls.env["account.chart.template"].try_loading("se", company, install_demo=False)
        return company


class DentalSeFinancingCommon(DentalSeCommon):
    """A financing provider of the clinic speaking to a fake provider on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeProvider()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.provider = cls.env["dental.se.financing.provider"].create(
            {
                "name": "Payzmart",
                "company_id": cls.company.id,
                "endpoint": cls.fake.url,
                "merchant_id": MERCHANT,
                "api_key": API_KEY,
                "webhook_secret": SECRET,
                "journal_id": cls.bank_journal.id,
                "timeout": 2.0,
                "max_retries": 1,
                "backoff": 0.01,
            }
        )
        cls.patient.se_personal_id = "19811218-9876"
        # the status SMS is in the patient's language (the demo database speaks Russian)
        cls.patient.partner_id.write({"mobile": "+46 70 123 45 67", "lang": "en_US"})
        cls.Request = cls.env["dental.se.financing.request"]
        cls.Event = cls.env["dental.se.financing.event"]

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def run_queue(self):
        self.Request._dental_process_queue()
        self.env.invalidate_all()

    def registered_invoice(self, amount=4000.0):
        """A posted patient invoice the provider has registered."""
        invoice = self._invoice(amount, product=self.service_filling)
        invoice.action_dental_se_register()
        self.run_queue()
        self.assertEqual(invoice.dental_se_financing_state, "registered")
        return invoice

    def receive(self, invoice, event_type, event_id=None, **extra):
        """A signed callback about ``invoice`` as the controller hands it over (signature checked there)."""
        request = invoice.dental_se_financing_ids[:1]
        payload = {
            "event_id": event_id or f"evt-{event_type}-{request.id}",
            "type": event_type,
            "invoice_id": request.reference,
            "external_id": request.external_id,
            **extra,
        }
        result = self.Event.sudo()._dental_receive(self.provider.sudo(), payload)
        self.env.invalidate_all()
        return result
