from odoo import fields, models
from odoo.tools import SQL


class DentalReportPatient(models.Model):
    """Patient movement: one row per patient card, dated by its creation, with the attending doctor, the
    marketing channel, who created it, the first completed visit and the number of completed visits
    (new patients who came, and who came back)."""

    _name = "dental.report.patient"
    _inherit = ["dental.report.mixin"]
    _description = "Patient Movement"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "patient_id"
    _dental_source_model = "dental.patient"
    _dental_source_field = "patient_id"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "patient_id",
        "doctor_id",
        "source_id",
        "create_uid",
        "first_visit_date",
        "visit_count",
        "active",
    )

    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    date = fields.Date(string="Card Created On", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Attending Doctor", readonly=True)
    source_id = fields.Many2one("utm.source", string="Marketing Channel", readonly=True)
    create_uid = fields.Many2one("res.users", string="Created By", readonly=True)
    first_visit_date = fields.Datetime(string="First Visit", readonly=True)
    visit_count = fields.Integer(string="Completed Visits", readonly=True)
    returned_count = fields.Integer(
        string="Came Back", readonly=True, help="1 when the patient had more than one completed visit."
    )
    active = fields.Boolean(readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT pa.id, pa.id AS patient_id, pa.create_date::date AS date, pa.company_id, pa.doctor_id,
                   pa.source_id, pa.create_uid, v.first_visit_date, COALESCE(v.visit_count, 0) AS visit_count,
                   CASE WHEN v.visit_count > 1 THEN 1 ELSE 0 END AS returned_count, pa.active
              FROM dental_patient pa
              LEFT JOIN LATERAL (
                  SELECT MIN(e.start) AS first_visit_date, COUNT(*) AS visit_count
                    FROM calendar_event e
                   WHERE e.patient_id = pa.id AND e.dental_state = 'completed' AND e.active
              ) v ON TRUE
            """
        )
