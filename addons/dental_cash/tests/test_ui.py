from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCashTours(HttpCase):
    def setUp(self):
        super().setUp()
        # The whole test on today's date at noon (UTC), the tour's requests too: run across midnight, it would bill
        # and close another day than the one it checks. Today's, not a fixed one: the demo has closed the main
        # clinic's cash days up to yesterday.
        self.startPatcher(freeze_time(datetime.combine(date.today(), time(12, 0))))
        # The headless browser runs in UTC: so do the branch and the admin here.
        self.company = self.env.ref("base.main_company")
        self.company.resource_calendar_id.tz = "UTC"
        self.company.write({"dental_outside_hours": "allow", "dental_past_edit_until": False})
        self.env["res.lang"]._activate_lang("en_US")  # the database speaks Russian; the tours read English
        admin = self.env.ref("base.user_admin")
        admin.write({"tz": "UTC", "lang": "en_US", "company_id": self.company.id})
        self.today = fields.Date.today()
        self.chair = self.env["dental.chair"].create({"name": "Tour Cash Chair", "company_id": self.company.id})
        self.doctor = self.env["hr.employee"].create({"name": "Dr. Tour Cash", "company_id": self.company.id})
        self.patient = self.env["dental.patient"].create({"last_name": "Tourova", "first_name": "Kassa"})
        self.service = self.env["product.product"].create(
            {"name": "Tour Consultation", "type": "service", "list_price": 1500.0, "taxes_id": [Command.clear()]}
        )

    def test_bill_appointment_tour(self):
        start = datetime.combine(self.today, time(6, 0))
        event = self.env["calendar.event"].create(
            {
                "name": "Tour",
                "patient_id": self.patient.id,
                "chair_id": self.chair.id,
                "doctor_id": self.doctor.id,
                "start": start,
                "stop": start + timedelta(minutes=40),
                "service_ids": [Command.set(self.service.ids)],
            }
        )
        event.action_dental_complete()
        action = self.env.ref("dental_calendar.calendar_event_action_dental")
        self.start_tour(f"/odoo/action-{action.id}/{event.id}", "dental_cash_bill_appointment", login="admin")
        invoice = self.env["account.move"].search([("dental_appointment_id", "=", event.id)])
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.amount_total, 1500.0)
        payments = self.env["account.payment"].search([("partner_id", "=", self.patient.partner_id.id)])
        self.assertEqual(
            sorted((p.journal_id.dental_payment_kind, p.amount) for p in payments), [("card", 500.0), ("cash", 1000.0)]
        )
        self.assertEqual(event.dental_billing_state, "billed")

    def test_close_day_tour(self):
        closing = self.env["dental.cash.closing"]
        today = self.company._dental_today()
        before = closing._dental_compute_figures(self.company, today)
        wizard = self.env["dental.payment.wizard"].create(
            {"mode": "deposit", "patient_id": self.patient.id, "cash_amount": 700.0, "date": today}
        )
        wizard._receive()
        self.assertAlmostEqual(
            closing._dental_compute_figures(self.company, today)["cash_amount"] - before["cash_amount"], 700.0
        )
        self.start_tour(
            "/odoo/action-dental_cash.dental_cash_closing_action_today", "dental_cash_close_day", login="admin"
        )
        day = closing.search([("company_id", "=", self.company.id), ("date", "=", today)])
        self.assertEqual(day.state, "closed")
        self.assertEqual(day.closed_by_id, self.env.ref("base.user_admin"))
        self.assertEqual(day.counted_cash, 650.0)
        self.assertAlmostEqual(day.difference, 650.0 - day.cash_closing)
        self.assertGreaterEqual(day.cash_amount, 700.0)
