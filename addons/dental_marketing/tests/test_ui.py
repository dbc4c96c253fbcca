from odoo.tests import HttpCase, tagged

from odoo.addons.dental_sms.tests.common import FakeGateway
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"dental_outside_hours": "allow", "dental_sms_quiet_hours": False})
        cls.user = mail_new_test_user(
            cls.env,
            login="mk_tour_coordinator",
            groups="dental_patient.group_coordinator,dental_patient.group_registrar",
            tz="Europe/Moscow",
            lang="en_US",
        )
        cls.chair = cls.env["dental.chair"].create({"name": "Tour Chair", "company_id": cls.company.id})
        cls.doctor = cls.env["hr.employee"].create({"name": "Dr. Tour", "company_id": cls.company.id})
        cls.team = cls.env.ref("dental_marketing.crm_team_dental")

    def test_lead_to_patient_to_appointment(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour request",
                "contact_name": "Tourleadov Ivan",
                "phone": "+7 916 777-00-01",
                "type": "opportunity",
                "team_id": self.team.id,
                "user_id": self.user.id,
                "company_id": self.company.id,
            }
        )
        self.start_tour(
            f"/odoo/action-dental_marketing.crm_lead_action_dental/{lead.id}",
            "dental_marketing_lead_convert",
            login=self.user.login,
        )
        patient = lead.dental_patient_id
        self.assertEqual((patient.last_name, patient.first_name), ("Tourleadov", "Ivan"))
        self.assertEqual(lead.dental_appointment_id.patient_id, patient)
        self.assertEqual(lead.dental_appointment_id.chair_id, self.chair)
        self.assertEqual(lead.dental_appointment_id.doctor_id, self.doctor)
        self.assertTrue(lead.stage_id.is_won)

    def test_send_a_segment_campaign_through_the_fake_gateway(self):
        fake = FakeGateway()
        fake.start()
        self.addCleanup(fake.stop)
        self.env["dental.sms.account"].search([("company_id", "=", self.company.id)]).write({"active": False})
        self.env["dental.sms.account"].create(
            {
                "name": "Tour gateway",
                "company_id": self.company.id,
                "provider": "smsc",
                "endpoint_url": fake.url + "/sys/",
                "login": "clinic",
                "password": "s3cret-pass",
                "timeout": 2,
                "rate_limit": 1000,
            }
        )
        group = self.env["dental.patient.group"].create({"name": "Tour segment"})
        Patient = self.env["dental.patient"]
        for index in range(2):
            Patient.create(
                {"last_name": f"Tourseg{index}", "first_name": "Anna", "mobile": f"+7916777001{index}",
                 "group_id": group.id}
            )  # fmt: skip
        Patient.create(
            {"last_name": "Tournoconsent", "first_name": "Oleg", "mobile": "+79167770019", "group_id": group.id,
             "sms_consent": False}
        )  # fmt: skip
        campaign = self.env["dental.marketing.campaign"].create(
            {"name": "Tour campaign", "body": "Tour promo", "group_ids": [(6, 0, group.ids)]}
        )
        self.start_tour(
            f"/odoo/action-dental_marketing.dental_marketing_campaign_action/{campaign.id}",
            "dental_marketing_campaign_send",
            login=self.user.login,
        )
        self.assertEqual(campaign.state, "sent")
        self.env["sms.sms"].with_context(lang="en_US")._dental_process_queue()
        sent = [r["form"] for r in fake.requests if "Tour promo" in r["body"] or "Tour promo" in str(r["form"])]
        self.assertEqual(len(sent), 2, fake.requests)
        self.assertNotIn("79167770019", str(fake.requests))
