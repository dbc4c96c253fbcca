from collections import defaultdict

from odoo import api, fields, models


class DentalPlanTemplate(models.Model):
    """A ready treatment plan for a set of diagnoses, with service blocks per profession."""

    _name = "dental.plan.template"
    _inherit = ["dental.book.mixin"]
    _description = "Treatment Plan Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the template with every branch.")
    diagnosis_ids = fields.Many2many(
        "dental.diagnosis",
        "dental_plan_template_diagnosis_rel",
        "template_id",
        "diagnosis_id",
        string="Treated Diagnoses",
        domain=[("selectable", "=", True)],
    )
    line_ids = fields.One2many("dental.plan.template.line", "template_id", string="Services", copy=True)
    note = fields.Text()
    total_hours = fields.Float(compute="_compute_hours", string="Total Hours")
    hours_summary = fields.Char(compute="_compute_hours", string="Hours per Profession")

    @api.depends("line_ids.hours", "line_ids.job_id")
    def _compute_hours(self):
        for template in self:
            per_job = defaultdict(float)
            for line in template.line_ids:
                per_job[line.job_id.name or ""] += line.hours
            template.total_hours = sum(per_job.values())
            template.hours_summary = ", ".join(
                f"{job}: {hours:g}" if job else f"{hours:g}" for job, hours in sorted(per_job.items())
            )

    @api.model
    def _rank(self, diagnoses, templates=None):
        """Templates ranked by match: the share (%) of ``diagnoses`` each template treats.

        :return: list of (template, percent), best first; templates matching nothing are left out
        """
        diagnoses = diagnoses._origin  # the wizard's onchange passes new records
        if not diagnoses:
            return []
        templates = templates if templates is not None else self.search([("active", "=", True)])
        ranking = []
        for template in templates:
            covered = diagnoses & template.diagnosis_ids
            if covered:
                ranking.append((template, round(100.0 * len(covered) / len(diagnoses), 1)))
        ranking.sort(key=lambda item: (-item[1], item[0].sequence, item[0].name))
        return ranking
