from odoo import fields, models
from odoo.tools import SQL


class DentalReportRecommendation(models.Model):
    """Doctors' recommendations (seed "Отчёты. Рекомендации к врачам"): one row per visit record holding
    recommendations to the patient, in its current version (a record corrected by a newer one is left out, so a
    correction does not count twice)."""

    _name = "dental.report.recommendation"
    _inherit = ["dental.report.mixin"]
    _description = "Doctors' Recommendations"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "patient_id"
    _dental_source_model = "dental.visit.record"
    _dental_source_field = "record_id"
    _dental_xlsx_columns = ("date", "company_id", "doctor_id", "patient_id", "recommendations", "state")

    record_id = fields.Many2one("dental.visit.record", string="Visit Record", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    recommendations = fields.Text(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("signed", "Signed")], readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id, r.id AS record_id, r.date, r.company_id, r.doctor_id, r.patient_id, r.recommendations,
                   r.state
              FROM dental_visit_record r
             WHERE r.has_recommendations
               AND r.state != 'corrected'
            """
        )
