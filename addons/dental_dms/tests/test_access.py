from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalDmsCommon


@tagged("post_install", "-at_install")
class TestDmsAccess(DentalDmsCommon):
    def test_contracts_and_prices_director_and_accountant(self):
        for user in (self.user_registrar, self.user_coordinator, self.user_doctor):
            self.contract.with_user(user).read(["name", "copay_percent"])
            with self.assertRaises(AccessError, msg=user.login):
                self.contract.with_user(user).write({"copay_percent": 50.0})
            with self.assertRaises(AccessError, msg=user.login):
                self.pricelist.item_ids[0].with_user(user).write({"fixed_price": 1.0})
        for user in (self.user_director, self.user_accountant):
            self.contract.with_user(user).write({"copay_percent": 20.0})
        self.pricelist.item_ids[0].with_user(self.user_director).write({"fixed_price": 4100.0})

    def test_registrar_handles_policies_and_approvals(self):
        registrar = self.user_registrar
        policy = (
            self.env["dental.insurance.policy"]
            .with_user(registrar)
            .create(
                {
                    "name": "POL-R",
                    "patient_id": self.patient_2.id,
                    "contract_id": self.contract.id,
                    "date_start": self.today,
                    "date_end": self.today,
                }
            )
        )
        self.assertEqual(policy.state, "valid")
        approval = self._approval(env=self.env(user=registrar))
        self.assertEqual(approval.state, "approved")
        invoice, __ = self._bill(self._visit(self.filling_line), env=self.env(user=registrar))
        self.assertTrue(invoice)

    def test_only_accountants_invoice_the_insurer(self):
        self._approval()
        self._bill(self._visit(self.filling_line))
        values = {
            "insurer_id": self.insurer.id,
            "company_id": self.company.id,
            "date_from": self.day,
            "date_to": self.day,
        }
        wizard = self.env["dental.dms.registry.wizard"].with_user(self.user_registrar).create(values)
        self.assertEqual(wizard.service_count, 1, "the front desk may print the registry")
        with self.assertRaises(AccessError):
            wizard.action_create_invoice()
        wizard = self.env["dental.dms.registry.wizard"].with_user(self.user_accountant).create(values)
        action = wizard.action_create_invoice()
        self.assertTrue(action["res_id"])

    def test_sections_reach_the_new_models(self):
        user = self.env["res.users"].create(
            {
                "name": "Section money",
                "login": "dms_section_money",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "groups_id": [(6, 0, [self.env.ref("dental_patient.group_section_money_read").id])],
            }
        )
        approval = self._approval()
        approval.with_user(user).read(["state"])
        with self.assertRaises(AccessError):
            approval.with_user(user).write({"note": "x"})
        self.env["dental.dms.service"].with_user(user).search([])

    def test_insurer_part_of_an_invoice_line_is_server_only(self):
        # a client setting the insurer's part would hide a manual discount: refused
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(self.user_registrar).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.service_filling.id,
                                "price_unit": 100.0,
                                "dental_dms_price_unit": 100.0,
                                "dental_dms_insurer_amount": 0.0,
                            }
                        )
                    ],
                }
            )

    def test_plan_opens_for_a_salesman_without_approvals(self):
        # Odoo's own sales users read plans (quotations) but no policies or approvals: the plan still opens
        user = self.env["res.users"].create(
            {
                "name": "Plain salesman",
                "login": "dms_salesman",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman_all_leads").id])],
            }
        )
        self._approval()
        plan = self.plan.with_user(user)
        self.assertFalse(self.env["dental.dms.approval"].with_user(user).has_access("read"))
        plan.read(["name", "dental_dms_approval_count", "dental_dms_policy_id", "dental_dms_remaining"])
        self.assertEqual(plan.dental_dms_approval_count, 0)
        self.assertFalse(plan.dental_dms_policy_id)

    def test_salesman_without_approvals_does_not_invoice_a_plan(self):
        # Odoo's own sales users read no approvals, and bill no patient's plan (dental_chart): the plan under ДМС
        # is not invoiced at the patient's full price behind the approvals' back
        user = self.env["res.users"].create(
            {
                "name": "Invoicing salesman",
                "login": "dms_salesman_invoicing",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman_all_leads").id])],
            }
        )
        self._approval()
        self._visit(self.filling_line)
        self.assertFalse(self.env["dental.dms.approval.line"].with_user(user).has_access("read"))
        with self.assertRaisesRegex(AccessError, "front desk or accounting"):
            self.plan.with_user(user)._create_invoices()
        self.assertFalse(self.plan.invoice_ids)
