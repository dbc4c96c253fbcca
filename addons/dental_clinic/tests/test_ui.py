from datetime import date, datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.dental_patient.tools.localtime import local_to_utc


@tagged("post_install", "-at_install")
class TestDayTours(HttpCase):
    """A registrar's and a doctor's day, logged in as the demo users of those roles, from their first screen."""

    def setUp(self):
        super().setUp()
        self.registrar = self.env.ref("dental_clinic.demo_user_registrar", raise_if_not_found=False)
        if not self.registrar:
            self.skipTest("demo data not loaded")
        self.doctor_user = self.env.ref("dental_clinic.demo_user_doctor")
        # The headless browser runs in UTC: so do the branch and the users here; the tours read English.
        self.company = self.env.ref("base.main_company")
        self.company.resource_calendar_id.tz = "UTC"
        self.company.write(
            {
                "dental_outside_hours": "allow",
                "dental_past_edit_until": False,
                "dental_work_start": 9,
                "dental_work_end": 23,
                "dental_calendar_step": 20,
            }
        )
        self.env["res.lang"]._activate_lang("en_US")
        (self.registrar | self.doctor_user).write({"tz": "UTC", "lang": "en_US"})
        self.today = fields.Date.context_today(self.registrar.with_context(tz="UTC"))
        self.chair = self.env["dental.chair"].create(
            {"name": "Tour Desk Chair", "company_id": self.company.id, "sequence": -1}
        )
        self.service = self.env["product.product"].create(
            {"name": "Tour Consultation", "type": "service", "list_price": 1500.0, "taxes_id": [Command.clear()]}
        )

    def _at(self, hours, minutes=0):
        return datetime.combine(self.today, time.min) + timedelta(hours=hours, minutes=minutes)

    def _appointment(self, patient, doctor, hours, **vals):
        return self.env["calendar.event"].create(
            {
                "name": patient.name,
                "patient_id": patient.id,
                "chair_id": self.chair.id,
                "doctor_id": doctor.id,
                "start": self._at(hours),
                "stop": self._at(hours, 40),
                "service_ids": [Command.set(self.service.ids)],
                **vals,
            }
        )

    def test_registrar_day(self):
        doctor = self.env["hr.employee"].create({"name": "Dr. Tourist", "company_id": self.company.id})
        self.env["dental.shift"].create(
            {"employee_id": doctor.id, "chair_id": self.chair.id, "start": self._at(9), "stop": self._at(15)}
        )
        booked = self.env["dental.patient"].create({"last_name": "Tourov", "first_name": "Ivan"})
        billed = self.env["dental.patient"].create({"last_name": "Tourova", "first_name": "Kassa"})
        visit = self._appointment(billed, doctor, 9)
        visit.action_dental_complete()
        self.env["dental.waitlist"].create(
            {"name": "Waitova Anna", "phone": "+7 900 000-00-00", "company_id": self.company.id, "duration": 40}
        )

        self.start_tour("/odoo", "dental_clinic_registrar_day", login="registrar")

        checked_in = self.env["calendar.event"].search([("patient_id", "=", booked.id)])
        self.assertEqual(checked_in.dental_state, "arrived")
        self.assertEqual((checked_in.chair_id, checked_in.doctor_id), (self.chair, doctor))
        self.assertEqual(checked_in.start, self._at(10))
        self.assertEqual(checked_in.create_uid, self.registrar)
        from_waitlist = self.env["calendar.event"].search(
            [("chair_id", "=", self.chair.id), ("start", "=", self._at(12))]
        )
        self.assertIn("Waitova Anna", from_waitlist.patient_id.name)
        invoice = self.env["account.move"].search([("dental_appointment_id", "=", visit.id)])
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.currency_id, self.env.ref("base.RUB"))
        self.assertEqual(invoice.amount_total, 1500.0)
        self.assertFalse(invoice.amount_tax)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.create_uid, self.registrar)
        self.assertEqual(visit.dental_billing_state, "billed")

    def test_doctor_day(self):
        doctor = self.doctor_user.employee_id
        self.assertEqual(doctor, self.env.ref("dental_calendar.demo_doctor_sergeev"))
        patient = self.env["dental.patient"].create({"last_name": "Tourov", "first_name": "Doktor"})
        # late in the (UTC) day: clear of the demo's appointments of this doctor
        event = self._appointment(patient, doctor, 21, dental_state="in_chair")
        plan = self.env["sale.order"].create(
            {
                "patient_id": patient.id,
                "doctor_id": doctor.id,
                "order_line": [Command.create({"product_id": self.service.id})],
            }
        )

        self.start_tour("/odoo", "dental_clinic_doctor_day", login="doctor")

        self.assertEqual(event.dental_state, "completed")
        self.assertEqual(plan.plan_state, "approved")
        record = self.env["dental.visit.record"].search([("patient_id", "=", patient.id)])
        self.assertEqual(len(record), 1)
        self.assertEqual(record.doctor_id, doctor)
        self.assertIn("caries treated", record.treatment)
        self.assertEqual(record.create_uid, self.doctor_user)

    def test_registrar_duplicate(self):
        """A new card matching a registered patient: the warning names the match, "This is the patient" opens it
        and the new card is never saved."""
        match = self.env["dental.patient"].create(
            {
                "last_name": "Dublova",
                "first_name": "Maria",
                "birth_date": date(1986, 3, 14),
                "mobile": "+7 999 015-15-15",
                "company_id": self.company.id,
            }
        )
        patients_before = self.env["dental.patient"].with_context(active_test=False).search_count([])

        self.start_tour("/odoo", "dental_clinic_registrar_duplicate", login="registrar")

        Patient = self.env["dental.patient"].with_context(active_test=False)
        self.assertEqual(Patient.search_count([]), patients_before)
        self.assertEqual(Patient.search([("last_name", "=", "Dublova")]), match)

    def test_branch_time_zone(self):
        """The schedule and its booking form in the branch's time (Moscow) while the browser runs in UTC."""
        self.company.resource_calendar_id.tz = "Europe/Moscow"  # UTC+3, no DST
        doctor = self.env["hr.employee"].create({"name": "Dr. Zonov", "company_id": self.company.id})
        patient = self.env["dental.patient"].create({"last_name": "Zonova", "first_name": "Vera"})
        day = self.company._dental_today()
        start = local_to_utc(day, 15 + 20 / 60, "Europe/Moscow")
        self.assertEqual(start.time(), time(12, 20))
        self._appointment(patient, doctor, 0, start=start, stop=start + timedelta(minutes=40))
        appointments_before = self.env["calendar.event"].search_count([("chair_id", "=", self.chair.id)])

        self.start_tour("/odoo", "dental_clinic_branch_time_zone", login="registrar")

        self.assertEqual(
            self.env["calendar.event"].search_count([("chair_id", "=", self.chair.id)]), appointments_before
        )
