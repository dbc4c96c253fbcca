from odoo.addons.dental_cash.tests.common import DentalCashCommon

from .fake_atol import LOGIN, PASSWORD, FakeAtol


class DentalRuCommon(DentalCashCommon):
    """dental_cash's fixtures in a Russian clinic of its own: a root company on the ``ru`` chart, in roubles."""

    @classmethod
    def _create_test_company(cls, main):
        # named as dental_cash's branch: its tests find the daily summaries by that name
        company = cls.env["res.company"].create({"name": "Cash Test Branch", "country_id": cls.env.ref("base.ru").id})
        cls.env["account.chart.template"].try_loading("ru", company, install_demo=False)
        return company


class DentalRuReceiptCommon(DentalRuCommon):
    """A cloud cash register of the clinic speaking to a fake ATOL Online on 127.0.0.1 (``provider`` and
    ``fake_class`` choose another one)."""

    provider = "atol"
    fake_class = FakeAtol

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = cls.fake_class()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.register = cls.env["dental.ru.cash.register"].create(
            {
                "name": "ATOL Online",
                "company_id": cls.company.id,
                "provider": cls.provider,
                "endpoint": cls.fake.url,
                "login": LOGIN,
                "password": PASSWORD,
                "group_code": "clinic_group",
                "inn": "7707083893",
                "payment_address": "https://smile-clinic.example.com",
                "email": "info@smile-clinic.example.com",
                "timeout": 2.0,
                "max_retries": 1,
                "backoff": 0.01,
            }
        )
        cls.patient.partner_id.email = "kuznetsov@example.com"
        cls.Receipt = cls.env["dental.ru.fiscal.receipt"]

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def run_queue(self):
        self.Receipt._dental_process_queue()
        self.env.invalidate_all()

    def _sent_correction(self, operation, amount, method, base_number):
        """A deposit of ``amount`` and its receipt sent, then its correction sent: (payment, correction, the
        correction's registration at the fake)."""
        payment = self._pay(amount, mode="deposit", method=method)
        self.run_queue()
        correction = payment._dental_correction_receipt(operation, "self", self.day, base_number)
        self.run_queue()
        self.assertEqual(correction.state, "done")
        return payment, correction, self.fake.registrations()[-1]
