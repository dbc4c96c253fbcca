from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DentalCashCommon


class DiscountCommon(DentalCashCommon):
    @classmethod
    def _program(cls, name, **vals):
        values = {"name": name, "dental_discount": True, "dental_discount_value": 10.0}
        values.update(vals)
        return cls.env["loyalty.program"].create(values)

    _hour = 8.0

    def _wizard(self, patient=None, services=None):
        type(self)._hour += 1.0
        event = self._appointment(
            hour=self._hour, patient=patient, services=services or (self.service_filling | self.service_consult)
        )
        return self.env["dental.bill.wizard"].create({"appointment_id": event.id})


@tagged("post_install", "-at_install")
class TestDiscount(DiscountCommon):
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


@tagged("post_install", "-at_install")
class TestPlanDiscount(DiscountCommon):
    """The discount of a plan, the gender criterion, the patient's current discount and cumulative discounts."""

    def _done_plan(self, patient=None):
        plan = self._plan(
            [(self.service_filling, self.tooth_36, 1), (self.service_consult, self.tooth_36, 1)], patient=patient
        )
        plan.order_line._dental_complete()
        return plan

    def test_plan_shows_and_bills_the_best_discount(self):
        self._program("Small", dental_discount_value=5.0)
        ten = self._program("Ten")
        plan = self._done_plan()
        self.assertEqual((plan.dental_program_id, plan.dental_discount_amount), (ten, 600.0))
        invoice = self.env["account.move"].browse(plan.with_user(self.user_registrar).action_dental_bill()["res_id"])
        self.assertEqual(invoice.invoice_line_ids.mapped("discount"), [10.0, 10.0])
        self.assertEqual(invoice.invoice_line_ids.dental_discount_program_id, ten)
        self.assertEqual(invoice.dental_discount_program_id, ten)
        self.assertEqual(invoice.amount_total, 5400.0)
        invoice.with_user(self.user_registrar).action_post()
        self.assertEqual(invoice.amount_total, 5400.0)

    def test_plan_bills_a_fixed_amount(self):
        program = self._program("Minus 700", dental_discount_mode="amount", dental_discount_value=700.0)
        plan = self._done_plan()
        self.assertEqual((plan.dental_program_id, plan.dental_discount_amount), (program, 700.0))
        invoice = self.env["account.move"].browse(plan.action_dental_bill()["res_id"])
        self.assertEqual(invoice.amount_total, 5300.0)
        self.assertEqual(invoice.invoice_line_ids.filtered("dental_discount_program_id").price_subtotal, -700.0)

    def test_plan_without_applicable_discount_or_setting(self):
        self._program("Seniors only", dental_recipient="age", dental_age_min=90)
        plan = self._done_plan()
        self.assertFalse(plan.dental_program_id)
        self._program("Ten")
        self.company.dental_best_discount = False
        plan.invalidate_recordset(["dental_program_id"])
        self.assertFalse(plan.dental_program_id, "without the setting nothing is picked")
        invoice = self.env["account.move"].browse(plan.action_dental_bill()["res_id"])
        self.assertEqual(invoice.amount_total, 6000.0)

    def test_gender_criterion(self):
        self.patient.gender = "male"
        self.relative.gender = "female"
        women = self._program("Women 30+", dental_recipient="age", dental_age_min=30, dental_gender="female")
        men = self._program("Men", dental_gender="male")
        Program = self.env["loyalty.program"]
        self.assertEqual(Program._dental_applicable(self.relative, self.day, self.company), women)
        self.assertEqual(Program._dental_applicable(self.patient, self.day, self.company), men)
        self.assertFalse(Program._dental_applicable(self.patient_2, self.day, self.company), "gender unknown")
        wizard = self._wizard(patient=self.relative)
        self.assertEqual(wizard.program_id, women)
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.amount_total, 5400.0)

    def test_current_discount_of_the_card_wins(self):
        self._program("Big", dental_discount_value=20.0)
        small = self._program("Small", dental_discount_value=5.0)
        self.patient.with_user(self.user_registrar).dental_discount_program_id = small
        self.patient.invalidate_recordset(["dental_program_ids"])  # computed again by each request of the card
        self.assertIn(small, self.patient.dental_program_ids)
        wizard = self._wizard()
        self.assertEqual(wizard.program_id, small)
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.amount_total, 5700.0)
        plan = self._done_plan()
        self.assertEqual((plan.dental_program_id, plan.dental_discount_amount), (small, 300.0))
        invoice = self.env["account.move"].browse(plan.action_dental_bill()["res_id"])
        self.assertEqual(invoice.amount_total, 5700.0)

    def test_current_discount_outside_the_recipients_needs_the_director(self):
        friends = self._program(
            "Friends", dental_recipient="patients", dental_patient_ids=[Command.set(self.relative.ids)]
        )
        self.assertNotIn(friends, self.patient.dental_program_ids)
        with self.assertRaises(UserError):
            self.patient.with_user(self.user_registrar).dental_discount_program_id = friends
        self.assertFalse(self.patient.dental_discount_program_id)
        self.patient.with_user(self.user_director).dental_discount_program_id = friends
        self.patient.invalidate_recordset(["dental_program_ids"])
        self.assertIn(friends, self.patient.dental_program_ids, "activated for him on the card")
        invoice, _wizard = self._bill(self._appointment(hour=15.0, services=self.service_filling), env=self.env)
        self.assertEqual(invoice.amount_total, 4500.0)
        # the registrar bills it: the programme applies to this patient
        invoice, _wizard = self._bill(
            self._appointment(hour=16.0, services=self.service_filling), env=self.env(user=self.user_registrar)
        )
        self.assertEqual(invoice.amount_total, 4500.0)

    def test_cumulative_discount_by_total_paid(self):
        program = self._program(
            "Loyal",
            dental_discount_mode="cumulative",
            dental_threshold_ids=[
                Command.create({"amount_paid": 5000.0, "percent": 5.0}),
                Command.create({"amount_paid": 20000.0, "percent": 15.0}),
            ],
        )
        self.assertEqual(program.reward_ids.discount, 15.0, "Odoo's reward shows the highest step")
        Program = self.env["loyalty.program"]
        self.assertNotIn(program, Program._dental_applicable(self.patient, self.day, self.company))
        self._pay(6000.0)
        self._pay(1000.0, patient=self.relative)
        patients = self.patient | self.relative | self.patient_2
        self.assertEqual(patients.mapped("dental_total_paid"), [6000.0, 1000.0, 0.0])
        self.assertEqual(
            patients._dental_paid_totals(self.company), {self.patient.id: 6000.0, self.relative.id: 1000.0}
        )
        # one grouped query however many patients a list shows
        self.env.flush_all()
        counts = []
        for records in (self.patient, patients):
            records.invalidate_recordset(["dental_total_paid"])
            before = self.env.cr.sql_log_count
            records.mapped("dental_total_paid")
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        wizard = self._wizard()
        self.assertEqual(wizard.program_id, program)
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.amount_total, 5700.0)  # 5% of 6 000
        self._pay(15000.0)
        plan = self._done_plan()
        self.assertEqual(plan.dental_discount_amount, 900.0)  # 15% of 6 000
        invoice = self.env["account.move"].browse(plan.action_dental_bill()["res_id"])
        self.assertEqual(invoice.amount_total, 5100.0)
        self.assertEqual(invoice.invoice_line_ids.mapped("discount"), [15.0, 15.0])

    def test_cumulative_needs_thresholds(self):
        with self.assertRaises(ValidationError):
            self._program("Empty", dental_discount_mode="cumulative")
        with self.assertRaises(ValidationError):
            self._program(
                "Wrong",
                dental_discount_mode="cumulative",
                dental_threshold_ids=[Command.create({"amount_paid": 100.0, "percent": 120.0})],
            )

    def test_registrar_cannot_edit_programmes_or_thresholds(self):
        program = self._program(
            "Loyal",
            dental_discount_mode="cumulative",
            dental_threshold_ids=[Command.create({"amount_paid": 5000.0, "percent": 5.0})],
        )
        threshold = program.dental_threshold_ids
        with self.assertRaises(AccessError):
            threshold.with_user(self.user_registrar).percent = 50.0
        with self.assertRaises(AccessError):
            self.env["dental.discount.threshold"].with_user(self.user_registrar).create(
                {"program_id": program.id, "amount_paid": 0.0, "percent": 50.0}
            )
        with self.assertRaises(AccessError):
            program.with_user(self.user_registrar).dental_gender = "female"
        threshold.with_user(self.user_director).percent = 7.0
        self.assertEqual(threshold.percent, 7.0)
