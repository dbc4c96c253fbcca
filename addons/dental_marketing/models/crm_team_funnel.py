from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmTeam(models.Model):
    """The funnel builder: a dental team's stages (order, colour, icon, "won" = converted) edited on one screen.
    Each dental team may have its own funnel: Odoo's stages belong to one team (``crm.stage.team_id``)."""

    _inherit = "crm.team"

    dental_stage_ids = fields.One2many("crm.stage", "team_id", string="Funnel Stages")

    @api.constrains("dental_stage_ids", "is_dental")
    def _check_dental_funnel(self):
        for team in self.filtered("is_dental"):
            if not team.dental_stage_ids:
                continue
            won = team.dental_stage_ids.filtered("is_won")
            if len(won) != 1:
                raise ValidationError(
                    _(
                        "The funnel of %(team)s needs exactly one stage meaning the lead is converted (won).",
                        team=team.name,
                    )
                )

    def action_dental_open_funnel(self):
        """The team's leads on its own funnel."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_marketing.crm_lead_action_dental")
        action["domain"] = [("is_dental_lead", "=", True), ("team_id", "=", self.id)]
        action["context"] = {
            "default_team_id": self.id,
            "default_type": "opportunity",
            "dental_funnel": True,
            "dental_team_id": self.id,
        }
        action["display_name"] = self.name
        return action
