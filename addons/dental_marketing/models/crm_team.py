from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    is_dental = fields.Boolean(
        string="Dental Team",
        help="Leads of this team are a clinic's leads (new and returning patients): they get the dental "
        "funnel, conversion to a patient and the stale-lead rule. Other teams keep Odoo's CRM as it is.",
    )
