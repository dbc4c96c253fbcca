from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestAnalyticsUi(HttpCase):
    """A Director reads a channel's cost per patient on the analytics screen, then computes a CLV (issue 23)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user = mail_new_test_user(
            cls.env,
            login="mk_tour_director",
            groups="dental_patient.group_director",
            tz="Europe/Moscow",
            lang="en_US",
        )
        cls.source = cls.env["utm.source"].create({"name": "Tour Billboard"})
        today = date.today()
        cls.month = today.replace(day=1)
        Patient = cls.env["dental.patient"]
        for name in ("Tourbill Anna", "Tourbill Oleg"):
            last, first = name.split()
            patient = Patient.create({"last_name": last, "first_name": first, "source_id": cls.source.id})
            patient.dental_first_visit_date = cls.month
        cls.env["dental.marketing.budget"].create(
            {"source_id": cls.source.id, "date": cls.month, "amount": 7000.0, "company_id": cls.company.id}
        )
        cls.clv = cls.env["dental.marketing.clv"].create({"name": "Tour CLV", "company_id": cls.company.id})

    def test_channel_analytics_and_clv(self):
        self.start_tour(
            "/odoo/action-dental_marketing.dental_marketing_analytics_action_channel",
            "dental_marketing_channel_analytics",
            login=self.user.login,
        )
        self.start_tour(
            f"/odoo/action-dental_marketing.dental_marketing_clv_action/{self.clv.id}",
            "dental_marketing_clv_compute",
            login=self.user.login,
        )
        self.assertTrue(self.clv.date_computed)
        self.assertGreaterEqual(self.clv.new_patient_count, 2)
