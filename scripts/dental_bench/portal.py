"""dental_portal's budgeted operations (issue 27): the online booking's free slots of a branch for a week, and
the patient portal's visit history of a patient.

``FreeSlots`` calls what the slot API calls (``dental.schedule._dental_free_slots``: shifts, working hours,
booked chairs and exclusive doctors) for the main branch's week from the anchor day, a 40-minute service, every
doctor. ``PortalVisits`` calls what /my/visits calls for a patient with many visits (the past visits' count,
the upcoming visits and the first page of the past ones, as rows). Both are skipped without dental_portal.
"""

from datetime import datetime, timedelta

from odoo.tools import SQL

from .odoo_env import UTC_OFFSET
from .operations import Operation

MINUTES = 40


class FreeSlots(Operation):
    key, name = "slots", "online booking: free slots of a branch for a week"

    def prepare(self, env):
        if "dental.booking.request" not in env:
            self.skipped = "dental_portal not installed"
            return
        self.company = self.bench.main_branch(env)
        self.start = datetime.combine(self.bench.today, datetime.min.time()) - UTC_OFFSET
        self.stop = self.start + timedelta(days=7)
        counts = self.bench.day_counts(env, self.company, self.start, self.stop)
        self.counts = {"week": self.bench.today.isoformat(), **counts}

    def call(self, env, index):
        company = env["res.company"].browse(self.company)
        return env["dental.schedule"]._dental_free_slots(company, self.start, self.stop, MINUTES, now=self.start)

    def floor(self, cr, index):
        """The same slots by hand: each shift's 20-minute grid where neither the chair nor the doctor is booked."""
        cr.execute(
            SQL(
                """
            SELECT g.t, s.employee_id, s.chair_id
              FROM dental_shift s
             CROSS JOIN LATERAL generate_series(GREATEST(s.start, %(start)s),
                                                LEAST(s.stop, %(stop)s) - %(len)s, interval '20 minutes') g(t)
             WHERE s.company_id = %(company)s AND s.start < %(stop)s AND s.stop > %(start)s
               AND NOT EXISTS (SELECT 1 FROM calendar_event e
                                WHERE e.active AND e.patient_id IS NOT NULL
                                  AND e.dental_state NOT IN ('no_show', 'cancelled')
                                  AND (e.chair_id = s.chair_id OR (e.dental_doctor_exclusive
                                                                   AND e.doctor_id = s.employee_id))
                                  AND e.start < g.t + %(len)s AND e.stop > g.t
                                  AND e.start > %(start)s - interval '2 days')
             ORDER BY g.t, s.employee_id
                """,
                start=self.start,
                stop=self.stop,
                len=timedelta(minutes=MINUTES),
                company=self.company,
            )
        )
        return cr.fetchall()


class PortalVisits(Operation):
    key, name = "portal_visits", "patient portal: visit history of a patient"

    def prepare(self, env):
        if "dental.booking.request" not in env:
            self.skipped = "dental_portal not installed"
            return
        env.cr.execute(
            "SELECT patient_id, count(*) FROM calendar_event WHERE patient_id IS NOT NULL"
            " GROUP BY patient_id ORDER BY count(*) DESC, patient_id LIMIT 1"
        )
        self.patient, visits = env.cr.fetchone()
        self.counts = {"visits": visits}

    def call(self, env, index):
        Patient = env["dental.patient"]
        patients = Patient.browse(self.patient)
        return Patient._dental_portal_past_count(patients), Patient._dental_portal_visits(patients, limit=20)

    def floor(self, cr, index):
        cr.execute(
            SQL(
                """
            SELECT count(*) OVER (), e.start, c.name, d.name, e.dental_state,
                   ARRAY(SELECT p.name FROM calendar_event_dental_service_rel r
                           JOIN product_product pp ON pp.id = r.product_id
                           JOIN product_template p ON p.id = pp.product_tmpl_id
                          WHERE r.event_id = e.id)
              FROM calendar_event e
              JOIN res_company c ON c.id = e.company_id
              LEFT JOIN hr_employee d ON d.id = e.doctor_id
             WHERE e.patient_id = %s AND e.dental_state != 'cancelled'
             ORDER BY e.start DESC LIMIT 20
                """,
                self.patient,
            )
        )
        return cr.fetchall()


PORTAL_OPERATIONS = [FreeSlots, PortalVisits]
