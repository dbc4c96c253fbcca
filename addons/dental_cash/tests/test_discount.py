from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestDiscount(DentalCashCommon):
    @classmethod
    def _program(cls, name, **vals):
        values = {"name": name, "dental_discount": True, "dental_discount_value": 10.0}
        values.update(vals)
        return cls.env["loyalty.program"].create(values)

    _hour = 8.0

    def _wizard(self, patient=None, services=None):
        TestDiscount._hour += 1.0
        event = self._appointment(
            hour=self._hour, patient=patient, services=services or (self.service_filling | self.service_consult)
        )
        return self.env["dental.bill.wizard"].create({"appointment_id": event.id})

    def test_program_is_an_odoo_promotion(self):
        program = self._program(
            "Ten", dental_scope="listed", dental_product_ids=[Command.set(self.service_filling.ids)]
        )
        self.assertEqual(program.program_type, "promotion")
        reward = program.reward_ids
        self.assertEqual((reward.reward_type, reward.discount, reward.discount_mode), ("discount", 10.0, "percent"))
        self.assertEqual(reward.discount_applicability, "specific")
        self.assertEqual(reward.discount_product_ids, self.service_filling)

    def test_scopes(self):
        whole = self._program("Whole", dental_discount_value=5.0)
        listed = self._program(
            "Listed", dental_scope="listed", dental_product_ids=[Command.set(self.service_consult.ids)]
        )
        excepted = self._program(
            "Except", dental_scope="except", dental_product_ids=[Command.set(self.service_filling.ids)]
        )
        wizard = self._wizard()
        lines = wizard.line_ids
        self.assertEqual(whole._dental_discount_amount(lines), 300.0)  # 5% of 6 000
        self.assertEqual(listed._dental_discount_amount(lines), 100.0)  # 10% of the consultation
        self.assertEqual(excepted._dental_discount_amount(lines), 100.0)  # 10% of all but the filling
        wizard.program_id = listed
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        consult = invoice.invoice_line_ids.filtered(lambda ml: ml.product_id == self.service_consult)
        filling = invoice.invoice_line_ids.filtered(lambda ml: ml.product_id == self.service_filling)
        self.assertEqual((consult.discount, consult.dental_discount_program_id), (10.0, listed))
        self.assertEqual(filling.discount, 0.0)
        self.assertEqual(invoice.amount_total, 5900.0)

    def test_fixed_amount_programme(self):
        program = self._program("Minus 700", dental_discount_mode="amount", dental_discount_value=700.0)
        wizard = self._wizard()
        self.assertEqual(wizard.program_id, program)
        self.assertEqual(wizard.amount_total, 5300.0)
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.amount_total, 5300.0)
        discount_line = invoice.invoice_line_ids.filtered("dental_discount_program_id")
        self.assertEqual(discount_line.price_subtotal, -700.0)

    def test_recipients(self):
        seniors = self._program("Seniors", dental_recipient="age", dental_age_min=60, dental_age_max=120)
        listed = self._program(
            "Friends", dental_recipient="patients", dental_patient_ids=[Command.set(self.relative.ids)]
        )
        group = self.env["dental.patient.group"].create({"name": "VIP"})
        self.patient_2.group_id = group
        vip = self._program("VIP", dental_recipient="groups", dental_group_ids=[Command.set(group.ids)])
        everyone = self._program("All", dental_discount_value=1.0)
        Program = self.env["loyalty.program"]
        self.assertEqual(Program._dental_applicable(self.patient, self.day, self.company), seniors | everyone)
        self.assertEqual(Program._dental_applicable(self.relative, self.day, self.company), listed | everyone)
        self.assertEqual(Program._dental_applicable(self.patient_2, self.day, self.company), vip | everyone)

    def test_validity(self):
        expired = self._program("Old", date_to=self.day - timedelta(days=1))
        future = self._program("Later", date_from=self.day + timedelta(days=1))
        current = self._program("Now", date_from=self.day, date_to=self.day)
        applicable = self.env["loyalty.program"]._dental_applicable(self.patient, self.day, self.company)
        self.assertIn(current, applicable)
        self.assertNotIn(expired, applicable)
        self.assertNotIn(future, applicable)

    def test_best_discount_is_picked(self):
        self._program("Small", dental_discount_value=5.0)
        big = self._program("Big amount", dental_discount_mode="amount", dental_discount_value=1000.0)
        self._program(
            "Listed",
            dental_scope="listed",
            dental_product_ids=[Command.set(self.service_consult.ids)],
            dental_discount_value=50.0,
        )
        wizard = self._wizard()
        self.assertEqual(wizard.program_id, big)  # 1 000 > 50% of the consultation (500) > 5% of 6 000 (300)
        self.company.dental_best_discount = False
        wizard = self._wizard()
        self.assertFalse(wizard.program_id, "without the setting the registrar chooses")

    def test_manual_discount_needs_director_above_limit(self):
        invoice = (
            self.env["account.move"]
            .with_user(self.user_registrar)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": self.service_consult.id, "price_unit": 1000, "discount": 10.0})
                    ],
                }
            )
        )
        with self.assertRaises(UserError):
            invoice.invoice_line_ids.with_user(self.user_registrar).write({"discount": 15.0})
        with self.assertRaises(UserError):
            self.env["account.move"].with_user(self.user_registrar).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": self.service_consult.id, "price_unit": 1000, "discount": 50.0})
                    ],
                }
            )
        invoice.invoice_line_ids.with_user(self.user_director).write({"discount": 50.0})
        self.assertEqual(invoice.invoice_line_ids.discount, 50.0)
        # claiming a programme does not bypass the rule: the percent must be the programme's
        program = self._program("Five", dental_discount_value=5.0)
        with self.assertRaises(UserError):
            invoice.invoice_line_ids.with_user(self.user_registrar).write(
                {"discount": 40.0, "dental_discount_program_id": program.id}
            )

    def test_branch_registrar_approves_a_plan_under_a_head_company_programme(self):
        """A head company's programme applies in its branches: a registrar of the branch alone approves the plan."""
        head = self.company.parent_id
        self._program("Head ten", company_id=head.id)
        self.assertEqual(self.user_registrar.company_ids, self.company, "the registrar works in the branch only")
        plan = self._plan([(self.service_filling, self.tooth_36, 1)], approve=False)
        plan.with_user(self.user_registrar).action_confirm()
        self.assertEqual(plan.state, "sale")
