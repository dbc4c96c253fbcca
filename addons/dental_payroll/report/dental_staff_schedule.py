from odoo import fields, models
from odoo.tools import SQL


class DentalStaffSchedule(models.Model):
    """Who works when and where: one row per shift, in the branch's local time (read-only SQL view).

    The list is the detailed mode, the pivot (employees × days, hours) the summary.
    """

    _name = "dental.staff.schedule"
    _description = "Staff Schedule"
    _auto = False
    _order = "date, company_id, employee_id"

    employee_id = fields.Many2one("hr.employee", string="Employee", readonly=True)
    job_id = fields.Many2one("hr.job", string="Profession", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    chair_id = fields.Many2one("dental.chair", string="Chair", readonly=True)
    date = fields.Date(readonly=True)
    start = fields.Datetime(readonly=True)
    stop = fields.Datetime(readonly=True)
    hours = fields.Float(readonly=True, aggregator="sum")
    shift_count = fields.Integer(string="Shifts", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT s.id, s.employee_id, e.job_id, s.company_id, s.chair_id, s.start, s.stop,
                   (s.start AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date AS date,
                   EXTRACT(EPOCH FROM (s.stop - s.start)) / 3600.0 AS hours,
                   1 AS shift_count
              FROM dental_shift s
              JOIN hr_employee e ON e.id = s.employee_id
              JOIN res_company c ON c.id = s.company_id
              LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
            """
        )
