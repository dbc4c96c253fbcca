from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestFunnelBuilder(DentalMarketingCommon):
    def _builder(self, team, user):
        view = self.env.ref("dental_marketing.crm_team_view_form_dental_funnel")
        return Form(team.with_user(user), view=view)

    def test_director_builds_a_team_funnel(self):
        Team = self.env["crm.team"].with_user(self.user_director)
        team = Team.with_context(default_is_dental=True).create({"name": "Implant Funnel"})
        with self._builder(team, self.user_director) as builder:
            with builder.dental_stage_ids.new() as stage:
                stage.name = "Asked"
                stage.dental_color = 4
                stage.dental_icon = "fa-inbox"
            with builder.dental_stage_ids.new() as stage:
                stage.name = "Implant booked"
                stage.is_won = True
                stage.dental_open = False
        self.assertEqual(team.dental_stage_ids.mapped("name"), ["Asked", "Implant booked"])
        self.assertEqual(team.dental_stage_ids[0].dental_icon, "fa-inbox")
        # the team's own funnel: its stages only, not the other dental team's
        lead = self._lead(team_id=team.id, user_id=self.user_director.id)
        self.assertEqual(lead.stage_id.name, "Asked", "a team's lead starts in its own funnel's first stage")
        action = team.action_dental_open_funnel()
        Lead = self.env["crm.lead"].with_context(**action["context"])
        groups = Lead.read_group(action["domain"], ["stage_id"], ["stage_id"])
        self.assertEqual([group["stage_id"][1] for group in groups], ["Asked", "Implant booked"])
        self.assertEqual(Lead.search(action["domain"]), lead)

    def test_one_converted_stage(self):
        with self.assertRaises(ValidationError):
            with self._builder(self.team, self.user_director) as builder:
                with builder.dental_stage_ids.new() as stage:
                    stage.name = "Paid"
                    stage.is_won = True
        self.assertEqual(len(self.team.dental_stage_ids.filtered("is_won")), 1)

    def test_lower_roles_cannot_build(self):
        stage = self.team.dental_stage_ids[:1]
        for user in (self.user_coordinator, self.user_registrar, self.user_doctor):
            with self.assertRaises(AccessError):
                stage.with_user(user).write({"dental_color": 1})
            with self.assertRaises(AccessError):
                self.env["crm.stage"].with_user(user).create({"name": "X", "team_id": self.team.id})
            with self.assertRaises(AccessError):
                stage.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.team.with_user(user).write({"name": "Renamed"})
