from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestBirthdayRecall(DentalMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dental_birthday_auto": True, "dental_recall_auto": True, "dental_recall_months": 6})
        cls._consenting(cls.patient, "+79160000201")  # born 17 May 1960
        cls._consenting(cls.relative, "+79160000202")  # born 1 Feb 1988
        (cls.patient | cls.relative).lang = "en_US"  # the templates' texts in English

    def _sms(self, number):
        return self.env["sms.sms"].search([("number", "=", number)])

    def _set_last_visit(self, patient, day):
        self.env.flush_all()
        self.env.cr.execute("UPDATE dental_patient SET last_visit_date = %s WHERE id = %s", (day, patient.id))
        self.env.invalidate_all()

    def test_birthday_list_and_greeting_once_a_year(self):
        Patient = self.env["dental.patient"]
        with freeze_time("2027-05-17 08:00:00"):
            self.assertIn(self.patient, Patient.search([("dental_birthday_today", "=", True)]))
            self.assertNotIn(self.relative, Patient.search([("dental_birthday_today", "=", True)]))
            self.assertTrue(self.patient.with_context(date=date(2027, 5, 17)).dental_birthday_today)
            Patient._dental_cron_birthdays()
            Patient._dental_cron_birthdays()  # run again the same day: nothing more
        greetings = self.env["dental.marketing.message"].search([("patient_id", "=", self.patient.id)])
        self.assertEqual(greetings.mapped("key"), ["birthday:2027"])
        self.assertEqual(len(self._sms("+79160000201")), 1)
        self.assertIn("happy birthday", self._sms("+79160000201").body)
        self.assertFalse(self._sms("+79160000202"))
        with freeze_time("2028-05-17 08:00:00"):
            Patient._dental_cron_birthdays()
        self.assertEqual(len(self._sms("+79160000201")), 2, "a year later: greeted again")

    def test_birthday_without_consent_or_year_only(self):
        self.patient.sms_consent = False
        self.relative.write({"birth_date": "1988-05-17", "birth_date_precision": "year"})
        with freeze_time("2027-05-17 08:00:00"):
            self.env["dental.patient"]._dental_cron_birthdays()
        self.assertFalse(self.env["dental.marketing.message"].search([("kind", "=", "birthday")]))

    def test_recall_list(self):
        Patient = self.env["dental.patient"]
        self._set_last_visit(self.patient, self.today - relativedelta(months=7))
        self._set_last_visit(self.relative, self.today - relativedelta(months=2))
        due = Patient.search([("dental_recall_due", "=", True)])
        self.assertIn(self.patient, due)
        self.assertNotIn(self.relative, due)
        self.assertNotIn(self.patient_2, due, "never treated: not a check-up")
        self.assertTrue(self.patient.dental_recall_due)
        # a visit booked ahead: not on the call list
        self._appointment(day=self.today + timedelta(days=5), complete=False)
        self.assertNotIn(self.patient, Patient.search([("dental_recall_due", "=", True)]))

    def test_recall_sanitized_status(self):
        sanitized = self.env["dental.patient.status"].create({"name": "Санирован", "condition": "manual"})
        self.company.write({"dental_recall_sanitized_status_id": sanitized.id, "dental_recall_sanitized_months": 3})
        self.relative.manual_status_ids = sanitized
        self._set_last_visit(self.relative, self.today - relativedelta(months=4))
        self._set_last_visit(self.patient, self.today - relativedelta(months=4))
        due = self.env["dental.patient"].search([("dental_recall_due", "=", True)])
        self.assertIn(self.relative, due)
        self.assertNotIn(self.patient, due)

    def test_recall_invitation_once_per_last_visit(self):
        Patient = self.env["dental.patient"]
        self._set_last_visit(self.patient, self.today - relativedelta(months=6, days=2))
        self._set_last_visit(self.relative, self.today - relativedelta(years=3))  # due for years: not invited
        Patient._dental_cron_recall()
        Patient._dental_cron_recall()
        self.assertEqual(len(self._sms("+79160000201")), 1)
        self.assertIn("check-up", self._sms("+79160000201").body)
        self.assertFalse(self._sms("+79160000202"))
