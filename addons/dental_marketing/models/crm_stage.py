from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    dental_color = fields.Integer(string="Colour", help="Colour of the stage's column and badge in the funnel.")
    dental_icon = fields.Char(string="Icon", help="Font Awesome icon of the stage (e.g. fa-phone).")
    dental_open = fields.Boolean(
        string="Open Lead",
        default=True,
        help="Leads in this stage still wait for the clinic's work: the stale-lead rule watches them.",
    )
