from odoo import fields, models
from odoo.tools import SQL


class DentalReportChair(models.Model):
    """Chair utilisation and doctor load: the chair-hours available (the doctors' shifts in the chairs) against
    the chair-hours booked (appointments not cancelled nor missed), per local day of the branch.

    One row per shift (available hours) and one per appointment (booked hours); the load of any group is
    100 × booked / available, summed over the group first (``_read_group_select``), so a pivot by chair gives
    the chair's utilisation and a pivot by doctor the doctor's load.
    """

    _name = "dental.report.chair"
    _inherit = ["dental.report.mixin"]
    _description = "Chair Utilisation and Doctor Load"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "chair_id"
    _dental_source_model = "calendar.event"
    _dental_utc_field = "start"
    _dental_source_field = "event_id"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "chair_id",
        "doctor_id",
        "available_hours",
        "booked_hours",
        "load",
    )

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    chair_id = fields.Many2one("dental.chair", string="Chair", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    start = fields.Datetime(readonly=True)
    shift_id = fields.Many2one("dental.shift", string="Shift", readonly=True)
    event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True)
    available_hours = fields.Float(string="Available Hours", readonly=True)
    booked_hours = fields.Float(string="Booked Hours", readonly=True)
    load = fields.Float(string="Load (%)", readonly=True, aggregator="avg", help="Booked over available hours.")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT s.id * 2 AS id,
                   (s.start AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date AS date,
                   s.start, s.company_id, s.chair_id, s.employee_id AS doctor_id, s.id AS shift_id,
                   NULL::int AS event_id,
                   EXTRACT(EPOCH FROM s.stop - s.start) / 3600.0 AS available_hours, 0.0 AS booked_hours,
                   0.0 AS load
              FROM dental_shift s
              JOIN res_company c ON c.id = s.company_id
              LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
            UNION ALL
            SELECT e.id * 2 + 1,
                   (e.start AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date,
                   e.start, e.company_id, e.chair_id, e.doctor_id, NULL::int, e.id,
                   0.0, EXTRACT(EPOCH FROM e.stop - e.start) / 3600.0, 0.0
              FROM calendar_event e
              JOIN res_company c ON c.id = e.company_id
              LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
             WHERE e.chair_id IS NOT NULL
               AND e.active
               AND e.dental_state NOT IN ('cancelled', 'no_show')
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "load:avg":
            return SQL(
                "ROUND((100.0 * SUM(%s) / NULLIF(SUM(%s), 0))::numeric, 1)",
                self._field_to_sql(self._table, "booked_hours", query),
                self._field_to_sql(self._table, "available_hours", query),
            )
        return super()._read_group_select(aggregate_spec, query)
