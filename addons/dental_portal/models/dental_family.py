from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalFamily(models.Model):
    _inherit = "dental.family"

    portal_holder_id = fields.Many2one(
        "dental.patient",
        string="Portal Account Holder",
        domain="[('family_id', '=', id)]",
        help="The member whose portal account shows every member's visits, plans, invoices and documents.",
    )

    @api.constrains("portal_holder_id", "member_ids")
    def _check_portal_holder(self):
        for family in self:
            if family.portal_holder_id and family.portal_holder_id.family_id != family:
                raise ValidationError(_("The portal account holder must be a member of the family."))
