from odoo import fields, models


class DentalRecordTemplate(models.Model):
    """Ready text for the sections of a visit record, grouped (therapy, surgery...)."""

    _name = "dental.record.template"
    _inherit = ["dental.book.mixin"]
    _description = "Visit Record Template"
    _order = "group, sequence, name"

    name = fields.Char(required=True, translate=True)
    group = fields.Char(index=True, translate=True, help="Group shown in the template list, e.g. Therapy.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the template with every branch.")
    diagnosis_id = fields.Many2one("dental.diagnosis", string="Diagnosis", domain=[("selectable", "=", True)])
    complaints = fields.Text(translate=True)
    anamnesis = fields.Text(translate=True)
    objective = fields.Text(string="Objective Examination", translate=True)
    st_localis = fields.Text(string="St. localis", translate=True)
    treatment = fields.Text(string="Treatment Done", translate=True)
    recommendations = fields.Text(translate=True)
