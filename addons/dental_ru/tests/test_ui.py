from odoo.tests import HttpCase, tagged

from .fake_atol import LOGIN, PASSWORD, FakeAtol


@tagged("post_install", "-at_install")
class TestReceiptTours(HttpCase):
    def setUp(self):
        super().setUp()
        self.fake = FakeAtol()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        self.company = self.env.ref("base.main_company")
        self.company.dental_past_edit_until = False
        self.env["res.lang"]._activate_lang("en_US")  # the database speaks Russian; the tours read English
        self.env.ref("base.user_admin").write({"lang": "en_US", "company_id": self.company.id})
        self.env["dental.ru.cash.register"].search([("company_id", "=", self.company.id)]).active = False
        self.env["dental.ru.cash.register"].create(
            {
                "name": "Tour ATOL",
                "company_id": self.company.id,
                "endpoint": self.fake.url,
                "login": LOGIN,
                "password": PASSWORD,
                "group_code": "tour",
                "inn": "7707083893",
                "payment_address": "https://smile-clinic.example.com",
                "max_retries": 0,
            }
        )
        self.patient = self.env["dental.patient"].create(
            {"last_name": "Tourova", "first_name": "Chek", "email": "chek@example.com", "company_id": self.company.id}
        )

    def test_take_payment_and_see_its_receipt(self):
        action = self.env.ref("dental_patient.dental_patient_action")
        self.start_tour(f"/odoo/action-{action.id}/{self.patient.id}", "dental_ru_take_payment", login="admin")
        payment = self.env["account.payment"].search([("partner_id", "=", self.patient.partner_id.id)])
        self.assertEqual((payment.amount, payment.dental_receipt_state), (1200.0, "queued"))
        self.fake.plan = [("refuse", 32, "JSON validation error: client")]
        self.env["dental.ru.fiscal.receipt"]._dental_process_queue()
        self.assertEqual(payment.dental_receipt_state, "failed")
        payments = self.env.ref("dental_cash.dental_payment_action")
        self.start_tour(f"/odoo/action-{payments.id}/{payment.id}", "dental_ru_receipt_status", login="admin")
        self.env.invalidate_all()
        self.assertEqual(payment.dental_receipt_state, "queued")
        self.env["dental.ru.fiscal.receipt"]._dental_process_queue()
        self.assertEqual(payment.dental_receipt_state, "done")
        self.assertEqual(len(self.fake.documents), 1)
