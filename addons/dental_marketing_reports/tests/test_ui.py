from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestFunnelUi(HttpCase):
    def test_director_drills_into_the_funnel(self):
        director = mail_new_test_user(
            self.env, login="funnel_tour_director", groups="dental_patient.group_director", lang="en_US"
        )
        team = self.env.ref("dental_marketing.crm_team_dental")
        stage = self.env["crm.stage"].create({"name": "Tour Stage", "team_id": team.id, "sequence": 1})
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Tour lead {index}",
                    "type": "opportunity",
                    "team_id": team.id,
                    "stage_id": stage.id,
                    "company_id": self.env.company.id,
                    "user_id": director.id,
                }
                for index in (1, 2)
            ]
        )
        director.company_ids = [Command.set(self.env.company.ids)]
        self.start_tour(
            "/odoo/action-dental_reports.dental_dashboard_action",
            "dental_marketing_reports_funnel",
            login="funnel_tour_director",
        )
