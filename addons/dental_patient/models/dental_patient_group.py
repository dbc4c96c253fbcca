from odoo import _, fields, models


class DentalPatientGroup(models.Model):
    """A segment of patients: CLV group, VIP, corporate, orthodontic..."""

    _name = "dental.patient.group"
    _inherit = ["dental.book.mixin"]
    _description = "Patient Group"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", string="Branch", index=True, help="Empty: every branch.")
    active = fields.Boolean(default=True)
    patient_ids = fields.One2many("dental.patient", "group_id", string="Patients")
    patient_count = fields.Integer(compute="_compute_patient_count")

    _sql_constraints = [("name_company_uniq", "unique(name, company_id)", "A patient group name is unique per branch.")]

    def _compute_patient_count(self):
        counts = dict(self.env["dental.patient"]._read_group([("group_id", "in", self.ids)], ["group_id"], ["__count"]))
        for group in self:
            group.patient_count = counts.get(group, 0)

    def _dental_history_sources(self):
        return [*super()._dental_history_sources(), ("dental.patient", "group_id", _("patients"))]
