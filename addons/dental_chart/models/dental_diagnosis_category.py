from odoo import _, fields, models


class DentalDiagnosisCategory(models.Model):
    """A group of diagnoses in the pick lists (ICD-10 blocks shipped; clinics add their own)."""

    _name = "dental.diagnosis.category"
    _inherit = ["dental.book.mixin"]
    _description = "Diagnosis Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    diagnosis_ids = fields.One2many("dental.diagnosis", "category_id", string="Diagnoses")

    def _dental_history_sources(self):
        return [*super()._dental_history_sources(), ("dental.diagnosis", "category_id", _("diagnoses"))]
