from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dental_area = fields.Float(
        string="Area (m²)",
        digits=(16, 1),
        help="The floor area of the branch: the report of income per m² divides the branch's income by it.",
    )

    _sql_constraints = [
        ("dental_area_positive", "CHECK (dental_area >= 0)", "The area of a branch cannot be negative.")
    ]
