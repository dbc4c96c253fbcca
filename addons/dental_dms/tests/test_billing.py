from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DentalDmsCommon


@tagged("post_install", "-at_install")
class TestDmsBilling(DentalDmsCommon):
    def _services(self):
        return self.env["dental.dms.service"].search([("patient_id", "=", self.patient.id)])

    def test_split_invoicing_insurer_and_patient(self):
        self._approval()
        event = self._visit(self.filling_line, services=self.service_consult)
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        self.assertEqual(wizard.dms_policy_id, self.policy, "the policy of the approved procedure")
        covered = wizard.line_ids.filtered("dms_covered")
        self.assertEqual(covered.product_id, self.service_filling, "the consultation is not covered")
        self.assertEqual(covered.dms_insurer_amount, 3600.0)
        self.assertEqual(wizard.dms_amount_insurer, 3600.0)
        self.assertEqual(wizard.amount_total, 1000.0 + 400.0, "consultation + 10 % of the insurer's 4000")
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.partner_id, self.patient.partner_id)
        self.assertEqual(invoice.amount_total, 1400.0)
        filling = invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.service_filling)
        self.assertEqual(filling.price_subtotal, 400.0)
        self.assertEqual(filling.sale_line_ids, self.filling_line, "the plan's procedure is billed")
        self.assertEqual(self.filling_line.qty_to_invoice, 0.0)
        service = self._services()
        self.assertRecordValues(
            service,
            [
                {
                    "policy_id": self.policy.id,
                    "insurer_id": self.insurer.id,
                    "product_id": self.service_filling.id,
                    "service_code": "T-101",
                    "doctor_id": self.doctor.id,
                    "date": self.day,
                    "price_unit": 4000.0,
                    "amount_total": 4000.0,
                    "amount_copay": 400.0,
                    "amount_excess": 0.0,
                    "amount_insurer": 3600.0,
                    "state": "to_invoice",
                    "patient_invoice_id": invoice.id,
                }
            ],
        )
        self.assertEqual(service.approval_line_id.qty_billed, 1.0)
        self.assertEqual(self.patient.dental_dms_debt, 3600.0)

    def test_registry_invoice_and_payment_close_the_dms_debt(self):
        self._approval()
        self._bill(self._visit(self.filling_line))
        other = self.env["dental.patient"].create({"last_name": "Orlov", "first_name": "Petr"})
        self.env["dental.insurance.policy"].create(
            {
                "name": "POL-002",
                "patient_id": other.id,
                "contract_id": self.contract.id,
                "date_start": self.policy.date_start,
                "date_end": self.policy.date_end,
            }
        )
        plan = self._plan([(self.service_filling, self.tooth_36, 1)], patient=other)
        self._approval(plan)
        self._bill(self._visit(plan.order_line, patient=other, day=self.day + timedelta(days=1)))
        wizard = self.env["dental.dms.registry.wizard"].create(
            {
                "insurer_id": self.insurer.id,
                "company_id": self.company.id,
                "date_from": self.day.replace(day=1),
                "date_to": self.today,
            }
        )
        self.assertEqual(wizard.service_count, 2)
        invoice = self.env["account.move"].browse(wizard.action_create_invoice()["res_id"])
        self.assertTrue(invoice.dental_dms_registry)
        self.assertEqual(invoice.partner_id, self.insurer)
        self.assertEqual(invoice.amount_total, 7200.0)
        self.assertEqual(invoice.invoice_line_ids.quantity, 2.0, "grouped by service and price")
        services = self.env["dental.dms.service"].search([("insurer_invoice_id", "=", invoice.id)])
        self.assertEqual(len(services), 2)
        with self.assertRaisesRegex(UserError, "No service"):
            wizard.action_create_invoice()  # nothing left to invoice
        invoice.action_post()
        self.assertEqual(set(services.mapped("state")), {"invoiced"})
        self.assertEqual(self.patient.dental_dms_debt, 3600.0, "not paid yet")
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"payment_date": self.today}
        )._create_payments()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(set(services.mapped("state")), {"paid"})
        self.patient.invalidate_recordset(["dental_dms_debt"])
        self.assertEqual(self.patient.dental_dms_debt, 0.0, "the insurer's payment closed the patient's ДМС debt")
        debt = self.env["dental.dms.debt.report"].search([("invoice_id", "=", invoice.id)])
        self.assertFalse(debt, "a paid invoice leaves the insurer debt report")

    def test_limits_send_the_excess_to_the_patient(self):
        self.contract.write({"limit_year": 5000.0, "limit_visit": 3000.0})
        plan = self._plan([(self.service_filling, self.tooth_36, 1), (self.service_filling, self.tooth_46, 1)])
        self._approval(plan)
        invoice, __ = self._bill(self._visit(plan.order_line[0]))
        service = self._services()
        self.assertEqual(service.amount_insurer, 3000.0, "the visit's limit")
        self.assertEqual(service.amount_excess, 600.0)
        self.assertEqual(invoice.amount_total, 400.0 + 600.0)
        invoice, __ = self._bill(self._visit(plan.order_line[1], day=self.day + timedelta(days=1)))
        second = self._services() - service
        self.assertEqual(second.amount_insurer, 2000.0, "what is left of the year's limit")
        self.assertEqual(invoice.amount_total, 4000.0 - 2000.0)
        self.policy.invalidate_recordset()
        self.assertEqual(self.policy.remaining_amount, 0.0)

    def test_bad_input_bills_nothing(self):
        Move = self.env["account.move"]
        # an unapproved procedure
        event = self._visit(self.filling_line)
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id, "dms_policy_id": self.policy.id})
        moves = Move.search_count([])
        with self.assertRaisesRegex(UserError, "not approved by the insurer"):
            wizard.action_confirm()
        # an expired policy
        self._approval()
        self.policy.date_end = self.day - timedelta(days=1)
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id})
        self.assertEqual(wizard.dms_policy_id, self.policy)
        with self.assertRaisesRegex(UserError, "not valid on"):
            wizard.action_confirm()
        # a price missing in the insurer's list
        self.policy.date_end = self.today + timedelta(days=10)
        self.pricelist.item_ids.filtered(lambda item: item.product_id == self.service_filling).unlink()
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id})
        with self.assertRaisesRegex(UserError, "no price in the price list"):
            wizard.action_confirm()
        self.assertEqual(Move.search_count([]), moves, "no invoice")
        self.assertFalse(self._services(), "no registry line")
        self.assertEqual(event.dental_billing_state, "to_bill")

    def test_unchecked_line_bills_the_patient(self):
        event = self._visit(self.filling_line)
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id, "dms_policy_id": self.policy.id})
        wizard.line_ids.dms_covered = False
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.amount_total, self.filling_line.price_unit)
        self.assertFalse(self._services())

    def test_approved_quantity_is_not_billed_twice(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 2)])
        self._approval(plan, answer={plan.order_line: 1.0})
        event = self._visit(plan.order_line)
        wizard = self.env["dental.bill.wizard"].create({"appointment_id": event.id})
        self.assertEqual(wizard.line_ids.quantity, 2.0)
        with self.assertRaisesRegex(UserError, "not approved"):
            wizard.action_confirm()

    def test_closed_day_locks_insurer_records(self):
        self._approval()
        self._bill(self._visit(self.filling_line))
        service = self._services()
        self.company.dental_past_edit_until = self.day
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            service.amount_insurer = 1.0
        wizard = self.env["dental.dms.registry.wizard"].create(
            {
                "insurer_id": self.insurer.id,
                "company_id": self.company.id,
                "date_from": self.day,
                "date_to": self.day,
                "invoice_date": self.day,
            }
        )
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            wizard.action_create_invoice()  # an insurer invoice on a closed day
        wizard.invoice_date = self.today
        invoice = self.env["account.move"].browse(wizard.action_create_invoice()["res_id"])
        self.assertEqual(service.insurer_invoice_id, invoice, "invoicing a closed day's service is today's money")

    def test_invoice_readers_do_not_drop_its_services(self):
        # the services leave the registry as the superuser when their invoice goes back to draft or is cancelled:
        # refused first to those who only read the invoice, also for a batch holding another move
        self._approval()
        invoice, __ = self._bill(self._visit(self.filling_line))
        service = self._services()
        self.assertTrue(service)
        other = self.env["account.move"].create({"move_type": "entry", "journal_id": self.cash_journal.id})
        reader = self.user_doctor
        self.assertTrue(invoice.with_user(reader).has_access("read"))
        for method in ("button_draft", "button_cancel"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr((invoice | other).with_user(reader), method)()
        self.assertEqual(self._services(), service)
        self.assertEqual(invoice.state, "posted")

    # ------------------------------------------------------------------ billing straight from the plan
    def test_plan_billing_splits_like_the_bill_dialog(self):
        self._approval(answer={self.filling_line: 1.0})  # the implant is rejected: the patient's
        self._visit(self.plan.order_line)
        action = self.plan.with_user(self.user_registrar).action_dental_bill()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.state, "draft")
        filling = invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.service_filling)
        implant = invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.service_implant)
        self.assertRecordValues(
            filling,
            [
                {
                    "price_unit": 400.0,
                    "discount": 0.0,
                    "dental_dms_price_unit": 4000.0,
                    "dental_dms_insurer_amount": 3600.0,
                }
            ],
        )
        self.assertEqual(implant.price_unit, self.implant_line.price_unit, "not approved: the clinic's price")
        self.assertFalse(implant.dental_dms_insurer_amount)
        self.assertFalse(self._services(), "recorded when the invoice is posted")
        invoice.with_user(self.user_registrar).action_post()
        service = self._services()
        self.assertRecordValues(
            service,
            [
                {
                    "product_id": self.service_filling.id,
                    "amount_total": 4000.0,
                    "amount_copay": 400.0,
                    "amount_insurer": 3600.0,
                    "patient_invoice_id": invoice.id,
                    "sale_line_id": self.filling_line.id,
                    "doctor_id": self.doctor.id,
                    "state": "to_invoice",
                }
            ],
        )
        self.assertEqual(service.approval_line_id.qty_billed, 1.0)
        # back to draft: off the registry; posted again: on it again, once
        invoice.button_draft()
        self.assertFalse(self._services())
        invoice.action_post()
        self.assertEqual(len(self._services()), 1)

    def test_plan_billing_and_bill_dialog_give_the_same_split(self):
        self.contract.write({"limit_visit": 3000.0})
        self._approval()
        self._visit(self.filling_line)
        invoice = self.env["account.move"].browse(self.plan.action_dental_bill()["res_id"])
        invoice.action_post()
        plan_service = self._services()
        plan2 = self._plan([(self.service_filling, self.tooth_36, 1)])
        self._approval(plan2)
        event = self._visit(plan2.order_line, day=self.day + timedelta(days=1))
        dialog_invoice, __ = self._bill(event)
        dialog_service = self._services() - plan_service
        fields_ = ["amount_total", "amount_copay", "amount_excess", "amount_insurer"]
        self.assertEqual(plan_service.read(fields_)[0] | {"id": 0}, dialog_service.read(fields_)[0] | {"id": 0})
        self.assertEqual(plan_service.amount_excess, 600.0, "the visit's limit")
        line = lambda inv: inv.invoice_line_ids.filtered(lambda ln: ln.product_id == self.service_filling)  # noqa: E731
        self.assertEqual(line(invoice).price_unit, line(dialog_invoice).price_unit)

    def test_plan_billing_refuses_what_was_billed_meanwhile(self):
        self.contract.limit_year = 3600.0
        self._approval()
        self._visit(self.filling_line)
        draft = self.env["account.move"].browse(self.plan.action_dental_bill()["res_id"])
        # while the plan's invoice waits as a draft, the bill dialog uses the year's limit for the implant
        self._bill(self._visit(self.implant_line, day=self.day + timedelta(days=1)))
        self.assertEqual(self._services().amount_insurer, 3600.0)
        with self.assertRaisesRegex(UserError, "limit of the ДМС policy"):
            draft.action_post()
        self.assertEqual(len(self._services()), 1)

    def test_plan_billing_under_an_expired_policy_bills_nothing(self):
        self._approval()
        self._visit(self.filling_line)
        self.policy.date_end = self.day - timedelta(days=1)
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "not valid on"):
            self.plan.action_dental_bill()
        self.assertEqual(self.env["account.move"].search_count([]), moves)
