from datetime import timedelta

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import format_date

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestCashClosing(DentalCashCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Operation = cls.env["dental.cash.operation"]
        cls.category_office = cls.env.ref("dental_cash.category_office")
        cls.category_income = cls.env.ref("dental_cash.category_other_income")
        # before the day: 10 000 in the cash desk and a debt of 2 000
        cls.old_invoice = cls._invoice(2000.0, day=cls.day - timedelta(days=7))
        cls._pay(10000.0, mode="deposit", patient=cls.patient_2, day=cls.day - timedelta(days=7))
        # the prepared day
        plan = cls._plan([(cls.service_filling, cls.tooth_36, 1)])
        cls.event_1 = cls._appointment(plan_lines=plan.order_line, services=cls.service_consult)
        cls.event_2 = cls._appointment(hour=12.0, patient=cls.relative, services=cls.service_consult)
        # patient (seen before): filling 5 000 + consultation 1 000, 10% off by hand: 5 400, cash 3 000 + card 2 400
        wizard = cls.env["dental.bill.wizard"].create({"appointment_id": cls.event_1.id, "program_id": False})
        wizard.line_ids.write({"discount": 10.0})
        wizard.write({"cash_amount": 3000.0, "card_amount": 2400.0, "program_id": False})
        cls.invoice_1 = cls.env["account.move"].browse(wizard.action_confirm()["res_id"])
        # relative: consultation 1 000, pays 400 by bank transfer: 600 of debt created
        cls.invoice_2, _wizard = cls._bill(cls.event_2, bank_amount=400.0, program_id=False)
        # the old debt is repaid in cash
        cls._pay(2000.0, mode="pay", invoice=cls.old_invoice, day=cls.day)
        # prepayment refunded in cash, an expense and other income
        refund = cls.env["dental.payment.wizard"].create(
            {
                "mode": "withdraw",
                "patient_id": cls.patient_2.id,
                "withdraw_amount": 1500.0,
                "confirmed": True,
                "date": cls.day,
            }
        )
        refund.action_confirm()
        cls.expense = Operation.create(
            {
                "kind": "expense",
                "category_id": cls.category_office.id,
                "amount": 700.0,
                "description": "Paper",
                "date": cls.day,
            }
        )
        cls.expense.action_post()
        cls.income = Operation.create(
            {
                "kind": "income",
                "category_id": cls.category_income.id,
                "amount": 250.0,
                "description": "Copies",
                "date": cls.day,
            }
        )
        cls.income.action_post()

    def assertLocked(self):
        return self.assertRaisesRegex(UserError, "cash desk is closed")

    def _close(self, closing, counted, user=None, **vals):
        """Close the day through the closing dialog, as the senior registrar by default."""
        closing = closing.with_user(user or self.user_senior)
        action = closing.action_close_dialog()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user or self.user_senior)
            .with_context(**action["context"])
            .create({"counted_cash": counted, **vals})
        )
        wizard.action_confirm()
        return wizard

    def test_name_search_by_branch_or_day(self):
        """The web client's search of a summary (a many2one, the breadcrumb) finds it by branch or by day."""
        Closing = self.env["dental.cash.closing"]
        closing = Closing._dental_get(self.company, self.day)
        other = Closing._dental_get(self.company, self.day - timedelta(days=1))
        self.assertEqual(closing.display_name, f"Cash Test Branch, {format_date(self.env, self.day)}")

        def found(text, lang="en_US"):
            return {record_id for record_id, __ in Closing.with_context(lang=lang).name_search(text, limit=None)}

        self.assertLessEqual({closing.id, other.id}, found("cash test branch"))
        self.assertFalse(found("No Such Branch") & {closing.id, other.id})
        for text, lang in (
            (self.day.isoformat(), "en_US"),
            (self.day.strftime("%m/%d/%Y"), "en_US"),  # as the display name writes it
            (self.day.strftime("%d.%m.%Y"), "ru_RU"),
        ):
            self.assertIn(closing.id, found(text, lang), text)
            self.assertNotIn(other.id, found(text, lang), text)

    def test_daily_summary_figures(self):
        figures = self.env["dental.cash.closing"]._dental_compute_figures(self.company, self.day)
        expected = {
            "patients_total": 2,
            "patients_new": 2,
            "gross_amount": 7000.0,
            "discount_amount": 600.0,
            "invoiced_amount": 6400.0,
            "credit_note_amount": 0.0,
            "cash_amount": 5000.0,
            "card_amount": 2400.0,
            "bank_amount": 400.0,
            "debt_amount": 600.0,
            "debt_repayment_amount": 2000.0,
            "deposit_amount": 0.0,
            "tax_amount": 0.0,
            "refund_amount": 1500.0,
            "refund_cash_amount": 1500.0,
            "expense_amount": 700.0,
            "other_income_amount": 250.0,
            "cash_opening": 10000.0,
            "cash_closing": 10000.0 + 5000.0 + 250.0 - 700.0 - 1500.0,
        }
        for key, value in expected.items():
            self.assertAlmostEqual(figures[key], value, msg=key)

    def test_summary_equals_the_journals(self):
        figures = self.env["dental.cash.closing"]._dental_compute_figures(self.company, self.day)
        Line = self.env["account.move.line"]
        cash_account = self.cash_journal.default_account_id
        balance = Line._read_group(
            [("account_id", "=", cash_account.id), ("parent_state", "=", "posted"), ("date", "<=", self.day)],
            aggregates=["balance:sum"],
        )[0][0]
        self.assertAlmostEqual(figures["cash_closing"], balance)
        for journal, key in ((self.card_journal, "card_amount"), (self.bank_journal, "bank_amount")):
            received = Line._read_group(
                [
                    ("journal_id", "=", journal.id),
                    ("account_id", "=", journal.default_account_id.id),
                    ("parent_state", "=", "posted"),
                    ("date", "=", self.day),
                ],
                aggregates=["balance:sum"],
            )[0][0]
            self.assertAlmostEqual(figures[key], received, msg=key)
        invoiced = Line._read_group(
            [
                ("move_id.move_type", "=", "out_invoice"),
                ("parent_state", "=", "posted"),
                ("date", "=", self.day),
                ("account_id.account_type", "=", "asset_receivable"),
                ("company_id", "=", self.company.id),
            ],
            aggregates=["balance:sum"],
        )[0][0]
        self.assertAlmostEqual(figures["invoiced_amount"], invoiced)

    def test_opening_continues_from_the_last_closed_day(self):
        Closing = self.env["dental.cash.closing"]
        before = self.day - timedelta(days=3)
        closed = Closing.create({"company_id": self.company.id, "date": before})
        self.assertAlmostEqual(closed.cash_opening, 10000.0)
        self._close(closed, 10000.0)
        self.assertAlmostEqual(closed.cash_closing, 10000.0)
        self.assertAlmostEqual(Closing._dental_compute_figures(self.company, self.day)["cash_opening"], 10000.0)
        # the opening is the closed day's frozen cash plus the days after it, not the whole history again:
        # a closed day's figure stands for everything before it
        self.env.cr.execute("UPDATE dental_cash_closing SET cash_closing = 9000 WHERE id = %s", [closed.id])
        closed.invalidate_recordset(["cash_closing"])
        self._pay(300.0, mode="deposit", patient=self.patient_2, day=self.day - timedelta(days=1))
        figures = Closing._dental_compute_figures(self.company, self.day)
        self.assertAlmostEqual(figures["cash_opening"], 9000.0 + 300.0)
        # a reopened day no longer counts: the opening goes back to the journals
        closed.with_user(self.user_director)._dental_reopen("Correction")
        self.assertAlmostEqual(Closing._dental_compute_figures(self.company, self.day)["cash_opening"], 10300.0)

    def test_close_locks_the_day_for_staff(self):
        closing = (
            self.env["dental.cash.closing"]
            .with_user(self.user_registrar)
            .create({"company_id": self.company.id, "date": self.day})
        )
        with self.assertRaises(AccessError):
            closing.action_close()
        closing = closing.with_user(self.user_senior)
        closing.counted_cash = 13000.0
        closing.action_close()
        self.assertEqual(closing.state, "closed")
        self.assertAlmostEqual(closing.difference, 13000.0 - closing.cash_closing)
        registrar = self.env(user=self.user_registrar)
        with self.assertLocked():
            self._invoice(100.0, day=self.day)
        with self.assertLocked():
            self._invoice(100.0, day=self.day - timedelta(days=1))  # earlier days too
        with self.assertLocked():
            self.invoice_1.with_env(registrar).button_draft()
        with self.assertLocked():
            self.invoice_1.with_env(registrar).button_cancel()
        with self.assertLocked():
            self.invoice_1.with_env(registrar).action_dental_rollback()
        with self.assertLocked():
            self.invoice_2.with_env(registrar).write(
                {"invoice_line_ids": [Command.create({"product_id": self.service_consult.id, "price_unit": 1})]}
            )
        payment = self.env["account.payment"].search(
            [("date", "=", self.day), ("journal_id", "=", self.card_journal.id)]
        )
        with self.assertLocked():
            payment.with_env(registrar).action_draft()
        with self.assertLocked():
            payment.with_env(registrar).write({"amount": 1.0})
        with self.assertLocked():
            self._pay(100.0, mode="deposit", day=self.day, env=registrar)
        with self.assertLocked():
            self.expense.with_env(registrar).action_cancel()
        with self.assertLocked():
            self.env["dental.cash.operation"].with_env(registrar).create(
                {
                    "kind": "expense",
                    "category_id": self.category_office.id,
                    "amount": 5.0,
                    "description": "x",
                    "date": self.day,
                }
            )
        with self.assertRaises(UserError):  # a completed visit stays completed (dental_calendar), closed day or not
            self.event_1.with_env(registrar).write({"dental_state": "arrived"})
        with self.assertRaises(UserError):
            closing.with_user(self.user_registrar).write({"counted_cash": 1.0})
        # the director is bound by the closing too, until he reopens the day
        with self.assertLocked():
            self.invoice_2.with_user(self.user_director).button_draft()
        with self.assertLocked():  # a Director may reopen a completed visit, not on a closed cash day
            self.event_1.with_user(self.user_director).write({"dental_state": "in_chair"})
        # today is open: money of today is taken as usual
        self._pay(100.0, mode="deposit", day=self.today, env=registrar)

    def test_reopen_needs_director_and_reason(self):
        closing = self.env["dental.cash.closing"].create({"company_id": self.company.id, "date": self.day})
        self._close(closing, 13050.0)
        with self.assertRaises(AccessError):
            closing.with_user(self.user_senior)._dental_reopen("typo")
        with self.assertRaises(AccessError):
            closing.with_user(self.user_registrar).write({"state": "open", "reopen_reason": "rpc"})
        with self.assertRaises(UserError):
            closing.with_user(self.user_director)._dental_reopen(" ")
        wizard = (
            self.env["dental.cash.reopen.wizard"]
            .with_user(self.user_director)
            .create({"closing_id": closing.id, "reason": "Card payment entered twice"})
        )
        wizard.action_confirm()
        self.assertEqual(closing.state, "open")
        self.assertEqual(closing.reopen_reason, "Card payment entered twice")
        self.assertIn("Card payment entered twice", closing.message_ids[0].body)
        self.invoice_2.with_user(self.user_registrar).button_draft()  # editable again
        self.assertEqual(self.invoice_2.state, "draft")

    def test_closing_asks_for_the_counted_cash(self):
        closing = self.env["dental.cash.closing"].create({"company_id": self.company.id, "date": self.day})
        expected = 10000.0 + 5000.0 + 250.0 - 700.0 - 1500.0
        self.assertAlmostEqual(closing.cash_closing, expected)
        # nothing counted yet: no difference shown (not minus the whole cash desk)
        self.assertFalse(closing.cash_counted)
        self.assertEqual(closing.difference, 0.0)
        with self.assertRaisesRegex(UserError, "Count the cash"):
            closing.with_user(self.user_senior).action_close()
        with self.assertRaises(AccessError):  # only a senior registrar closes, dialog included
            closing.with_user(self.user_registrar).action_close_dialog()
        with self.assertRaisesRegex(UserError, "Enter the cash counted"):
            self._close(closing, 0.0)
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            self._close(closing, -5.0)
        self.assertEqual(closing.state, "open")
        self.assertFalse(closing.cash_counted)
        wizard = self._close(closing, 13000.0)
        self.assertAlmostEqual(wizard.difference, 13000.0 - expected)
        self.assertEqual(closing.state, "closed")
        self.assertTrue(closing.cash_counted)
        self.assertEqual(closing.counted_cash, 13000.0)
        self.assertAlmostEqual(closing.difference, 13000.0 - expected)
        self.assertEqual(closing.closed_by_id, self.user_senior)
        with self.assertRaisesRegex(UserError, "already closed"):
            closing.with_user(self.user_senior).action_close_dialog()

    def test_empty_cash_desk_is_closed_on_purpose(self):
        closing = self.env["dental.cash.closing"].create({"company_id": self.company.id, "date": self.day})
        self._close(closing, 0.0, desk_empty=True)
        self.assertEqual(closing.state, "closed")
        self.assertTrue(closing.cash_counted)
        self.assertAlmostEqual(closing.difference, -closing.cash_closing)
        # a day without cash expected closes with a zero count
        empty_day = self.env["dental.cash.closing"].create(
            {"company_id": self.company.id, "date": self.day - timedelta(days=10)}
        )
        self.assertEqual(empty_day.cash_closing, 0.0)
        self._close(empty_day, 0.0)
        self.assertEqual(empty_day.state, "closed")

    def test_locked_records_hide_refused_actions(self):
        payment = self.env["account.payment"].search(
            [("date", "=", self.day), ("journal_id", "=", self.card_journal.id)]
        )
        records = (self.invoice_1, payment, self.expense, self.event_1)
        self.assertEqual([record.dental_cash_locked for record in records], [False] * 4)
        closing = self.env["dental.cash.closing"].create({"company_id": self.company.id, "date": self.day})
        self._close(closing, 13050.0)
        registrar = self.env(user=self.user_registrar)
        for record in records:
            record.invalidate_recordset(["dental_cash_locked"])
            self.assertTrue(record.with_env(registrar).dental_cash_locked, record)
        # today's money is open
        today_payment = self._pay(100.0, mode="deposit", day=self.today, env=registrar)
        self.assertFalse(today_payment.dental_cash_locked)
        self.assertFalse(self._invoice(100.0, day=self.today).dental_cash_locked)
        # the buttons whose action the server refuses are hidden on such records (the refusal stays)
        hidden = {
            "account.move": ("button_draft", "button_cancel", "action_post", "action_dental_rollback"),
            "account.payment": ("action_draft", "action_cancel", "action_post"),
            "dental.cash.operation": ("action_post", "action_cancel"),
        }
        for model, buttons in hidden.items():
            arch = etree.fromstring(self.env[model].get_view(view_type="form")["arch"])
            for name in buttons:
                nodes = arch.xpath(f"//header/button[@name='{name}']")
                self.assertTrue(nodes, f"{model}: {name}")
                for node in nodes:
                    self.assertIn("dental_cash_locked", node.get("invisible", ""), f"{model}: {name}")
        event_arch = etree.fromstring(
            self.env["calendar.event"].get_view(self.env.ref("dental_calendar.calendar_event_view_form_dental").id)[
                "arch"
            ]
        )
        for name in ("action_dental_complete", "action_dental_bill"):
            [node] = event_arch.xpath(f"//header/button[@name='{name}']")
            self.assertIn("dental_cash_locked", node.get("invisible"), name)
        with self.assertLocked():
            self.invoice_1.with_env(registrar).button_draft()

    def test_registrar_cannot_forge_a_closed_day(self):
        Closing = self.env["dental.cash.closing"].with_user(self.user_registrar)
        with self.assertRaises(AccessError):  # a day is created open (the state is the server's)
            Closing.create({"company_id": self.company.id, "date": self.day, "state": "closed"})
        closing = Closing.create({"company_id": self.company.id, "date": self.day})
        self.assertEqual(closing.state, "open")
        with self.assertRaises(AccessError):
            closing.write({"state": "closed"})
        with self.assertRaises(UserError):
            self.env["dental.cash.closing"].create(
                {"company_id": self.company.id, "date": self.today + timedelta(days=1)}
            )

    def test_global_past_period_lock(self):
        self.company.dental_past_edit_until = self.day - timedelta(days=1)
        with self.assertLocked():
            self._invoice(100.0, day=self.day - timedelta(days=2))
        self._invoice(100.0, day=self.day)  # after the lock date: allowed
        with self.assertLocked():
            self.old_invoice.button_draft()
