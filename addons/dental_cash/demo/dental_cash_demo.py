import random
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models


class DentalCashDemo(models.AbstractModel):
    """Demo data of the cash desk: a month of billed visits, payments, deposits, debts, expenses, cash handed over
    to the bank and closed days."""

    _name = "dental.cash.demo"
    _description = "Cash Desk Demo Data"

    @api.model
    def _dental_generate_demo(self):
        """Bill the demo's completed visits, take payments, deposits and debt repayments, record expenses, hand
        the cash over to the bank, close past days.

        Called from demo/dental_cash_demo.xml (dental_calendar's demo appointments exist by then); days up
        to the day before yesterday are closed, so today's and yesterday's work stays open. Every entry of a
        day is posted before the day is closed (closing locks it).
        """
        # demo set-up; no chatter messages or tracking of the generated documents (install time)
        env = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True).env
        if env["dental.cash.closing"].search_count([], limit=1):
            return  # generated already (module update)
        rng = random.Random(6)
        companies = env.ref("base.main_company") | env.ref("dental_patient.demo_branch_south")
        now = fields.Datetime.now()
        events = env["calendar.event"].search(
            [
                ("company_id", "in", companies.ids),
                ("dental_state", "=", "completed"),
                ("patient_id", "!=", False),
                ("stop", "<=", now),
            ],
            order="start",
        )
        handover = env.ref("dental_cash.demo_category_bank_handover")
        categories = env["dental.cash.category"].search([("kind", "=", "expense"), ("id", "!=", handover.id)])
        days = set()
        debts = []
        billed = defaultdict(int)  # bills per branch: every twentieth leaves a debt (whatever the hour of install)
        for index, event in enumerate(events.filtered(lambda e: e.dental_billing_state == "to_bill")):
            if not index % 25:
                self._dental_demo_analyze()
            day = event.company_id._dental_local_date(event.start)
            days.add((event.company_id, day))
            wizard = env["dental.bill.wizard"].create({"appointment_id": event.id})
            wizard.line_ids.write({"tax_ids": [fields.Command.clear()]})
            total = wizard.amount_due
            billed[event.company_id] += 1
            choice = rng.random()
            if billed[event.company_id] % 20 == 7:
                wizard.cash_amount = round(total / 2)  # half left as debt
                debts.append((event.company_id, day, event))
            elif choice < 0.55:
                wizard.cash_amount = total
            elif choice < 0.8:
                wizard.card_amount = total
            elif choice < 0.9:
                cash = round(total * 0.4)
                wizard.write({"cash_amount": cash, "card_amount": total - cash})
            else:
                wizard.bank_amount = total
            wizard.action_confirm()
        # Every other debt is repaid a few working days later (in cash, at the desk); the branch's last debtor
        # keeps owing (a repayment settles all of the patient's debts).
        days_of = defaultdict(list)
        for company, day in sorted(days, key=lambda pair: pair[1]):
            days_of[company].append(day)
        repayments = defaultdict(list)
        last_debtors = {company: event.patient_id for company, _day, event in debts}
        for ordinal, (company, day, event) in enumerate(debts):
            later = [other for other in days_of[company] if other > day]
            if later and ordinal % 2 and event.patient_id != last_debtors[company]:
                repayments[company, later[min(rng.randint(1, 4), len(later)) - 1]].append(event.patient_id)
        # deposits are left by the branch's own patients seen in the month (not by the last debtors)
        patients = {
            company: events.patient_id.filtered(lambda p, c=company: p.company_id == c)
            - last_debtors.get(company, env["dental.patient"])
            for company in companies
        }
        Payment = env["dental.payment.wizard"]
        float_category = env.ref("dental_cash.category_other_income")
        for company in companies:
            first = min((day for comp, day in days if comp == company), default=None)
            if first:
                env["dental.cash.operation"].create(
                    {
                        "kind": "income",
                        "company_id": company.id,
                        "date": first,
                        "category_id": float_category.id,
                        "amount": 10000,
                        "description": "Размен в кассу",
                    }
                ).action_post()
        for company in companies:
            # cash handed over is cash in transit to the bank (the bank's own account without a transfer account)
            root = company.root_id
            account = root.transfer_account_id or root._dental_payment_journal("bank").default_account_id
            handover.with_company(root).account_id = account
        for company, day in sorted(days, key=lambda pair: (pair[1], pair[0].id)):
            for patient in repayments[company, day]:
                repayment = Payment.with_company(company).create(
                    {"mode": "debt", "patient_id": patient.id, "date": day}
                )
                if repayment.debt > 0:
                    repayment.cash_amount = repayment.debt
                    repayment._receive()
            if rng.random() < 0.3 and patients[company]:
                Payment.with_company(company).create(
                    {
                        "mode": "deposit",
                        "patient_id": rng.choice(patients[company]).id,
                        rng.choice(["cash_amount", "card_amount"]): rng.choice([5000, 10000, 20000]),
                        "date": day,
                    }
                )._receive()
            for _index in range(rng.choice([0, 1, 1, 2])):
                operation = env["dental.cash.operation"].create(
                    {
                        "kind": "expense",
                        "company_id": company.id,
                        "date": day,
                        "category_id": rng.choice(categories).id,
                        "amount": rng.choice([250, 400, 800, 1200, 2500]),
                        "description": rng.choice(
                            ["Канцтовары", "Вода для кулера", "Курьер в лабораторию", "Хозтовары"]
                        ),
                    }
                )
                operation.action_post()
            if day.weekday() in (1, 4) and day < company._dental_today():
                env["dental.cash.demo"]._dental_demo_hand_over(company, day, handover)
        Closing = env["dental.cash.closing"]
        for company, day in sorted(days, key=lambda pair: (pair[1], pair[0].id)):
            if day > company._dental_today() - timedelta(days=2):
                continue
            closing = Closing._dental_get(company, day)
            difference = rng.choice([0, 0, 0, 0, -100, 50])
            closing.counted_cash = closing.cash_closing + difference
            closing.action_close()

    @api.model
    def _dental_demo_analyze(self):
        """Refresh the planner's statistics of the accounting tables the demo fills.

        The whole demo is one transaction: without this the planner takes the tables for as empty as before it
        and reconciles each payment with nested scans, slower with every invoice (minutes of install time).
        ANALYZE counts the rows this transaction inserted; it reads no data for the caller.
        """
        self.env.flush_all()
        self.env.cr.execute("ANALYZE account_move, account_move_line, account_partial_reconcile, account_payment")

    @api.model
    def _dental_demo_hand_over(self, company, day, category):
        """Hand the day's cash over to the bank, leaving the float (10 000) in the desk: the cash at the desk
        does not grow without bound."""
        cash = self.env["dental.cash.closing"]._dental_compute_figures(company, day)["cash_closing"]
        amount = (cash - 10000) // 1000 * 1000
        if amount > 0:
            self.env["dental.cash.operation"].create(
                {
                    "kind": "expense",
                    "company_id": company.id,
                    "date": day,
                    "category_id": category.id,
                    "amount": amount,
                    "description": "Инкассация: сдача выручки в банк",
                }
            ).action_post()
