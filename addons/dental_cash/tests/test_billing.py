from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestBilling(DentalCashCommon):
    def test_plan_billing_follows_delivered_quantities(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1), (self.service_implant, self.tooth_46, 1)])
        filling, implant = plan.order_line
        with self.assertRaises(UserError):
            plan.action_dental_bill()  # nothing performed yet
        filling._dental_complete(date=self.day, doctor=self.doctor)
        action = plan.with_user(self.user_registrar).action_dental_bill()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.dental_patient_id, self.patient)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.service_filling, "only the performed procedure")
        line = invoice.invoice_line_ids
        self.assertEqual(line.dental_tooth_ids, self.tooth_36)
        self.assertEqual(line.dental_doctor_id, self.doctor)
        self.assertEqual(line.sale_line_ids, filling)
        self.assertEqual(invoice.dental_plan_ids, plan)
        self.assertEqual(implant.qty_to_invoice, 0.0)

    def test_unapproved_plan_cannot_be_billed(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1)], approve=False)
        with self.assertRaises(UserError):
            plan.action_dental_bill()
        # nor through an invoice line linked to it (RPC-level rule of dental_chart)
        with self.assertRaises(UserError):
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.service_filling.id,
                                "price_unit": 5000,
                                "sale_line_ids": [Command.set(plan.order_line.ids)],
                            }
                        )
                    ],
                }
            )

    def test_appointment_one_click_invoice_and_mixed_payment(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1), (self.service_implant, self.tooth_46, 1)])
        filling = plan.order_line[0]
        event = self._appointment(plan_lines=filling, services=self.service_consult)
        self.assertEqual(filling.qty_delivered, 1.0, "completing the visit records the plan procedure as done")
        self.assertEqual(event.dental_billing_state, "to_bill")
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        self.assertEqual(wizard.amount_total, 6000.0)
        self.assertEqual(wizard.invoice_date, self.day)
        self.assertEqual(len(wizard.line_ids), 2)
        wizard.write({"cash_amount": 2000.0, "card_amount": 4000.0})
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.invoice_date, self.day)
        self.assertEqual(invoice.dental_appointment_id, event)
        plan_line = invoice.invoice_line_ids.filtered(lambda ml: ml.sale_line_ids)
        self.assertEqual(plan_line.dental_tooth_ids, self.tooth_36)
        self.assertEqual(plan_line.dental_doctor_id, self.doctor)
        self.assertEqual(plan_line.dental_assistant_id, self.assistant)
        self.assertEqual(filling.qty_invoiced, 1.0)
        payments = self.env["account.payment"].search([("partner_id", "=", self.patient.partner_id.id)])
        self.assertEqual(
            sorted((p.journal_id.dental_payment_kind, p.amount) for p in payments), [("card", 4000.0), ("cash", 2000.0)]
        )
        self.assertEqual(event.dental_billing_state, "billed")
        with self.assertRaises(UserError):
            event.action_dental_bill()

    def test_paid_per_plan_is_the_plan_share_of_each_payment(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1), (self.service_implant, self.tooth_46, 1)])
        other_plan = self._plan([(self.service_filling, self.tooth_46, 1)])
        event = self._appointment(plan_lines=plan.order_line[0] | other_plan.order_line, services=self.service_consult)
        # one invoice: 5000 (plan) + 5000 (other plan) + 1000 (consultation), half of it paid
        invoice, _wizard = self._bill(event, cash_amount=5500.0)
        self.assertEqual(invoice.amount_total, 11000.0)
        self.assertEqual(invoice.amount_residual, 5500.0)
        plan.invalidate_recordset()
        other_plan.invalidate_recordset()
        self.assertAlmostEqual(plan.dental_amount_paid, 2500.0)
        self.assertAlmostEqual(other_plan.dental_amount_paid, 2500.0)
        self.assertAlmostEqual(plan.dental_amount_invoiced, 5000.0, "the plan's line only, not the whole invoice")
        self._pay(5500.0, mode="pay", invoice=invoice)
        plan.invalidate_recordset()
        self.assertAlmostEqual(plan.dental_amount_paid, 5000.0)
        # rolled back: the money is the patient's deposit, not the plan's any more
        invoice.action_dental_rollback()
        plan.invalidate_recordset()
        self.assertAlmostEqual(plan.dental_amount_paid, 0.0)
        self.assertAlmostEqual(plan.dental_amount_invoiced, 0.0, "the credit note cancels the invoice")
        self.assertAlmostEqual(plan.dental_amount_invoiced, plan.amount_invoiced)

    def test_only_completed_appointments_are_billed(self):
        event = self._appointment(services=self.service_consult, complete=False)
        with self.assertRaises(UserError):
            event.action_dental_bill()
        with self.assertRaises(UserError):
            self.env["dental.bill.wizard"].create({"appointment_id": event.id}).action_confirm()
        # not through a hand-made invoice linked to it either
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.patient.partner_id.id,
                "dental_appointment_id": event.id,
                "invoice_line_ids": [Command.create({"product_id": self.service_consult.id, "price_unit": 1000})],
            }
        )
        with self.assertRaises(UserError):
            invoice.action_post()

    def test_schedule_debt_icon_is_the_patients_debt(self):
        event = self._appointment(services=self.service_consult)
        Event = self.env["calendar.event"]
        self.assertFalse(Event._dental_patient_debts(self.patient), "nothing billed, no debt")
        _invoice, _wizard = self._bill(event, cash_amount=400.0)
        self._pay(300.0)  # a deposit is not subtracted from the debt, as on the card
        debt = self._figures()["debt"]
        self.assertGreater(debt, 0.0)
        self.assertEqual(Event._dental_patient_debts(self.patient | self.relative), {self.patient.id: debt})
        self._pay(debt, mode="debt")
        self.assertFalse(Event._dental_patient_debts(self.patient), "the debt is repaid")

    def test_rollback_restores_billable_state(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1)])
        event = self._appointment(plan_lines=plan.order_line)
        invoice, _wizard = self._bill(event, cash_amount=5000.0)
        self.assertEqual(invoice.payment_state, "paid")
        action = invoice.with_user(self.user_registrar).action_dental_rollback()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.amount_total, 5000.0)
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertTrue(invoice.exists(), "nothing is deleted")
        self.assertEqual(plan.order_line.qty_to_invoice, 1.0, "the procedure is billable again")
        self.assertEqual(event.dental_billing_state, "to_bill")
        figures = self._figures()
        self.assertEqual(figures["deposit"], 5000.0, "the payment became the patient's deposit")
        self.assertEqual(figures["debt"], 0.0)
        with self.assertRaises(UserError):
            invoice.action_dental_rollback()
        # billed again, the deposit pays it
        invoice_2, _wizard = self._bill(event)
        self.assertEqual(invoice_2.payment_state, "paid")
        self.assertEqual(self._figures()["deposit"], 0.0)

    def test_patient_invoice_in_the_clinics_words(self):
        # Odoo's "Customer Invoice" heading and "Credit Note" button are replaced on a patient's invoice only
        self.env["res.lang"]._activate_lang("ru_RU")
        arch = self.env["account.move"].with_context(lang="ru_RU").get_views([(False, "form")])["views"]["form"]["arch"]
        tree = etree.fromstring(arch)
        native, dental = tree.xpath("//header/button[@name='action_reverse']")
        self.assertIn("dental_patient_id", native.get("invisible"), "hidden on a patient's invoice")
        self.assertNotIn("not dental_patient_id", native.get("invisible"), "Odoo's button kept for the others")
        self.assertIn("not dental_patient_id", dental.get("invisible"))
        self.assertEqual(dental.get("string"), "Выставить корректировочный счёт")
        heading = tree.xpath("//div[hasclass('oe_title')]/span[hasclass('o_form_label')]")[0]
        self.assertIn("dental_patient_id", heading.xpath("field[@name='move_type']")[0].get("invisible"))
        labels = tree.xpath("//div[hasclass('oe_title')]/div[hasclass('o_form_label')]")
        self.assertEqual([label.text for label in labels], ["Счёт пациента", "Корректировочный счёт пациента"])
