from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.dental_calendar.models.calendar_event import APPOINTMENT_STATES


class DentalReportAppointment(models.Model):
    """Appointments and the dynamics of visits: one row per dental appointment, dated by its local day in its
    branch. ``patient_kind`` tells a patient's first completed visit (primary) from the later ones (secondary);
    grouping by week or month and the search's comparison with the previous year give the visit dynamics."""

    _name = "dental.report.appointment"
    _inherit = ["dental.report.mixin"]
    _description = "Appointments"
    _auto = False
    _order = "start desc, id desc"
    _rec_name = "event_id"
    _dental_source_model = "calendar.event"
    _dental_utc_field = "start"
    _dental_source_field = "event_id"
    _dental_xlsx_columns = (
        "date",
        "start",
        "company_id",
        "chair_id",
        "patient_id",
        "doctor_id",
        "create_date",
        "visit_type",
        "patient_kind",
        "state",
        "hours",
    )

    event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True)
    date = fields.Date(readonly=True)
    start = fields.Datetime(readonly=True)
    create_date = fields.Datetime(string="Booked On", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    chair_id = fields.Many2one("dental.chair", string="Chair", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    visit_type = fields.Selection(
        [("primary", "Primary"), ("repeat", "Repeat"), ("consultation", "Consultation")], readonly=True
    )
    patient_kind = fields.Selection(
        [("primary", "First Visit"), ("secondary", "Secondary Visit"), ("none", "Not Completed")],
        string="Visit of the Patient",
        readonly=True,
    )
    state = fields.Selection(APPOINTMENT_STATES, string="Status", readonly=True)
    hours = fields.Float(readonly=True)
    completed_count = fields.Integer(string="Completed Visits", readonly=True)

    @property
    def _table_query(self):
        # the first completed visit of a patient is found through the index on patient_id (no window over the
        # whole table), so the filters on date and branch still reach the appointments' indexes
        return SQL(
            """
            SELECT e.id, e.id AS event_id,
                   (e.start AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date AS date,
                   e.start, e.create_date, e.company_id, e.chair_id, e.patient_id, e.doctor_id, e.visit_type,
                   CASE WHEN e.dental_state <> 'completed' THEN 'none'
                        WHEN EXISTS (SELECT 1 FROM calendar_event p
                                      WHERE p.patient_id = e.patient_id AND p.dental_state = 'completed'
                                        AND (p.start, p.id) < (e.start, e.id)) THEN 'secondary'
                        ELSE 'primary' END AS patient_kind,
                   e.dental_state AS state,
                   EXTRACT(EPOCH FROM e.stop - e.start) / 3600.0 AS hours,
                   CASE WHEN e.dental_state = 'completed' THEN 1 ELSE 0 END AS completed_count
              FROM calendar_event e
              JOIN res_company c ON c.id = e.company_id
              LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
             WHERE e.patient_id IS NOT NULL
               AND e.active
            """
        )
