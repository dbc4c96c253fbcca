from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalFamily(models.Model):
    """Patients of one family: one card number, payments for each other, shared reminders."""

    _name = "dental.family"
    _description = "Family"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    card_number = fields.Char(string="Family Card No.", tracking=True, copy=False, index="btree_not_null")
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    note = fields.Text()
    member_ids = fields.One2many("dental.patient", "family_id", string="Members")
    member_count = fields.Integer(compute="_compute_member_count")

    _sql_constraints = [
        (
            "card_number_company_uniq",
            "unique(card_number, company_id)",
            "A family card number is unique within a branch.",
        ),
    ]

    @api.depends("member_ids")
    def _compute_member_count(self):
        for family in self:
            family.member_count = len(family.member_ids)

    @api.constrains("company_id")
    def _check_members_company(self):
        for family in self:
            for member in family.member_ids:
                if family.company_id not in member.company_id.parent_ids:
                    raise ValidationError(
                        _(
                            "%(patient)s belongs to another branch than the family %(family)s.",
                            patient=member.name,
                            family=family.name,
                        )
                    )
