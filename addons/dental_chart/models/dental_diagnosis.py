from odoo import _, api, fields, models


class DentalDiagnosis(models.Model):
    """A diagnosis: ICD-10 (МКБ-10, НСИ 1005) dental block shipped as data; clinics add their own."""

    _name = "dental.diagnosis"
    _inherit = ["dental.book.mixin"]
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

    def _dental_history_sources(self):
        return [
            *super()._dental_history_sources(),
            ("dental.chart.finding", "diagnosis_id", _("chart findings")),
            ("dental.visit.record", "diagnosis_id", _("visit records")),
            ("dental.visit.record", "other_diagnosis_ids", _("visit records")),
            ("dental.ortho.card", "diagnosis_ids", _("orthodontic cards")),
        ]

    def _dental_book_history(self):
        history = super()._dental_book_history()
        if self.is_icd10:
            # the national list: a code the clinic does not use is archived, the list stays whole
            history.append(_("the official ICD-10 list"))
        return history
