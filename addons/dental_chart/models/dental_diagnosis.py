from odoo import api, fields, models


class DentalDiagnosis(models.Model):
    """A diagnosis: ICD-10 (МКБ-10, НСИ 1005) dental block shipped as data; clinics add their own."""

    _name = "dental.diagnosis"
    _description = "Diagnosis"
    _parent_store = True
    _order = "code, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True, help="ICD-10 code, e.g. K02.1.")
    name = fields.Char(required=True, translate=True, index="trigram")
    parent_id = fields.Many2one("dental.diagnosis", string="Parent", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("dental.diagnosis", "parent_id", string="Subcodes")
    category_id = fields.Many2one("dental.diagnosis.category", string="Category", index=True)
    is_icd10 = fields.Boolean(string="ICD-10", help="Shipped from the official ICD-10 list.")
    selectable = fields.Boolean(
        default=True,
        help="Can be set on a tooth or a record (block headings such as K00-K14 cannot).",
    )
    condition_id = fields.Many2one(
        "dental.condition",
        string="Chart Condition",
        help="Condition drawn on the tooth when this diagnosis is set (e.g. K02.1 draws caries).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the diagnosis with every branch.")

    _sql_constraints = [("code_uniq", "unique(code, company_id)", "A diagnosis code is unique.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for diagnosis in self:
            diagnosis.display_name = f"{diagnosis.code} {diagnosis.name}" if diagnosis.code else diagnosis.name
