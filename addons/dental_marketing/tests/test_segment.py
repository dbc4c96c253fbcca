from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestSegment(DentalMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Patient = cls.env["dental.patient"]
        cls.group_vip = cls.env["dental.patient.group"].create({"name": "VIP"})
        cls.source_vk = cls.env["utm.source"].create({"name": "VK test"})
        # patient: 66, male; relative: 38, female, VIP, from VK; patient_2: 11, female
        cls._consenting(cls.patient, "+79160000101").write({"gender": "male"})
        cls._consenting(cls.relative, "+79160000102").write(
            {"gender": "female", "group_id": cls.group_vip.id, "source_id": cls.source_vk.id}
        )
        cls._consenting(cls.patient_2, "+79160000103").write({"gender": "female"})
        cls.no_consent = Patient.create(
            {
                "last_name": "Silent",
                "first_name": "Sam",
                "mobile": "+79160000104",
                "gender": "male",
                "sms_consent": False,
            }
        )
        cls.patients = cls.patient | cls.relative | cls.patient_2 | cls.no_consent

    def _segment(self, **criteria):
        campaign = self.env["dental.marketing.campaign"].create({"name": "Test", "body": "Hello", **criteria})
        found = self.env["dental.patient"].search(campaign._dental_segment_domain())
        return found & self.patients

    def test_consent_required(self):
        self.assertEqual(self._segment(), self.patient | self.relative | self.patient_2)

    def test_age(self):
        self.assertEqual(self._segment(age_min=18, age_max=65), self.relative)
        self.assertEqual(self._segment(age_min=60), self.patient)
        self.assertEqual(self._segment(age_max=17), self.patient_2)

    def test_gender_group_channel_branch(self):
        self.assertEqual(self._segment(gender="female"), self.relative | self.patient_2)
        self.assertEqual(self._segment(group_ids=[(6, 0, self.group_vip.ids)]), self.relative)
        self.assertEqual(self._segment(source_ids=[(6, 0, self.source_vk.ids)]), self.relative)
        other = self.env["res.company"].create({"name": "Elsewhere"})
        self.assertFalse(self._segment(branch_ids=[(6, 0, other.ids)]))
        elsewhere = self.env["dental.patient"].create(
            {"last_name": "Far", "first_name": "Fay", "mobile": "+79160000105", "company_id": other.id}
        )
        self.patients |= elsewhere
        self.assertNotIn(elsewhere, self._segment(), "a campaign reaches its own branch's patients")
        self.assertEqual(self._segment(branch_ids=[(6, 0, other.ids)]), elsewhere)
        self.assertEqual(
            self._segment(branch_ids=[(6, 0, self.company.ids)]), self.patient | self.relative | self.patient_2
        )

    def test_treatments_and_last_visit(self):
        self._appointment(services=self.service_filling)  # patient: completed visit 3 days ago
        self._appointment(patient=self.relative, services=self.service_consult, hour=12)
        self.assertEqual(self._segment(service_ids=[(6, 0, self.service_filling.ids)]), self.patient)
        old = self.today - relativedelta(months=8)
        self.env.flush_all()
        self.env.cr.execute("UPDATE dental_patient SET last_visit_date = %s WHERE id = %s", (old, self.relative.id))
        self.env.invalidate_all()
        self.assertEqual(self._segment(visit_months_min=6), self.relative)
        self.assertEqual(self._segment(visit_months_max=6), self.patient)

    def test_debt_and_deposit(self):
        self._invoice(3000.0)
        self.assertEqual(self._segment(money="debt"), self.patient)
        self.assertEqual(self._segment(money="no_debt"), self.relative | self.patient_2)
        self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.relative.partner_id.id,
                "amount": 2000.0,
                "journal_id": self.cash_journal.id,
                "date": self.day,
            }
        ).action_post()
        self.assertEqual(self._segment(money="deposit"), self.relative)

    def test_send_honours_consent_and_quiet_hours(self):
        campaign = self.env["dental.marketing.campaign"].create({"name": "Hygiene", "body": "Hygiene -15%"})
        campaign.action_send()
        logs = campaign.dental_message_ids
        self.assertEqual(logs.patient_id, self.patient | self.relative | self.patient_2, "the campaign's branch")
        sms = self.env["sms.sms"].search([("body", "=", "Hygiene -15%")])
        self.assertEqual(set(sms.mapped("number")) & {"+79160000104"}, set(), "no consent, no message")
        self.assertTrue(sms.filtered(lambda s: s.number == "+79160000101"))
        self.assertTrue(all(sms.mapped("dental_marketing")), "campaign messages are marketing: held in quiet hours")
        # at 23:00 in the branch (Moscow, UTC+3) the queue holds them until 09:00
        sms._dental_hold_quiet_hours(now=datetime(2026, 11, 18, 20, 0))
        self.assertEqual(set(sms.mapped("dental_hold_until")), {datetime(2026, 11, 19, 6, 0)})
        self.assertEqual(campaign.state, "sent")
        with self.assertRaises(UserError):
            campaign.action_send()
        self.assertEqual(self.env["sms.sms"].search_count([("body", "=", "Hygiene -15%")]), len(sms))

    def test_send_twice_to_the_same_key_sends_once(self):
        Message = self.env["dental.marketing.message"]
        first = Message._dental_send(self.patient, "campaign", "campaign:test", body="Once")
        second = Message._dental_send(self.patient, "campaign", "campaign:test", body="Once")
        self.assertEqual(len(first), 1)
        self.assertFalse(second)
        self.assertEqual(self.env["sms.sms"].search_count([("body", "=", "Once")]), 1)

    def test_ranges_checked(self):
        with self.assertRaises(ValidationError):
            self.env["dental.marketing.campaign"].create({"name": "X", "body": "Y", "age_min": 50, "age_max": 20})
