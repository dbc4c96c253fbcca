from contextlib import contextmanager
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestCashIntegrity(DentalCashCommon):
    """Server-only fields of the cash desk, the lock of reconciliations and the native Register Payment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_office = cls.env.ref("dental_cash.category_office")
        cls.user_plain_accountant = new_test_user(
            cls.env,
            login="cash_plain_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def _close(self, day=None):
        closing = self.env["dental.cash.closing"].create({"company_id": self.company.id, "date": day or self.day})
        closing = closing.with_user(self.user_senior)
        closing.counted_cash = closing.cash_closing  # the day closes with the counted cash
        closing.action_close()
        return closing.with_env(self.env)

    def _receivable(self, move):
        return move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    def _invoice_as(self, env, amount, move_type="out_invoice"):
        invoice = env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.patient.partner_id.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    # a free-text line: any amount without being a discount off a service's list price
                    Command.create({"name": "Consultation", "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _operation(self, env=None, **vals):
        return (env or self.env)["dental.cash.operation"].create(
            {
                "kind": "expense",
                "category_id": self.category_office.id,
                "amount": 300.0,
                "description": "Paper",
                "date": self.today,
                **vals,
            }
        )

    # ------------------------------------------------------------------ cash closing
    def test_closing_state_figures_and_stamps_are_server_only(self):
        self._pay(1000.0, mode="deposit", day=self.day)
        senior = self.env(user=self.user_senior)
        Closing = self.env["dental.cash.closing"].with_env(senior)
        forged = {"state": "closed", "cash_closing": 999999.0, "closed_by_id": self.user_director.id}
        for vals in (forged, {"cash_closing": 1.0}, {"closed_by_id": self.user_registrar.id}, {"patients_new": 5}):
            with self.assertRaises(AccessError):
                Closing.create({"company_id": self.company.id, "date": self.day, **vals})
        # a default_ key of the context does not set them either
        closing = Closing.with_context(default_state="closed", default_cash_closing=5.0).create(
            {"company_id": self.company.id, "date": self.day}
        )
        self.assertEqual(closing.state, "open")
        self.assertAlmostEqual(closing.cash_closing, 1000.0)
        for vals in (
            forged,
            {"state": "closed"},
            {"cash_closing": 999999.0},
            {"cash_opening": 1.0},
            {"closed_by_id": self.user_senior.id},
            {"closed_on": "2020-01-01 00:00:00"},
            {"reopen_reason": "x"},
            {"difference": 0.0},
            {"date": self.day - timedelta(days=1)},
        ):
            with self.assertRaises(AccessError):
                closing.write(vals)
        self.assertEqual(closing.state, "open")
        closing.write({"counted_cash": 1000.0, "note": "Counted twice"})  # what the staff types
        # closing recomputes the figures from the journals, whatever was shown before
        self._pay(500.0, mode="deposit", day=self.day)
        self.assertAlmostEqual(closing.cash_closing, 1000.0)
        closing.action_close()
        self.assertEqual(closing.state, "closed")
        self.assertAlmostEqual(closing.cash_closing, 1500.0)
        self.assertAlmostEqual(closing.difference, -500.0)
        self.assertEqual(closing.closed_by_id, self.user_senior)
        # frozen: the next day opens with the computed cash
        self.assertAlmostEqual(
            Closing._dental_compute_figures(self.company, self.day + timedelta(days=1))["cash_opening"], 1500.0
        )
        for vals in ({"state": "open"}, {"cash_closing": 1.0}):
            with self.assertRaises(AccessError):
                closing.write(vals)
        with self.assertRaises(UserError):
            closing.write({"counted_cash": 1.0})
        # only the Director reopens, through the action (the wizard), with a reason
        with self.assertRaises(AccessError):
            closing._dental_reopen("typo")
        with self.assertRaises(AccessError):
            closing.with_user(self.user_director).write({"state": "open", "reopen_reason": "rpc"})
        closing.with_user(self.user_director)._dental_reopen("Correction")
        self.assertEqual(closing.state, "open")

    def test_closing_needs_a_senior_registrar(self):
        closing = (
            self.env["dental.cash.closing"]
            .with_user(self.user_registrar)
            .create({"company_id": self.company.id, "date": self.day})
        )
        with self.assertRaises(AccessError):
            closing.action_close()
        self.assertEqual(closing.state, "open")
        # a senior registrar without an e-mail address closes the day (the chatter line is a log)
        senior = new_test_user(
            self.env,
            login="cash_senior_no_mail",
            groups="dental_cash.group_cash_senior",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        senior.partner_id.email = False
        closing.with_user(senior).counted_cash = 0.0  # counted: an empty desk
        closing.with_user(senior).action_close()
        self.assertEqual(closing.state, "closed")
        self.assertIn("Day closed", closing.message_ids[0].body)

    # ------------------------------------------------------------------ cash operation
    def test_operation_state_and_entries_are_server_only(self):
        registrar = self.env(user=self.user_registrar)
        with self.assertRaises(AccessError):
            self._operation(env=registrar, state="posted")
        with self.assertRaises(AccessError):
            self._operation(env=registrar, name="EXP/9999")
        operation = self._operation(env=registrar(context=dict(registrar.context, default_state="posted")))
        self.assertEqual(operation.state, "draft")
        other = self._operation()
        other.action_post()
        for vals in ({"state": "posted"}, {"move_id": other.move_id.id}, {"state": "cancel"}, {"name": "EXP/1"}):
            with self.assertRaises(AccessError):
                operation.write(vals)
        self.assertEqual(operation.state, "draft")
        self.assertFalse(operation.move_id)
        operation.action_post()
        self.assertEqual(operation.state, "posted")
        self.assertEqual(operation.move_id.dental_cash_operation_id, operation)
        for vals in ({"state": "draft"}, {"move_id": False}, {"reversal_move_id": other.move_id.id}):
            with self.assertRaises(AccessError):
                operation.write(vals)
        self.assertEqual(operation.state, "posted")
        operation.action_cancel()
        self.assertEqual(operation.state, "cancel")
        self.assertTrue(operation.reversal_move_id)
        # the entry's link to its operation is the server's too
        invoice = self._invoice(100.0, day=self.today)
        with self.assertRaises(AccessError):
            invoice.with_env(registrar).write({"dental_cash_operation_id": operation.id})

    def test_closed_day_links_of_payments_and_operations_are_locked(self):
        self._closed_day_with_matchings()
        registrar = self.env(user=self.user_registrar)
        payment = self.env["account.payment"].search(
            [("partner_id", "=", self.patient.partner_id.id), ("date", "=", self.day)], limit=1
        )
        entry = self._invoice(50.0, day=self.today)
        with self.assertLocked("cash desk is closed"):
            payment.with_env(registrar).write({"move_id": entry.id})
        with self.assertLocked("cash desk is closed"):
            payment.move_id.with_env(registrar).write({"origin_payment_id": False})
        operation = self._operation()
        operation.action_post()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            operation.with_env(registrar).write({"partner_id": self.patient.partner_id.id})

    def test_operation_journal_is_a_payment_journal_of_its_branch(self):
        sale_journal = self.env["account.journal"].search(
            [("company_id", "=", self.company.root_id.id), ("type", "=", "sale")], limit=1
        )
        with self.assertRaises(ValidationError):
            self._operation(journal_id=sale_journal.id)

    # ------------------------------------------------------------------ appointments
    def test_completed_visit_cannot_move_into_or_out_of_a_closed_day(self):
        event = self._appointment(day=self.today, services=self.service_consult)
        closed_event = self._appointment(hour=15.0, services=self.service_consult)
        self._close()
        registrar = self.env(user=self.user_registrar)
        into = closed_event.start - timedelta(hours=3)
        with self.assertLocked("cash desk is closed"):
            event.with_env(registrar).write({"start": into, "stop": into + timedelta(minutes=40)})
        out = event.start + timedelta(hours=3)
        with self.assertLocked("cash desk is closed"):
            closed_event.with_env(registrar).write({"start": out, "stop": out + timedelta(minutes=40)})
        with self.assertLocked("cash desk is closed"):
            closed_event.with_env(registrar).write({"active": False})
        with self.assertLocked("cash desk is closed"):
            self._appointment(hour=17.0, complete=False).write({"dental_state": "completed"})

    # ------------------------------------------------------------------ reconciliation
    def _closed_day_with_matchings(self):
        """A closed day: a paid invoice, an open invoice, a deposit."""
        self.paid_invoice = self._invoice(1000.0, day=self.day)
        self._pay(1000.0, mode="pay", invoice=self.paid_invoice, day=self.day)
        self.open_invoice = self._invoice(700.0, day=self.day)
        self._pay(400.0, mode="deposit", day=self.day)
        self.assertEqual(self.paid_invoice.payment_state, "paid")
        self.closing = self._close()
        self.partial = self._receivable(self.paid_invoice).matched_credit_ids
        self.assertTrue(self.partial)

    def test_closed_day_matching_is_locked_for_the_front_desk(self):
        self._closed_day_with_matchings()
        deposit_line = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.patient.partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("balance", "<", 0),
            ]
        )
        self.assertEqual(len(deposit_line), 1)
        for user in (self.user_registrar, self.user_senior, self.user_director):
            env = self.env(user=user)
            with self.assertLocked():
                self.partial.with_env(env).unlink()
            with self.assertLocked():
                self._receivable(self.paid_invoice).with_env(env).remove_move_reconcile()
            with self.assertLocked():
                self.paid_invoice.with_env(env).js_remove_outstanding_partial(self.partial.id)
            with self.assertLocked():
                self.partial.with_env(env).write({"amount": 1.0})
            with self.assertLocked():  # re-matching the closed day's deposit with its open invoice
                (self._receivable(self.open_invoice) + deposit_line).with_env(env).reconcile()
            with self.assertLocked():
                self.open_invoice.with_env(env).js_assign_outstanding_line(deposit_line.id)
            with self.assertLocked():
                self.env["account.partial.reconcile"].with_env(env).create(
                    {
                        "debit_move_id": self._receivable(self.open_invoice).id,
                        "credit_move_id": deposit_line.id,
                        "amount": 100.0,
                        "debit_amount_currency": 100.0,
                        "credit_amount_currency": 100.0,
                    }
                )
        self.assertEqual(self.paid_invoice.payment_state, "paid")
        self.assertEqual(self.open_invoice.payment_state, "not_paid")
        # an accountant without a dental role keeps Odoo's reconciliation
        self._receivable(self.paid_invoice).with_user(self.user_plain_accountant).remove_move_reconcile()
        self.assertEqual(self.paid_invoice.payment_state, "not_paid")

    def test_credit_note_of_today_does_not_cancel_a_closed_day_invoice(self):
        self._closed_day_with_matchings()
        registrar = self.env(user=self.user_registrar)
        reversal = (
            self.env["account.move.reversal"]
            .with_env(registrar)
            .with_context(active_model="account.move", active_ids=self.open_invoice.ids)
            .create({"date": self.today, "journal_id": self.open_invoice.journal_id.id})
        )
        reversal_note = registrar["account.move"].browse(reversal.refund_moves()["res_id"])
        with self.assertLocked("only a payment settles it"):
            reversal_note.action_post()  # posting a reversal matches it with the invoice it reverses
        credit_note = self._invoice_as(registrar, 700.0, move_type="out_refund")
        with self.assertLocked("only a payment settles it"):
            self.open_invoice.with_env(registrar).js_assign_outstanding_line(self._receivable(credit_note).id)
        self.assertEqual(self.open_invoice.payment_state, "not_paid")
        # the auto-distribution of the patient's credits leaves the closed day's invoice alone too: posting an
        # invoice of today uses the credit note and the closed day's deposit for it
        self.company.dental_auto_distribute = True
        invoice = self._invoice_as(registrar, 300.0)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self.open_invoice.amount_residual, 700.0)

    def test_paying_a_closed_day_invoice_today(self):
        self._closed_day_with_matchings()
        registrar = self.env(user=self.user_registrar)
        payment = self._pay(700.0, mode="pay", invoice=self.open_invoice, day=self.today, env=registrar)
        self.assertEqual(self.open_invoice.payment_state, "paid")
        # today's matching is today's: resetting today's payment un-matches it
        payment = self.env["account.payment"].search(
            [("partner_id", "=", self.patient.partner_id.id), ("date", "=", self.today)]
        )
        payment.with_env(registrar).action_draft()
        self.assertEqual(self.open_invoice.payment_state, "not_paid")
        # a closed day's deposit pays an invoice of today (not the closed day's open invoice)
        self.company.dental_auto_distribute = True
        invoice = self._invoice_as(registrar, 300.0)
        self.assertEqual(invoice.payment_state, "paid")

    # ------------------------------------------------------------------ native Register Payment
    def _register_payment(self, invoice, user, **vals):
        wizard = (
            self.env["account.payment.register"]
            .with_user(user)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(vals)
        )
        return wizard

    def test_register_payment_uses_the_branch_journals(self):
        self.assertTrue(self.company.parent_id, "the test branch is a branch of the main clinic")
        invoice = self._invoice(1200.0, day=self.today)
        wizard = self._register_payment(invoice, self.user_registrar)
        self.assertEqual(wizard.journal_id, self.cash_journal)
        self.assertEqual(wizard.available_journal_ids.company_id, self.company)
        self.assertLessEqual(self.card_journal | self.bank_journal, wizard.available_journal_ids)
        wizard.action_create_payments()
        self.assertEqual(invoice.payment_state, "paid")
        # a closed day's invoice, paid today by card
        old_invoice = self._invoice(800.0, day=self.day)
        self._close()
        self._register_payment(
            old_invoice, self.user_registrar, journal_id=self.card_journal.id
        ).action_create_payments()
        self.assertEqual(old_invoice.payment_state, "paid")
        self.assertEqual(old_invoice.matched_payment_ids.journal_id, self.card_journal)

    def test_register_payment_of_other_invoices_stays_native(self):
        """An invoice without a patient keeps Odoo's journals (the branch's and its parents')."""
        customer = self.env["res.partner"].create({"name": "Not a patient"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": self.today,
                "invoice_line_ids": [Command.create({"name": "Rent", "price_unit": 100.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        self.assertFalse(invoice.dental_patient_id)
        wizard = (
            self.env["account.payment.register"]
            .with_context(
                active_model="account.move",
                active_ids=invoice.ids,
                allowed_company_ids=[self.company.id, self.company.parent_id.id],
            )
            .create({})
        )
        self.assertIn(self.company.parent_id, wizard.available_journal_ids.company_id)

    @contextmanager
    def assertLocked(self, pattern="closed cash day"):
        # assertRaisesRegex has no savepoint of its own (Odoo's assertRaises has): what the refused call did
        # before raising is rolled back here, as the RPC request's transaction is
        with self.assertRaisesRegex(UserError, pattern), self.env.cr.savepoint():
            yield

    def test_entry_link_to_an_operation_is_server_only(self):
        registrar = self.env(user=self.user_registrar)
        with self.assertRaises(AccessError):
            registrar["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.patient.partner_id.id,
                    "dental_cash_operation_id": self._operation().id,
                    "invoice_line_ids": [Command.create({"name": "x", "quantity": 1, "price_unit": 1})],
                }
            )
