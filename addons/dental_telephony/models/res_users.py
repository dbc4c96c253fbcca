from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dental_pbx_extension = fields.Char(
        string="PBX Extension",
        help="The user's extension (or PBX user id) at the branch's PBX: the calls they answer are theirs.",
    )
