from odoo import fields, models

from .res_company import NOTATIONS


class ResUsers(models.Model):
    _inherit = "res.users"

    dental_tooth_notation = fields.Selection(
        NOTATIONS,
        string="Tooth Numbering",
        help="Overrides the branch's tooth numbering for this user.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "dental_tooth_notation"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "dental_tooth_notation"]
