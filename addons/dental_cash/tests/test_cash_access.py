from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import TZ, DentalCashCommon


@tagged("post_install", "-at_install")
class TestCashAccess(DentalCashCommon):
    """Branch scoping of the cash desk: another branch's patients, shared patients' money, discounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = cls.company.parent_id
        cls.branch_b = cls.env["res.company"].create(
            {"name": "Cash Test Branch B", "parent_id": cls.head.id, "country_id": cls.head.country_id.id}
        )
        cls.env.cr.precommit.run()  # the branch's accounting set-up
        cls.branch_b.write({"dental_past_edit_until": False, "dental_auto_distribute": False})
        cls.user_registrar_b = mail_new_test_user(
            cls.env,
            login="cash_registrar_b",
            name="Cash Registrar B",
            groups="dental_patient.group_registrar",
            company_id=cls.branch_b.id,
            company_ids=[cls.branch_b.id],
            tz=TZ,
        )
        cls.user_both = mail_new_test_user(
            cls.env,
            login="cash_registrar_ab",
            name="Cash Registrar AB",
            groups="dental_patient.group_registrar",
            company_id=cls.company.id,
            company_ids=[cls.company.id, cls.branch_b.id],
            tz=TZ,
        )
        # a patient of the head company: shared by both branches
        cls.shared = cls.env["dental.patient"].create(
            {"last_name": "Shared", "first_name": "Petr", "company_id": cls.head.id, "birth_date": "1970-01-01"}
        )
        cls.patient.write({"inn": "500100732259"})

    def _env(self, user, *companies):
        return self.env(user=user, context=dict(self.env.context, allowed_company_ids=[c.id for c in companies]))

    def _invoice_in(self, company, patient, amount, **line_vals):
        invoice = self._env(self.env.user, company)["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": patient.partner_id.id,
                "invoice_date": self.day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.service_consult.id,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            **line_vals,
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_close_dialog_only_for_a_day_of_the_users_branch(self):
        """The closing dialog reads the day's figures as superuser: a senior registrar of branch B cannot open it
        on branch A's day (with a count given, nothing else would read the day as the user)."""
        senior_b = mail_new_test_user(
            self.env,
            login="cash_senior_b",
            name="Cash Senior B",
            groups="dental_patient.group_registrar,dental_cash.group_cash_senior",
            company_id=self.branch_b.id,
            company_ids=[self.branch_b.id],
            tz=TZ,
        )
        closing = self.env["dental.cash.closing"].create({"company_id": self.company.id, "date": self.day})
        Wizard = self._env(senior_b, self.branch_b)["dental.cash.close.wizard"]
        with self.assertRaises(AccessError):
            Wizard.create({"closing_id": closing.id, "counted_cash": 1.0})
        # the day of the user's own branch opens
        own = self.env["dental.cash.closing"].create({"company_id": self.branch_b.id, "date": self.day})
        self.assertEqual(Wizard.create({"closing_id": own.id, "counted_cash": 1.0}).cash_closing, own.cash_closing)

    # ------------------------------------------------------------------ another branch's patient
    def test_tax_certificate_refuses_another_branchs_patient(self):
        Certificate = self._env(self.user_registrar_b, self.branch_b)["dental.tax.certificate"]
        year = self.day.year
        for patient, taxpayer in (
            (self.patient, self.patient),
            (self.shared, self.patient),
            (self.patient, self.shared),
        ):
            with self.assertRaises(UserError), self.cr.savepoint():
                Certificate.create({"patient_id": patient.id, "taxpayer_id": taxpayer.id, "year": year})
        with self.assertRaises(UserError), self.cr.savepoint():
            # a certificate of branch B cannot be moved onto branch A's patient
            certificate = Certificate.create(
                {"patient_id": self.shared.id, "taxpayer_id": self.shared.id, "year": year}
            )
            certificate.write({"patient_id": self.patient.id})
        # the head company's patient is shared: branch B issues his certificate
        certificate = Certificate.create({"patient_id": self.shared.id, "taxpayer_id": self.shared.id, "year": year})
        self.assertEqual(certificate.company_id, self.branch_b)

    def test_payment_wizard_refuses_another_branchs_patient(self):
        self._invoice_in(self.company, self.patient, 900.0)
        env_b = self._env(self.user_registrar_b, self.branch_b)
        Wizard = env_b["dental.payment.wizard"]
        for mode in ("debt", "deposit", "withdraw"):
            with self.assertRaises(UserError), self.cr.savepoint():
                Wizard.create({"mode": mode, "patient_id": self.patient.id, "cash_amount": 1.0})
        with self.assertRaises(UserError), self.cr.savepoint():
            Wizard.create({"mode": "deposit", "patient_id": self.shared.id, "payer_id": self.patient.id})
        # the dialog's figures (read without record rules) are not computed for a card the user cannot read
        with self.assertRaises(AccessError):
            Wizard.new({"mode": "debt", "patient_id": self.patient.id}).debt  # noqa: B018
        with self.assertRaises(AccessError):
            self.patient.with_env(env_b)._dental_money_figures()
        # the branch's own dialog works for the shared patient
        wizard = Wizard.create({"mode": "deposit", "patient_id": self.shared.id, "cash_amount": 300.0})
        self.assertEqual(wizard.debt, 0.0)

    def test_bill_wizard_refuses_another_branchs_appointment(self):
        event = self._appointment(services=self.service_consult)
        with self.assertRaises(UserError):
            self._env(self.user_registrar_b, self.branch_b)["dental.bill.wizard"].create({"appointment_id": event.id})

    def test_invoice_and_payment_patient_is_of_the_branch(self):
        with self.assertRaises(UserError), self.cr.savepoint():
            self._env(self.env.user, self.branch_b)["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.shared.partner_id.id,
                    "dental_patient_id": self.patient.id,
                }
            )
        journal = self.branch_b._dental_payment_journal("cash")
        with self.assertRaises(UserError), self.cr.savepoint():
            self._env(self.env.user, self.branch_b)["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.shared.partner_id.id,
                    "dental_payer_id": self.patient.id,
                    "amount": 10.0,
                    "journal_id": journal.id,
                }
            )

    # ------------------------------------------------------------------ shared patient's money
    def test_shared_patients_money_is_per_branch(self):
        self._invoice_in(self.company, self.shared, 1000.0)
        self._invoice_in(self.branch_b, self.shared, 700.0)
        figures_a = self.shared.with_env(self._env(self.user_registrar, self.company))
        self.assertEqual((figures_a.kpi_invoiced, figures_a.kpi_debt), (1000.0, 1000.0))
        self.assertNotIn("Branch", figures_a.dental_doctor_money_html)
        figures_b = self.shared.with_env(self._env(self.user_registrar_b, self.branch_b))
        self.assertEqual((figures_b.kpi_invoiced, figures_b.kpi_debt), (700.0, 700.0))
        both = self.shared.with_env(self._env(self.user_both, self.company, self.branch_b))
        self.assertEqual((both.kpi_invoiced, both.kpi_debt), (1700.0, 1700.0))
        html = both.dental_doctor_money_html
        self.assertIn("Branch", html)
        self.assertIn(self.company.name, html)
        self.assertIn("Cash Test Branch B", html)
        # the schedule's debt icon: the same scope
        Event = self._env(self.user_registrar_b, self.branch_b)["calendar.event"]
        self.assertEqual(Event._dental_patient_debts(self.shared), {self.shared.id: 700.0})
        Event = self._env(self.user_both, self.company, self.branch_b)["calendar.event"]
        self.assertEqual(Event._dental_patient_debts(self.shared), {self.shared.id: 1700.0})
        # the dialogs show the debt and deposit of their own branch
        wizard = self._env(self.user_both, self.company, self.branch_b)["dental.payment.wizard"].new(
            {"mode": "debt", "patient_id": self.shared.id, "company_id": self.branch_b.id}
        )
        self.assertEqual(wizard.debt, 700.0)

    def test_plan_money_is_per_branch(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1)])
        event = self._appointment(plan_lines=plan.order_line)
        self._bill(event, cash_amount=3000.0)
        self.assertEqual((plan.dental_amount_invoiced, plan.dental_amount_paid), (5000.0, 3000.0))
        elsewhere = plan.with_env(self._env(self.env.user, self.branch_b))
        self.assertEqual((elsewhere.dental_amount_invoiced, elsewhere.dental_amount_paid), (0.0, 0.0))

    # ------------------------------------------------------------------ manual discounts
    def _registrar_invoice(self, lines, user=None, patient=None):
        return (
            self.env["account.move"]
            .with_user(user or self.user_registrar)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (patient or self.patient).partner_id.id,
                    "invoice_date": self.day,
                    "invoice_line_ids": [
                        Command.create({"product_id": self.service_consult.id, "tax_ids": [Command.clear()], **vals})
                        for vals in lines
                    ],
                }
            )
        )

    def test_lower_price_is_a_discount(self):
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            self._registrar_invoice([{"price_unit": 500.0}])  # 50% below the list price (1 000)
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            self._registrar_invoice([{"price_unit": 950.0, "discount": 10.0}])  # 14.5% in all
        invoice = self._registrar_invoice([{"price_unit": 950.0}])  # 5%: within the limit
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            invoice.invoice_line_ids.with_user(self.user_registrar).write({"price_unit": 100.0})
        # an amount taken off by hand is a discount too
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            self._registrar_invoice([{"price_unit": 1000.0}, {"price_unit": -400.0}])
        self._registrar_invoice([{"price_unit": 500.0}], user=self.user_director)
        self._registrar_invoice([{"price_unit": 1200.0, "discount": 10.0}])  # still above the list price

    def test_lower_price_on_the_bill_wizard(self):
        event = self._appointment(services=self.service_filling)
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        wizard.line_ids.write({"price_unit": 2500.0})
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            wizard.action_confirm()
        wizard.line_ids.write({"price_unit": 4600.0})  # 8%
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.amount_total, 4600.0)

    def test_plan_price_is_the_reference(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1)])
        plan.order_line.price_unit = 4000.0  # the approved plan's price, below the list price
        event = self._appointment(plan_lines=plan.order_line)
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        self.assertEqual(wizard.line_ids.price_unit, 4000.0)
        wizard.line_ids.write({"price_unit": 3000.0})  # 25% below the plan
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            wizard.action_confirm()
        wizard.line_ids.write({"price_unit": 4000.0})
        invoice = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.amount_total, 4000.0)

    def test_programme_must_apply_to_the_patient(self):
        Program = self.env["loyalty.program"]
        values = {"dental_discount": True, "dental_discount_value": 30.0}
        others = Program.create(
            {
                **values,
                "name": "Friends",
                "dental_recipient": "patients",
                "dental_patient_ids": [Command.set(self.relative.ids)],
            }
        )
        expired = Program.create({**values, "name": "Old", "date_to": self.day - timedelta(days=1)})
        inactive = Program.create({**values, "name": "Off", "active": False})
        branch_b = Program.create({**values, "name": "Branch B", "company_id": self.branch_b.id})
        for program in (others, expired, inactive):
            with self.assertRaisesRegex(UserError, "does not apply"), self.cr.savepoint():
                self._registrar_invoice(
                    [{"price_unit": 1000.0, "discount": 30.0, "dental_discount_program_id": program.id}]
                )
        with self.assertRaises(UserError), self.cr.savepoint():  # another branch's: not even readable
            self._registrar_invoice(
                [{"price_unit": 1000.0, "discount": 30.0, "dental_discount_program_id": branch_b.id}]
            )
        invoice = self._registrar_invoice(
            [{"price_unit": 1000.0, "discount": 30.0, "dental_discount_program_id": others.id}], patient=self.relative
        )
        self.assertEqual(invoice.amount_total, 700.0)
        # the patient of the invoice changes: the programme no longer applies
        with self.assertRaisesRegex(UserError, "does not apply"), self.cr.savepoint():
            invoice.with_user(self.user_registrar).write({"partner_id": self.patient.partner_id.id})
        # a fixed-amount programme takes off no more than it gives
        fixed = Program.create(
            {**values, "name": "Minus 100", "dental_discount_mode": "amount", "dental_discount_value": 100.0}
        )
        with self.assertRaisesRegex(UserError, "more than the programme"), self.cr.savepoint():
            self._registrar_invoice(
                [{"price_unit": 1000.0}, {"price_unit": -300.0, "dental_discount_program_id": fixed.id}]
            )
        invoice = self._registrar_invoice(
            [{"price_unit": 1000.0}, {"price_unit": -100.0, "dental_discount_program_id": fixed.id}]
        )
        self.assertEqual(invoice.amount_total, 900.0)

    def test_native_invoices_stay_native(self):
        """The front desk's rules apply to dental invoices made by dental users: not to accountants' work."""
        customer = self.env["res.partner"].create({"name": "A supplier's customer", "company_id": self.company.id})
        toothbrush = self.env["product.product"].create({"name": "Toothbrush", "list_price": 100.0})
        invoice = (
            self.env["account.move"]
            .with_user(self.user_registrar)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_line_ids": [Command.create({"product_id": toothbrush.id, "discount": 50.0})],
                }
            )
        )
        self.assertEqual(invoice.invoice_line_ids.discount, 50.0)
        # a dental service billed to a contact who is not a patient is still the clinic's price
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            self.env["account.move"].with_user(self.user_registrar).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_line_ids": [Command.create({"product_id": self.service_consult.id, "discount": 50.0})],
                }
            )
        accountant = self.env["account.move"].with_user(self.user_accountant)
        invoice = accountant.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.patient.partner_id.id,
                "invoice_line_ids": [Command.create({"product_id": self.service_consult.id, "discount": 80.0})],
            }
        )
        self.assertEqual(invoice.invoice_line_ids.discount, 80.0)
        # a registrar cannot step outside the rule by leaving the patient off the invoice
        with self.assertRaisesRegex(UserError, "Director"), self.cr.savepoint():
            self.env["account.move"].with_user(self.user_registrar).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "dental_patient_id": False,
                    "invoice_line_ids": [Command.create({"product_id": self.service_consult.id, "discount": 80.0})],
                }
            )
