from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestTreatmentPlan(DentalChartCommon):
    def test_plan_defaults(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        self.assertTrue(plan.is_treatment_plan)
        self.assertEqual(plan.partner_id, self.patient.partner_id)
        self.assertEqual(plan.plan_state, "draft")
        self.assertTrue(plan.require_signature)
        self.assertEqual(plan.order_line.doctor_id, self.doctor)
        self.assertEqual(plan.order_line.dental_duration, 45)
        self.assertEqual(plan.order_line.product_id.invoice_policy, "delivery")

    def test_alternative_plans_are_numbered_per_patient(self):
        plan_a = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        plan_b = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        other = self.env["dental.patient"].create({"last_name": "Other", "first_name": "P"})
        plan_other = self._plan([(self.service_filling, self.tooth_36, 1, 1)], patient=other)
        self.assertEqual((plan_a.plan_number, plan_b.plan_number, plan_other.plan_number), (1, 2, 1))
        self.assertIn("Plan 2", plan_b.display_name)

    def test_plan_customer_must_be_the_patient(self):
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaises(ValidationError):
            self.env["sale.order"].create(
                {"patient_id": self.patient.id, "partner_id": stranger.id, "is_treatment_plan": True}
            )

    def test_unapproved_plan_cannot_be_invoiced(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        with self.assertRaisesRegex(UserError, "not approved"):
            plan._create_invoices()
        # Not through a hand-made invoice line linked to the plan either.
        with self.assertRaisesRegex(UserError, "not approved"), self.env.cr.savepoint():
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.service_filling.id,
                                "quantity": 1,
                                "price_unit": 5000,
                                "sale_line_ids": [Command.set(plan.order_line.ids)],
                            }
                        )
                    ],
                }
            )
        self.assertFalse(self.env["account.move.line"].search([("sale_line_ids", "in", plan.order_line.ids)]))

    def test_no_down_payment_on_an_unapproved_plan(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=plan.ids, active_id=plan.id)
            .create({"advance_payment_method": "percentage", "amount": 30})
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            wizard.create_invoices()
        self.assertFalse(self.env["account.move.line"].search([("sale_line_ids.order_id", "=", plan.id)]))
        plan.action_confirm()
        wizard.create_invoices()
        self.assertEqual(len(plan.invoice_ids), 1)

    def test_only_those_who_bill_invoice_a_plan(self):
        # Doctors, assistants and coordinators write plans with Odoo's sales rights, which let a salesman invoice
        # a quotation: a patient's plan is invoiced by the front desk (or accounting) only, by every route.
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)], approve=True)
        plan.order_line._dental_complete()
        line = {"product_id": self.service_filling.id, "quantity": 1, "price_unit": 5000}
        other_invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.patient.partner_id.id,
                "invoice_line_ids": [Command.create(line)],
            }
        )
        for user in (self.user_doctor, self.user_assistant, self.user_coordinator):
            attempts = {
                "plan": lambda user=user: plan.with_user(user)._create_invoices(),
                "delivered": lambda user=user: self._invoice_wizard(plan, user, "delivered").create_invoices(),
                "down payment": lambda user=user: self._invoice_wizard(plan, user, "percentage").create_invoices(),
                "procedure linked to an invoice line": lambda user=user: plan.order_line.with_user(user).write(
                    {"invoice_lines": [Command.link(other_invoice.invoice_line_ids.id)]}
                ),
                "new procedure linked to an invoice line": lambda user=user: self.env["sale.order.line"]
                .with_user(user)
                .create(
                    {
                        "order_id": plan.id,
                        "product_id": self.service_filling.id,
                        "invoice_lines": [Command.link(other_invoice.invoice_line_ids.id)],
                    }
                ),
                "hand-made line": lambda user=user: self.env["account.move"]
                .with_user(user)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.patient.partner_id.id,
                        "invoice_line_ids": [
                            Command.create({**line, "sale_line_ids": [Command.set(plan.order_line.ids)]})
                        ],
                    }
                ),
            }
            for route, attempt in attempts.items():
                # a hand-made invoice is Odoo's own refusal (salesmen create no journal entries)
                message = "Journal Entry" if route == "hand-made line" else "front desk or accounting"
                with (
                    self.subTest(user=user.login, route=route),
                    self.assertRaisesRegex(AccessError, message),
                    self.env.cr.savepoint(),
                ):
                    attempt()
        self.assertFalse(self.env["account.move.line"].search([("sale_line_ids.order_id", "=", plan.id)]))
        self.assertFalse(plan.order_line.invoice_lines)
        self.assertEqual(plan.order_line.filtered(lambda sol: not sol.display_type).mapped("is_downpayment"), [False])
        # another branch's plan: Odoo's refusal, which names neither the plan nor its title
        other_patient = self.env["dental.patient"].create(
            {"last_name": "Branch", "first_name": "B", "company_id": self.branch_b.id}
        )
        other_plan = (
            self.env["sale.order"]
            .with_company(self.branch_b)
            .create(
                {
                    "patient_id": other_patient.id,
                    "plan_title": "Secret implants",
                    "order_line": [Command.create({"product_id": self.service_filling.id})],
                }
            )
        )
        other_plan.action_confirm()
        self.assertEqual(other_plan.company_id, self.branch_b)
        # the check itself (every route reads the plan as the user first: tested over JSON-RPC too)
        with self.assertRaises(AccessError) as refusal, self.env.cr.savepoint():
            other_plan.with_user(self.user_doctor)._dental_check_billable()
        self.assertNotIn("Secret", str(refusal.exception))
        self.assertNotIn(other_plan.name, str(refusal.exception))
        for route, attempt in {
            "procedure": lambda: other_plan.order_line.with_user(self.user_doctor).write(
                {"invoice_lines": [Command.link(other_invoice.invoice_line_ids.id)]}
            ),
            "new procedure": lambda: self.env["sale.order.line"]
            .with_user(self.user_doctor)
            .create(
                {
                    "order_id": other_plan.id,
                    "product_id": self.service_filling.id,
                    "invoice_lines": [Command.link(other_invoice.invoice_line_ids.id)],
                }
            ),
        }.items():
            with self.subTest(route=route), self.assertRaises(AccessError) as refusal, self.env.cr.savepoint():
                attempt()
            self.assertNotIn("Secret", str(refusal.exception))
            self.assertNotIn(other_plan.name, str(refusal.exception))
        self.assertFalse(other_plan.order_line.invoice_lines)
        # a doctor's own quotation (not a patient's plan) stays Odoo's
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.patient.partner_id.id,
                "order_line": [Command.create({"product_id": self.service_filling.id, "price_unit": 5000})],
            }
        )
        quotation.action_confirm()
        quotation.order_line.qty_delivered = 1
        self.assertTrue(quotation.with_user(self.user_doctor)._create_invoices())
        # the front desk bills the plan
        invoice = plan.with_user(self.user_registrar)._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids.order_id, plan)

    def _invoice_wizard(self, plan, user, method):
        return (
            self.env["sale.advance.payment.inv"]
            .with_user(user)
            .with_context(active_model="sale.order", active_ids=plan.ids, active_id=plan.id)
            .create({"advance_payment_method": method, "amount": 30})
        )

    def test_complete_procedure_records_finding_and_delivery(self):
        caries = self._finding(self.tooth_36, "2026-01-10", diagnosis=self.k02_1, surfaces=self.surface_o)
        plan = self._plan(
            [
                (self.service_filling, self.tooth_36, 1, 1),
                (self.service_anesthesia, self.tooth_36, 1, 1),
            ]
        )
        line = plan.order_line.filtered(lambda sol: sol.product_id == self.service_filling)
        line.surface_ids = self.surface_o
        with self.assertRaisesRegex(UserError, "Approve the plan"):
            line._dental_complete()
        plan.action_dental_approve()
        self.assertEqual(plan.plan_state, "approved")
        finding = line._dental_complete(date="2026-02-01")
        self.assertEqual(line.qty_delivered, 1)
        self.assertEqual(str(line.dental_completed_date), "2026-02-01")
        self.assertEqual(plan.plan_state, "in_progress")
        self.assertEqual(finding.origin, "procedure")
        self.assertEqual(finding.condition_id, self.filling)
        self.assertEqual(finding.tooth_ids, self.tooth_36)
        self.assertEqual(finding.doctor_id, self.doctor)
        self.assertEqual(caries.state, "resolved")
        self.assertEqual(caries.resolved_by_id, finding)
        state = self.env["dental.chart.finding"]._get_chart_state(self.patient, "2026-02-01")
        self.assertEqual(state["36"], finding)
        with self.assertRaisesRegex(UserError, "already completed"):
            line._dental_complete()
        plan.order_line.filtered(lambda sol: sol.product_id == self.service_anesthesia)._dental_complete()
        self.assertEqual(plan.plan_state, "done")
        # delivered quantities are what gets invoiced
        invoice = plan._create_invoices()
        self.assertEqual(sorted(invoice.invoice_line_ids.mapped("quantity")), [1.0, 1.0])

    def test_partial_completion_with_explicit_quantity(self):
        plan = self._plan([(self.service_filling, self.tooth_36 | self.tooth_37, 2, 1)])
        plan.action_confirm()
        other_doctor = self.env["hr.employee"].create({"name": "Dr. Other"})
        finding = plan.order_line._dental_complete(qty=1, doctor=other_doctor)
        self.assertEqual(plan.order_line.qty_delivered, 1)
        self.assertEqual(finding.doctor_id, other_doctor)
        self.assertEqual(plan.plan_state, "in_progress")

    def test_cancelled_plan(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        plan._action_cancel()
        self.assertEqual(plan.plan_state, "cancel")

    def test_plan_report_groups_by_visit(self):
        plan = self._plan(
            [
                (self.service_anesthesia, self.tooth_36, 1, 1),
                (self.service_filling, self.tooth_36, 1, 1),
                (self.service_filling, self.tooth_37, 1, 2),
            ]
        )
        visits = plan._dental_get_visits()
        self.assertEqual([visit[0] for visit in visits], [1, 2])
        self.assertEqual(len(visits[0][1]), 2)
        self.assertEqual(visits[0][3], 50)
        html = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_treatment_plan", plan.ids)[0]
        self.assertIn(b"Composite filling", html)
        self.assertIn(self.patient.name.encode(), html)

    def test_plan_report_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.patient.partner_id.lang = "ru_RU"
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        html = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_treatment_plan", plan.ids)[0]
        self.assertIn("План лечения".encode(), html)

    def test_plan_approved_only_by_its_action(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        for user in (self.user_registrar, self.user_doctor, self.user_director):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                plan.with_user(user).write({"state": "sale"})
            with self.subTest(user=user.login), self.assertRaises(UserError):
                plan.with_user(user).with_context(dental_plan_approval=True).write({"state": "sale"})
        self.assertEqual(plan.plan_state, "draft")
        plan.with_user(self.user_registrar).action_dental_approve()
        self.assertEqual(plan.plan_state, "approved")
        # a quotation that is not a plan keeps Odoo's behaviour
        order = self.env["sale.order"].create({"partner_id": self.patient.partner_id.id})
        order.write({"state": "sale"})
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestAlternativePlans(DentalChartCommon):
    def _alternatives(self):
        plan_a = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        plan_a.plan_title = "A: filling"
        action = plan_a.action_dental_create_alternative()
        plan_b = self.env["sale.order"].browse(action["res_id"])
        plan_b.plan_title = "B: crown"
        plan_c = self._plan([(self.service_filling, self.tooth_37, 1, 1)])
        plan_c.dental_alternative_of_id = plan_a
        return plan_a, plan_b, plan_c

    def test_approving_one_rejects_the_others_and_shows_the_choice(self):
        plan_a, plan_b, plan_c = self._alternatives()
        unrelated = self._plan([(self.service_filling, self.tooth_11, 1, 1)])
        self.assertEqual(plan_b.dental_alternative_of_id, plan_a)
        self.assertEqual((plan_b.plan_number, plan_b.order_line.tooth_ids), (2, self.tooth_36))
        self.assertEqual(plan_a.dental_alternative_ids, plan_b | plan_c)
        self.assertFalse(unrelated.dental_alternative_ids)
        self.assertFalse(plan_a.dental_chosen_plan_id)
        plan_b.with_user(self.user_registrar).action_dental_approve()
        self.assertEqual(plan_b.plan_state, "approved")
        self.assertEqual((plan_a.state, plan_a.plan_state), ("cancel", "rejected"))
        self.assertEqual((plan_c.state, plan_c.plan_state), ("cancel", "rejected"))
        self.assertEqual(unrelated.plan_state, "draft", "a plan outside the set stays")
        for plan in (plan_a, plan_b, plan_c):
            self.assertEqual(plan.dental_chosen_plan_id, plan_b)
        self.assertIn(plan_b.display_name, plan_a.message_ids[0].body)
        # another plan of the set is not approved while one is
        plan_a.action_draft()
        self.assertEqual(plan_a.plan_state, "draft")
        with self.assertRaisesRegex(UserError, "already approved"):
            plan_a.action_dental_approve()
        # the rejection is the server's: not written by a client
        with self.assertRaises(UserError):
            plan_c.with_user(self.user_registrar).write({"dental_rejected": False})

    def test_two_of_one_set_are_not_approved_together(self):
        plan_a, plan_b, _plan_c = self._alternatives()
        with self.assertRaisesRegex(UserError, "one plan"):
            (plan_a | plan_b).action_dental_approve()
        self.assertEqual((plan_a | plan_b).mapped("plan_state"), ["draft", "draft"])

    def test_alternatives_of_one_patient_one_level(self):
        plan_a, plan_b, _plan_c = self._alternatives()
        other = self.env["dental.patient"].create({"last_name": "Other", "first_name": "P"})
        stranger = self._plan([(self.service_filling, self.tooth_36, 1, 1)], patient=other)
        with self.assertRaises(ValidationError):
            stranger.dental_alternative_of_id = plan_a
        with self.assertRaises(ValidationError):
            plan_a.dental_alternative_of_id = plan_b
        lone = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        with self.assertRaises(ValidationError):
            lone.dental_alternative_of_id = plan_b
        # an approved plan does not join a set whose other plan is approved
        plan_a.action_dental_approve()
        approved = self._plan([(self.service_filling, self.tooth_36, 1, 1)], approve=True)
        with self.assertRaisesRegex(ValidationError, "Only one plan"):
            approved.dental_alternative_of_id = plan_a

    def test_back_to_not_approved_restores_the_alternatives(self):
        plan_a, plan_b, plan_c = self._alternatives()
        plan_a.action_dental_approve()
        plan_a.order_line._dental_complete()
        plan_a.with_user(self.user_registrar).action_dental_back_to_draft()
        self.assertEqual((plan_a | plan_b | plan_c).mapped("plan_state"), ["draft", "draft", "draft"])
        self.assertFalse(plan_b.dental_rejected)
        self.assertFalse(plan_b.dental_chosen_plan_id)
        plan_b.action_dental_approve()
        self.assertEqual((plan_a.plan_state, plan_b.plan_state), ("rejected", "approved"))
        with self.assertRaisesRegex(UserError, "approved treatment plan"):
            plan_a.action_dental_back_to_draft()

    def test_back_to_not_approved_refused_once_invoiced(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)], approve=True)
        plan.order_line._dental_complete()
        invoice = plan._create_invoices()
        invoice.action_post()
        for attempt in (
            plan.action_dental_back_to_draft,
            lambda: plan.with_user(self.user_registrar).write({"state": "draft"}),
        ):
            with self.assertRaisesRegex(UserError, "already invoiced"):
                attempt()
        # Odoo's cancel then restore does not get round it
        plan._action_cancel()
        with self.assertRaisesRegex(UserError, "already invoiced"):
            plan.action_draft()
        self.assertEqual(plan.state, "cancel")
