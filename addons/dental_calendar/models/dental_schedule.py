from bisect import bisect_left
from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.dental_patient.tools.localtime import local_to_utc, utc_to_local

from .calendar_event import FREE_STATES, STATE_COLORS


class DentalSchedule(models.AbstractModel):
    """Data of the chair schedule screen, in one call per displayed period.

    The OWL schedule (client action ``dental_calendar.schedule``) asks for one day
    of a branch (columns = chairs) or one doctor's week (columns = days); the
    number of queries does not grow with the number of chairs or appointments.
    """

    _name = "dental.schedule"
    _description = "Chair Schedule"

    @api.model
    def get_schedule(self, company_id, start, stop, employee_id=False):
        """Chairs, shifts, appointments and waiting list between ``start`` and ``stop`` (UTC).

        With ``employee_id``: that doctor's shifts and appointments in every branch the
        user may see (week view; ``"me"`` for the user's own employee: "My schedule");
        otherwise the branch ``company_id``.
        """
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        if company not in self.env.user.company_ids:
            company = self.env.company
        # "My schedule" of a user linked to no employee of the branch: nothing of theirs, and the screen says why.
        no_employee = employee_id == "me" and not self.env.user.employee_id
        if employee_id == "me":
            employee_id = self.env.user.employee_id.id or False
        start, stop = fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(stop)
        period = [("start", "<", stop), ("stop", ">", start)]
        if no_employee:
            scope = event_scope = expression.FALSE_DOMAIN
        elif employee_id:
            scope = [("employee_id", "=", employee_id)]
            event_scope = [("doctor_id", "=", employee_id)]
        else:
            scope = [("company_id", "=", company.id)]
            event_scope = [("company_id", "=", company.id)]
        chairs = self.env["dental.chair"].search_fetch(
            [("company_id", "=", company.id)] if not employee_id else [], ["name", "room", "color", "company_id"]
        )
        shifts = self.env["dental.shift"].search_fetch(scope + period, ["chair_id", "employee_id", "start", "stop"])
        # Searched as the user (record rules: the branch, a doctor's own schedule), then the columns the
        # blocks show are read in one query (_appointments_data).
        # An appointment lies within one day (_check_dental_appointment): the lower bound on its start lets
        # the start index read the period's appointments instead of every later one (stop > start).
        events = self.env["calendar.event"].search(
            event_scope + period + [("patient_id", "!=", False), ("start", ">", start - timedelta(days=1))],
            order="start, id",
        )
        employees = self.env["hr.employee"].search_fetch(
            [("company_id", "in", [company.id, False])], ["name", "job_id"]
        )
        waitlist = self.env["dental.waitlist"].search([("company_id", "=", company.id), ("state", "=", "waiting")])
        return {
            "employee_id": employee_id,
            "no_employee": no_employee,
            "company": {
                "id": company.id,
                "name": company.name,
                "tz": company._dental_tz(),
                "work_start": company.dental_work_start,
                "work_end": company.dental_work_end,
                "step": company.dental_calendar_step,
                "outside_hours": company.dental_outside_hours,
                "allow_no_doctor": company.dental_allow_no_doctor,
                "doctor_parallel": company.dental_doctor_parallel,
            },
            "companies": [{"id": c.id, "name": c.name} for c in self.env.user.company_ids],
            "chairs": [
                {"id": c.id, "name": c.name, "room": c.room or "", "color": c.color, "company_id": c.company_id.id}
                for c in chairs
            ],
            "shifts": [self._shift_data(s) for s in shifts],
            "appointments": self._appointments_data(events),
            "employees": [
                {"id": e.id, "name": e.name, "job_id": e.job_id.id, "job_name": e.job_id.name or ""} for e in employees
            ],
            "waitlist": [self._waitlist_data(w) for w in waitlist],
            "states": [
                {"key": key, "label": label, "color": STATE_COLORS[key], "free": key in FREE_STATES}
                for key, label in self.env["calendar.event"]._fields["dental_state"]._description_selection(self.env)
            ],
        }

    @api.model
    def _dental_free_slots(self, company, start, stop, minutes, doctor_ids=None, now=None, exclude_event_ids=None):
        """Free slots of ``minutes`` in branch ``company`` between ``start`` and ``stop`` (naive UTC).

        A slot is a doctor's shift in a chair, on the branch's calendar grid (its step from the local midnight),
        within the branch's working hours and the shift, after ``now``, where neither the chair nor (unless the
        branch lets doctors work in parallel) the doctor has a booked appointment: the rules that
        ``calendar.event`` enforces (``_dental_check_busy``, the exclusion constraints, ``_dental_schedule_issues``
        of a branch that refuses bookings outside hours). Booking a slot still goes through ``calendar.event``'s
        create, so the database decides under concurrency. ``doctor_ids``: only these doctors' shifts.
        ``exclude_event_ids``: appointments whose time counts as free (an appointment being moved: its own slot
        does not make a later overlapping one busy).

        Returns ``[{"start", "stop", "doctor_id", "chair_id"}]`` (naive UTC datetimes) by start, then doctor.
        Reads shifts and appointments as the system (a slot is taken whoever booked it), returns only times
        and the ids of doctors and chairs: nothing about the patients.
        """
        company.ensure_one()
        now = now or fields.Datetime.now()
        start, stop = max(start, now), stop
        if minutes <= 0 or start >= stop:
            return []
        length = timedelta(minutes=minutes)
        domain = [("company_id", "=", company.id), ("start", "<", stop), ("stop", ">", start)]
        if doctor_ids is not None:
            domain.append(("employee_id", "in", list(doctor_ids)))
        # sudo: shifts are the clinic's timetable, the caller may be a visitor of the booking page
        shifts = self.env["dental.shift"].sudo().search_fetch(domain, ["employee_id", "chair_id", "start", "stop"])
        if not shifts:
            return []
        exclusive = self.env["calendar.event"]._dental_doctor_exclusive_in(company)
        chair_busy, doctor_busy = self._dental_busy_intervals(
            shifts.chair_id.ids, shifts.employee_id.ids if exclusive else [], start, stop, exclude_event_ids
        )
        tz = company._dental_tz()
        step = timedelta(minutes=company.dental_calendar_step)
        work_start, work_end = company.dental_work_start, company.dental_work_end
        days = {}  # local day: (opens, closes, midnight) in UTC

        def day_bounds(day):
            if day not in days:
                days[day] = (
                    local_to_utc(day, work_start, tz),
                    local_to_utc(day, work_end, tz),
                    local_to_utc(day, 0, tz),
                )
            return days[day]

        slots = []
        # plain values: the loop below runs for every step of every shift
        for doctor_id, chair_id, shift_start, shift_stop in [
            (s.employee_id.id, s.chair_id.id, s.start, s.stop) for s in shifts
        ]:
            first, last = max(shift_start, start), min(shift_stop, stop)
            chair_intervals = chair_busy.get(chair_id)
            doctor_intervals = doctor_busy.get(doctor_id) if exclusive else None
            day = utc_to_local(first, tz).date()
            while True:
                opens, closes, midnight = day_bounds(day)
                opens, closes = max(first, opens), min(last, closes)
                if opens >= last:
                    break
                # the grid: whole steps from the local midnight
                slot = midnight + step * -(-(opens - midnight) // step)
                while slot + length <= closes:
                    end = slot + length
                    if not _overlaps(chair_intervals, slot, end) and not _overlaps(doctor_intervals, slot, end):
                        slots.append({"start": slot, "stop": end, "doctor_id": doctor_id, "chair_id": chair_id})
                    slot += step
                day += timedelta(days=1)
        slots.sort(key=lambda s: (s["start"], s["doctor_id"], s["chair_id"]))
        return slots

    @api.model
    def _dental_busy_intervals(self, chair_ids, doctor_ids, start, stop, exclude_event_ids=None):
        """Booked time of the chairs and the exclusive doctors: ``({chair id: intervals}, {doctor id: intervals})``.

        Intervals are merged and sorted ``(starts, stops)`` lists, for ``_overlaps``. One query; raw SQL for
        speed (a week of a busy branch is thousands of appointments): it reads only times, chairs and doctors
        of the booked appointments, under the same conditions as the exclusion constraints, except the appointments
        ``exclude_event_ids``.
        """
        self.env["calendar.event"].flush_model(
            [
                "chair_id",
                "doctor_id",
                "start",
                "stop",
                "active",
                "patient_id",
                "dental_state",
                "dental_doctor_exclusive",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT chair_id, CASE WHEN dental_doctor_exclusive AND doctor_id = ANY(%(doctors)s)
                                      THEN doctor_id END, start, stop
                  FROM calendar_event
                 WHERE active AND patient_id IS NOT NULL AND dental_state NOT IN %(free)s
                   AND start < %(stop)s AND stop > %(start)s AND start > %(earliest)s
                   AND NOT id = ANY(%(exclude)s)
                   AND (chair_id = ANY(%(chairs)s) OR (dental_doctor_exclusive AND doctor_id = ANY(%(doctors)s)))
                 ORDER BY start
                """,
                doctors=list(doctor_ids),
                chairs=list(chair_ids),
                free=FREE_STATES,
                exclude=list(exclude_event_ids or []),
                start=start,
                stop=stop,
                # an appointment lies within one day: the start index reads the period, not every later one
                earliest=start - timedelta(days=2),
            )
        )
        chairs, doctors = {}, {}
        for chair_id, doctor_id, begin, end in rows:
            if chair_id in chair_ids:
                chairs.setdefault(chair_id, []).append((begin, end))
            if doctor_id:
                doctors.setdefault(doctor_id, []).append((begin, end))
        return (
            {key: _merge(intervals) for key, intervals in chairs.items()},
            {key: _merge(intervals) for key, intervals in doctors.items()},
        )

    @api.model
    def _shift_data(self, shift):
        return {
            "id": shift.id,
            "chair_id": shift.chair_id.id,
            "chair_name": shift.chair_id.name,
            "employee_id": shift.employee_id.id,
            "employee_name": shift.employee_id.name,
            "job_id": shift.employee_id.job_id.id,
            "start": fields.Datetime.to_string(shift.start),
            "stop": fields.Datetime.to_string(shift.stop),
        }

    @api.model
    def _appointments_data(self, events):
        """The blocks of ``events`` (already searched under the user's record rules), in their order.

        One SQL query for the displayed columns of the appointments, their patients, doctors and chairs:
        read through the ORM, the ~450 appointments of a busy 20-chair day cost more in Python per field and
        record than in SQL, and calendar's privacy check re-reads every event's attendees under the partners'
        record rule. Appointments with a patient are never personal private events.
        """
        if not events:
            return []
        self.env["calendar.event"].flush_model(
            [
                "chair_id",
                "patient_id",
                "doctor_id",
                "start",
                "stop",
                "dental_state",
                "note",
                "visit_type",
                "service_ids",
                "booking_source",
            ]
        )
        self.env["dental.patient"].flush_model(["partner_id", "last_visit_date"])
        self.env["res.partner"].flush_model(["name", "mobile", "phone"])
        self.env["hr.employee"].flush_model(["name", "job_id"])
        self.env["dental.chair"].flush_model(["name"])
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT ev.id, ev.chair_id, ch.name AS chair_name, ev.patient_id,
                       pr.name AS patient_name, COALESCE(NULLIF(pr.mobile, ''), NULLIF(pr.phone, ''), '') AS phone,
                       pa.last_visit_date, ev.doctor_id, doc.name AS doctor_name, doc.job_id, ev.start, ev.stop,
                       ev.dental_state, ev.note, ev.visit_type, ev.booking_source,
                       ARRAY(SELECT rel.product_id FROM calendar_event_dental_service_rel rel
                              WHERE rel.event_id = ev.id) AS service_ids
                  FROM calendar_event ev
                  JOIN dental_patient pa ON pa.id = ev.patient_id
                  JOIN res_partner pr ON pr.id = pa.partner_id
                  LEFT JOIN hr_employee doc ON doc.id = ev.doctor_id
                  LEFT JOIN dental_chair ch ON ch.id = ev.chair_id
                 WHERE ev.id = ANY(%s)
                """,
                list(events.ids),
            )
        )
        by_id = {row["id"]: row for row in rows}
        patients = self.env["dental.patient"].browse({row["patient_id"] for row in rows})
        debts = self.env["calendar.event"]._dental_patient_debts(patients)
        # the services' names in the user's language, in the products' order (as event.service_ids shows them)
        products = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("id", "in", list({pid for row in rows for pid in row["service_ids"]}))], ["name"])
        )
        rank = {product.id: index for index, product in enumerate(products)}
        names = {product.id: product.name for product in products}
        result = []
        for event_id in events.ids:
            row = by_id[event_id]
            state = row["dental_state"]
            services = sorted(row["service_ids"], key=rank.__getitem__)
            result.append(
                {
                    "id": event_id,
                    "chair_id": row["chair_id"] or False,
                    "chair_name": row["chair_name"] or False,
                    "patient_id": row["patient_id"],
                    "patient_name": row["patient_name"],
                    "phone": row["phone"],
                    "doctor_id": row["doctor_id"] or False,
                    "doctor_name": row["doctor_name"] or "",
                    "job_id": row["job_id"] or False,
                    "start": fields.Datetime.to_string(row["start"]),
                    "stop": fields.Datetime.to_string(row["stop"]),
                    "state": state,
                    "color": STATE_COLORS.get(state, 0),
                    "services": ", ".join(names[pid] for pid in services),
                    "note": row["note"] or "",
                    "visit_type": row["visit_type"],
                    "is_new": row["visit_type"] == "primary" or not row["last_visit_date"],
                    "debt": debts.get(row["patient_id"], 0),
                    "unconfirmed": state == "scheduled",
                    "online": row["booking_source"] == "online",
                }
            )
        return result

    @api.model
    def _waitlist_data(self, entry):
        return {
            "id": entry.id,
            "name": entry.name,
            "phone": entry.phone or "",
            "employee_id": entry.employee_id.id,
            "employee_name": entry.employee_id.name or "",
            "job_name": entry.job_id.name or "",
            "duration": entry.duration,
            "note": entry.note or "",
            "urgent": entry.priority == "1",
        }


def _merge(intervals):
    """Sorted intervals (by start) merged: ``(starts, stops)`` of disjoint intervals."""
    starts, stops = [], []
    for begin, end in intervals:
        if stops and begin <= stops[-1]:
            stops[-1] = max(stops[-1], end)
        else:
            starts.append(begin)
            stops.append(end)
    return starts, stops


def _overlaps(busy, start, stop):
    """Whether ``[start, stop)`` overlaps one of the merged intervals ``busy`` (``_merge``)."""
    if not busy:
        return False
    starts, stops = busy
    index = bisect_left(starts, stop)  # intervals starting before the slot ends
    return index > 0 and stops[index - 1] > start
