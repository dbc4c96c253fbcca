from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalPerioExam(models.Model):
    """A periodontal chart: one exam, six sites per tooth (see ``dental.perio.tooth``).

    ``compare_exam_id`` selects an earlier exam: each tooth line then shows how its
    pocket depths and attachment loss changed.
    """

    _name = "dental.perio.exam"
    _description = "Periodontal Exam"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    patient_id = fields.Many2one("dental.patient", string="Patient", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        related="patient_id.company_id", string="Branch", store=True, index=True, precompute=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", default=lambda self: self.env.user.employee_id)
    line_ids = fields.One2many("dental.perio.tooth", "exam_id", string="Teeth", copy=True)
    compare_exam_id = fields.Many2one(
        "dental.perio.exam",
        string="Compare With",
        domain="[('patient_id', '=', patient_id), ('id', '!=', id)]",
    )
    note = fields.Text()
    bleeding_percent = fields.Float(string="Bleeding on Probing (%)", compute="_compute_indices")
    plaque_percent = fields.Float(string="Plaque Index (%)", compute="_compute_indices")
    deep_pocket_count = fields.Integer(string="Sites with PD ≥ 5 mm", compute="_compute_indices")

    @api.depends("patient_id", "date")
    def _compute_display_name(self):
        for exam in self:
            exam.display_name = _("Periodontal chart %(date)s", date=fields.Date.to_string(exam.date) or "")

    @api.depends("line_ids.bleeding_count", "line_ids.plaque_count", "line_ids.deep_count", "line_ids.missing")
    def _compute_indices(self):
        for exam in self:
            present = exam.line_ids.filtered(lambda line: not line.missing)
            sites = 6 * len(present)
            exam.bleeding_percent = 100.0 * sum(present.mapped("bleeding_count")) / sites if sites else 0.0
            exam.plaque_percent = 100.0 * sum(present.mapped("plaque_count")) / sites if sites else 0.0
            exam.deep_pocket_count = sum(present.mapped("deep_count"))

    @api.constrains("compare_exam_id", "patient_id")
    def _check_compare_exam(self):
        for exam in self:
            if exam.compare_exam_id and (
                exam.compare_exam_id == exam or exam.compare_exam_id.patient_id != exam.patient_id
            ):
                raise ValidationError(_("Compare with another exam of the same patient."))

    @api.model_create_multi
    def create(self, vals_list):
        exams = super().create(vals_list)
        for exam in exams.filtered(lambda e: not e.line_ids):
            exam._fill_teeth()
        return exams

    def _fill_teeth(self):
        """One line per permanent tooth, in chart order."""
        teeth = self.env["dental.tooth"].search([("dentition", "=", "permanent")])
        self.write({"line_ids": [fields.Command.create({"tooth_id": tooth.id}) for tooth in teeth]})

    def action_compare_previous(self):
        self.ensure_one()
        previous = self.search(
            [("patient_id", "=", self.patient_id.id), ("date", "<=", self.date), ("id", "!=", self.id)],
            order="date desc, id desc",
            limit=1,
        )
        if not previous:
            raise ValidationError(_("This patient has no earlier periodontal exam."))
        self.compare_exam_id = previous
        return True
