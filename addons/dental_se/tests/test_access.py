from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalSeFinancingCommon


@tagged("post_install", "-at_install")
class TestFinancingAccess(DentalSeFinancingCommon):
    def test_front_desk_sees_status_and_retries(self):
        self.fake.plan = [("refuse", "invalid_personal_id", "Unknown personal identity number")]
        invoice = self._invoice(500.0)
        invoice.with_user(self.user_registrar).action_dental_se_register()
        self.run_queue()
        as_registrar = invoice.with_user(self.user_registrar)
        self.assertEqual(as_registrar.dental_se_financing_state, "refused")
        requests = self.Request.with_user(self.user_registrar).search([("state", "=", "refused")])
        self.assertEqual(requests, invoice.dental_se_financing_ids)
        as_registrar.action_dental_se_financing_retry()
        self.run_queue()
        self.assertEqual(invoice.dental_se_financing_state, "registered")

    def test_staff_cannot_see_credentials_or_change_settings(self):
        provider = self.provider.with_user(self.user_registrar)
        self.assertEqual(provider.name, "Payzmart")
        for field_name in ("merchant_id", "api_key", "webhook_secret"):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                provider.read([field_name])
        with self.assertRaises(AccessError):
            provider.write({"endpoint": "http://evil.example.com"})
        with self.assertRaises(AccessError):
            provider.with_user(self.user_director).write({"endpoint": "http://evil.example.com"})

    def test_staff_cannot_forge_a_registration_or_a_callback(self):
        invoice = self.registered_invoice()
        request = invoice.dental_se_financing_ids.with_user(self.user_registrar)
        with self.assertRaises(AccessError):
            request.write({"state": "paid"})
        with self.assertRaises(AccessError):
            self.Request.with_user(self.user_registrar).create(
                {
                    "move_id": invoice.id,
                    "company_id": self.company.id,
                    "provider_id": self.provider.id,
                    "amount": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            self.Event.with_user(self.user_director).create(
                {"provider_id": self.provider.id, "event_id": "x", "event_type": "invoice.paid", "result": "applied"}
            )
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_doctor).action_dental_se_register()

    def test_other_branch_sees_nothing(self):
        other = self.env["res.company"].create({"name": "Other Branch"})
        self.registered_invoice()
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "se_outsider",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "groups_id": [(6, 0, self.env.ref("dental_patient.group_registrar").ids)],
            }
        )
        env = self.env(user=outsider, context=dict(self.env.context, allowed_company_ids=other.ids))
        self.assertFalse(env["dental.se.financing.request"].search([]))
        self.assertFalse(env["dental.se.financing.provider"].search([]))
        # even when asking for the clinic's branch, which the user may not use
        self.assertFalse(env["dental.se.financing.request"].sudo(False).search([("company_id", "=", self.company.id)]))
