from odoo import fields, models


class DentalToothSurface(models.Model):
    """A tooth surface: mesial, distal, occlusal/incisal, buccal/labial, lingual/palatal, cervical."""

    _name = "dental.tooth.surface"
    _inherit = ["dental.chart.reference.mixin"]
    _description = "Tooth Surface"
    _order = "sequence, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, size=1, help="One letter: M, D, O, B, L or C.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer()

    _sql_constraints = [("code_uniq", "unique(code)", "A surface code is unique.")]

    def _compute_display_name(self):
        for surface in self:
            surface.display_name = surface.code
