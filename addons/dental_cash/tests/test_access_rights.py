from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestAccessRights(DentalCashCommon):
    def test_registrar_bills_and_takes_payments(self):
        event = self._appointment(services=self.service_consult)
        registrar = self.env(user=self.user_registrar)
        invoice, _wizard = self._bill(event, env=registrar, cash_amount=1000.0)
        self.assertEqual(invoice.payment_state, "paid")
        self._pay(500.0, mode="deposit", env=registrar)
        operation = registrar["dental.cash.operation"].create(
            {
                "kind": "expense",
                "category_id": self.env.ref("dental_cash.category_office").id,
                "amount": 10.0,
                "description": "Pens",
                "date": self.day,
            }
        )
        operation.action_post()
        self.assertEqual(operation.state, "posted")
        summary = registrar["dental.cash.closing"].action_open_today()
        self.assertEqual(summary["res_model"], "dental.cash.closing")

    def test_new_branch_gets_payment_journals(self):
        branch = self.env["res.company"].create(
            {"name": "Brand New Branch", "parent_id": self.company.root_id.id, "country_id": self.company.country_id.id}
        )
        self.env.cr.precommit.run()  # the chart set-up Odoo runs when the creation is committed
        journals = self.env["account.journal"].search([("company_id", "=", branch.id)])
        self.assertEqual(sorted(journals.mapped("dental_payment_kind")), ["bank", "card", "cash"])
        for journal in journals:
            lines = journal.inbound_payment_method_line_ids | journal.outbound_payment_method_line_ids
            self.assertEqual(lines.payment_account_id, journal.default_account_id)

    def test_coordinator_and_doctor_take_no_money(self):
        for user in (self.user_coordinator, self.user_doctor):
            with self.assertRaises(AccessError):
                self.env["dental.payment.wizard"].with_user(user).create(
                    {"mode": "deposit", "patient_id": self.patient.id, "cash_amount": 10.0}
                )
            with self.assertRaises(AccessError):
                self.env["dental.cash.operation"].with_user(user).create(
                    {
                        "kind": "expense",
                        "category_id": self.env.ref("dental_cash.category_office").id,
                        "amount": 10.0,
                        "description": "x",
                    }
                )

    def test_only_director_configures_discounts_and_categories(self):
        with self.assertRaises(AccessError):
            self.env["loyalty.program"].with_user(self.user_registrar).create(
                {"name": "Self-service", "dental_discount": True}
            )
        with self.assertRaises(AccessError):
            self.env["dental.cash.category"].with_user(self.user_registrar).create({"name": "x", "kind": "expense"})
        self.env["loyalty.program"].with_user(self.user_director).create({"name": "Ok", "dental_discount": True})

    def test_accountant_keeps_odoo_accounting(self):
        invoice = self._invoice(100.0)
        accountant = self.env(user=self.user_accountant)
        self.assertEqual(accountant["account.move"].browse(invoice.id).dental_patient_id.id, self.patient.id)
        accountant["dental.cash.closing"].search([])
        with self.assertRaises(AccessError):
            accountant["dental.cash.closing"].create({"company_id": self.company.id, "date": self.day})
        with self.assertRaises(AccessError):
            accountant["dental.visit.record"].search([])  # no medical data
