import random
from datetime import timedelta

from odoo import api, fields, models


class DentalCashDemo(models.AbstractModel):
    """Demo data of the cash desk: a month of billed visits, payments, deposits, expenses and closed days."""

    _name = "dental.cash.demo"
    _description = "Cash Desk Demo Data"

    @api.model
    def _dental_generate_demo(self):
        """Bill the demo's completed visits, take payments and deposits, record expenses, close past days.

        Called from demo/dental_cash_demo.xml (dental_calendar's demo appointments exist by then); days up
        to the day before yesterday are closed, so today's and yesterday's work stays open.
        """
        env = self.sudo().env  # demo set-up
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
        categories = env["dental.cash.category"].search([("kind", "=", "expense")])
        days = set()
        for event in events.filtered(lambda e: e.dental_billing_state == "to_bill"):
            day = event.company_id._dental_local_date(event.start)
            days.add((event.company_id, day))
            wizard = env["dental.bill.wizard"].create({"appointment_id": event.id})
            wizard.line_ids.write({"tax_ids": [fields.Command.clear()]})
            total = wizard.amount_due
            choice = rng.random()
            if choice < 0.55:
                wizard.cash_amount = total
            elif choice < 0.8:
                wizard.card_amount = total
            elif choice < 0.9:
                cash = round(total * 0.4)
                wizard.write({"cash_amount": cash, "card_amount": total - cash})
            elif choice < 0.95:
                wizard.bank_amount = total
            else:
                wizard.cash_amount = round(total / 2)  # half left as debt
            wizard.action_confirm()
        patients = events.patient_id
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
        for company, day in sorted(days, key=lambda pair: (pair[1], pair[0].id)):
            if rng.random() < 0.3 and patients:
                Payment.with_company(company).create(
                    {
                        "mode": "deposit",
                        "patient_id": rng.choice(patients).id,
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
        Closing = env["dental.cash.closing"]
        for company, day in sorted(days, key=lambda pair: (pair[1], pair[0].id)):
            if day > company._dental_today() - timedelta(days=2):
                continue
            closing = Closing._dental_get(company, day)
            difference = rng.choice([0, 0, 0, 0, -100, 50])
            closing.counted_cash = closing.cash_closing + difference
            closing.action_close()
