from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dental_is_insurer = fields.Boolean(
        string="Insurer (ДМС)", index=True, help="An insurance company the clinic treats policy holders of."
    )
    dental_dms_contract_ids = fields.One2many("dental.dms.contract", "insurer_id", string="ДМС Contracts")
