from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .dental_perio_tooth import ENTRY_FIELDS, SITE_PREFIXES, SITES


class DentalPerioExam(models.Model):
    """A periodontal chart: one exam, six sites per tooth (see ``dental.perio.tooth``).

    ``compare_exam_id`` selects an earlier exam: each tooth line then shows how its
    pocket depths and attachment loss changed, and the drawn chart overlays its lines.
    The drawn chart (OWL widget ``dental_perio_chart``) loads with ``perio_get_chart``
    and saves its keyboard entry with ``perio_save_sites``, one call each.
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
            exam._check_compare_candidate(exam.compare_exam_id)

    @api.model_create_multi
    def create(self, vals_list):
        exams = super().create(vals_list)
        for exam in exams.filtered(lambda e: not e.line_ids):
            exam._fill_teeth()
        return exams

    def _check_compare_candidate(self, compare):
        """``compare`` (an exam or an empty recordset) may be overlaid on this exam."""
        if compare and (compare == self or compare.patient_id != self.patient_id):
            raise ValidationError(_("Compare with another exam of the same patient."))

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

    # ------------------------------------------------------------ drawn chart
    @api.model
    def _perio_chart_fields(self):
        return ["tooth_id", "missing", "mobility", "furcation"] + [
            f"{prefix}_{site}" for prefix in SITE_PREFIXES for site in SITES
        ]

    @api.model
    def _perio_tooth_data(self, line):
        data = {
            "id": line.id,
            "code": line.tooth_id.code,
            "missing": line.missing,
            "mobility": line.mobility,
            "furcation": line.furcation,
        }
        for prefix in SITE_PREFIXES:
            data[prefix] = {site: line[f"{prefix}_{site}"] for site in SITES}
        return data

    def perio_get_chart(self, compare_exam_id=None):
        """What the drawn chart needs, in one call: this exam's sites per tooth, the
        compared exam's (``compare_exam_id``: an exam id, ``False`` for none, ``None``
        for the stored ``compare_exam_id``; the form may pass an unsaved choice) and
        the patient's other exams to compare with.

        Read with the caller's rights (clinical roles only, branch rules); the lines of
        both exams and their teeth are fetched in a fixed number of queries.
        """
        self.ensure_one()
        compare = self.compare_exam_id if compare_exam_id is None else self.browse(compare_exam_id or [])
        self._check_compare_candidate(compare)
        exams = self | compare
        lines = self.env["dental.perio.tooth"].search_fetch(
            [("exam_id", "in", exams.ids)], [*self._perio_chart_fields(), "exam_id"]
        )
        lines.tooth_id.fetch(["code"])
        teeth = {exam.id: {} for exam in exams}
        for line in lines:
            teeth[line.exam_id.id][line.tooth_id.code] = self._perio_tooth_data(line)
        others = self.search_fetch(
            [("patient_id", "=", self.patient_id.id), ("id", "!=", self.id)], ["date"], order="date desc, id desc"
        )
        return {
            "exam": {"id": self.id, "date": fields.Date.to_string(self.date), "teeth": teeth[self.id]},
            "compare": (
                {"id": compare.id, "date": fields.Date.to_string(compare.date), "teeth": teeth[compare.id]}
                if compare
                else False
            ),
            "exams": [
                {"id": exam.id, "date": fields.Date.to_string(exam.date), "name": exam.display_name} for exam in others
            ],
        }

    def perio_save_sites(self, changes):
        """Save one batch of the chart's keyboard entry: ``changes`` is a list of
        ``[line_id, values]`` for lines of this exam, ``values`` limited to the entered
        fields (depths, margins, bleeding, suppuration, plaque, mobility, furcation,
        missing). All or nothing: the lines' constraints validate the values.
        """
        self.ensure_one()
        lines = {line.id: line for line in self.line_ids}
        for line_id, values in changes:
            if line_id not in lines:
                raise ValidationError(_("Only the teeth of this periodontal exam can be entered here."))
            unknown = set(values) - ENTRY_FIELDS
            if unknown:
                raise ValidationError(
                    _(
                        "These values are not entered on the periodontal chart: %(fields)s",
                        fields=", ".join(sorted(unknown)),
                    )
                )
        for line_id, values in changes:
            lines[line_id].write(values)
        return True
