from odoo import _, fields, models


class DentalChair(models.Model):
    """A dental chair (unit) of a branch: one column of the chair schedule."""

    _name = "dental.chair"
    _inherit = ["dental.book.mixin"]
    _description = "Dental Chair"
    _order = "company_id, sequence, name, id"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company",
        string="Branch",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    room = fields.Char(help="Room or surgery where the chair stands.")
    color = fields.Integer()
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10, help="Order of the columns in the schedule.")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A chair name is unique within a branch."),
    ]

    def _dental_history_sources(self):
        return [
            *super()._dental_history_sources(),
            ("calendar.event", "chair_id", _("appointments")),
            ("dental.shift", "chair_id", _("doctor shifts")),
        ]
