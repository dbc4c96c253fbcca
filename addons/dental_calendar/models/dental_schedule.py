import random
from datetime import timedelta

from odoo import api, fields, models

from .calendar_event import FREE_STATES, STATE_COLORS
from .utils import local_to_utc, utc_to_local


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
        if employee_id == "me":
            employee_id = self.env.user.employee_id.id or False
        start, stop = fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(stop)
        period = [("start", "<", stop), ("stop", ">", start)]
        if employee_id:
            scope = [("employee_id", "=", employee_id)]
            event_scope = [("doctor_id", "=", employee_id)]
        else:
            scope = [("company_id", "=", company.id)]
            event_scope = [("company_id", "=", company.id)]
        chairs = self.env["dental.chair"].search_fetch(
            [("company_id", "=", company.id)] if not employee_id else [], ["name", "room", "color", "company_id"]
        )
        shifts = self.env["dental.shift"].search_fetch(scope + period, ["chair_id", "employee_id", "start", "stop"])
        # Only the columns the blocks show: calendar.event has many stored fields.
        events = self.env["calendar.event"].search_fetch(
            event_scope + period + [("patient_id", "!=", False)],
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
            ],
            order="start, id",
        )
        events.patient_id.fetch(["name", "phone", "mobile", "last_visit_date"])
        debts = self.env["calendar.event"]._dental_patient_debts(events.patient_id)
        employees = self.env["hr.employee"].search_fetch(
            [("company_id", "in", [company.id, False])], ["name", "job_id"]
        )
        waitlist = self.env["dental.waitlist"].search([("company_id", "=", company.id), ("state", "=", "waiting")])
        return {
            "employee_id": employee_id,
            "company": {
                "id": company.id,
                "name": company.name,
                "tz": company._dental_tz(),
                "work_start": company.dental_work_start,
                "work_end": company.dental_work_end,
                "step": company.dental_calendar_step,
                "outside_hours": company.dental_outside_hours,
                "allow_no_doctor": company.dental_allow_no_doctor,
            },
            "companies": [{"id": c.id, "name": c.name} for c in self.env.user.company_ids],
            "chairs": [
                {"id": c.id, "name": c.name, "room": c.room or "", "color": c.color, "company_id": c.company_id.id}
                for c in chairs
            ],
            "shifts": [self._shift_data(s) for s in shifts],
            "appointments": [self._appointment_data(e, debts) for e in events],
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
    def _appointment_data(self, event, debts):
        patient = event.patient_id
        return {
            "id": event.id,
            "chair_id": event.chair_id.id,
            "chair_name": event.chair_id.name,
            "patient_id": patient.id,
            "patient_name": patient.name,
            "phone": patient.mobile or patient.phone or "",
            "doctor_id": event.doctor_id.id,
            "doctor_name": event.doctor_id.name or "",
            "job_id": event.doctor_id.job_id.id,
            "start": fields.Datetime.to_string(event.start),
            "stop": fields.Datetime.to_string(event.stop),
            "state": event.dental_state,
            "color": STATE_COLORS.get(event.dental_state, 0),
            "services": ", ".join(event.service_ids.mapped("name")),
            "note": event.note or "",
            "visit_type": event.visit_type,
            "is_new": event.visit_type == "primary" or not patient.last_visit_date,
            "debt": debts.get(patient.id, 0),
            "unconfirmed": event.dental_state == "scheduled",
        }

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

    # ------------------------------------------------------------------ demo data

    @api.model
    def _dental_generate_demo(self):
        """Demo: shifts of the demo doctors for the current month and ~300 appointments around today.

        Called from demo/dental_calendar_demo.xml; dates are relative to the day of installation.
        """
        rng = random.Random(18)
        ref = self.env.ref
        plan = [
            ("base.main_company", "main", ["sergeev", "orlova", "belov", "zaitseva"]),
            ("dental_patient.demo_branch_south", "north", ["gromov", "titova"]),
        ]
        patients = self.env["dental.patient"].search([("company_id", "=", ref("base.main_company").id)])
        services = self.env["product.product"].browse(
            [
                ref(f"dental_calendar.demo_service_{key}").id
                for key in ("consultation", "hygiene", "filling", "extraction", "xray")
            ]
        )
        now = fields.Datetime.now()
        shifts = self.env["dental.shift"]
        for company_ref, prefix, doctors in plan:
            company = ref(company_ref if "." in company_ref else f"dental_calendar.{company_ref}")
            tz = company._dental_tz()
            today = utc_to_local(now, tz).date()
            first = min(today.replace(day=1), today - timedelta(days=14))
            last = max((today.replace(day=28) + timedelta(days=4)).replace(day=1), today + timedelta(days=15))
            vals_list = []
            day = first
            while day < last:
                for index, doctor in enumerate(doctors):
                    weekday = day.weekday()
                    if weekday == 6 or (weekday == 5 and index % 2):
                        continue
                    hours = (10, 16) if weekday == 5 else ((9, 15) if (day.toordinal() + index) % 2 else (15, 21))
                    vals_list.append(
                        {
                            "employee_id": ref(f"dental_calendar.demo_doctor_{doctor}").id,
                            "chair_id": ref(f"dental_calendar.demo_chair_{prefix}_{index + 1}").id,
                            "start": local_to_utc(day, hours[0], tz),
                            "stop": local_to_utc(day, hours[1], tz),
                        }
                    )
                day += timedelta(days=1)
            shifts |= self.env["dental.shift"].create(vals_list)
        # Appointments in the shifts nearest to today first, ~300 in all.
        shifts = shifts.sorted(lambda s: (abs((s.start - now).total_seconds()), s.id))
        events_vals = []
        for shift in shifts:
            if len(events_vals) >= 300:
                break
            if abs((shift.start - now).days) > 14:
                continue
            step = shift.company_id.dental_calendar_step
            start = shift.start + timedelta(minutes=rng.choice([0, 0, step]))
            while len(events_vals) < 300:
                duration = rng.choice([1, 2, 2, 3]) * step
                stop = start + timedelta(minutes=duration)
                if stop > shift.stop:
                    break
                events_vals.append(self._dental_demo_appointment(rng, shift, start, stop, now, patients, services))
                start = stop + timedelta(minutes=rng.choice([0, 0, step, 2 * step]))
        events_vals.sort(key=lambda vals: vals["start"])
        self.env["calendar.event"].with_context(mail_create_nolog=True, tracking_disable=True).create(events_vals)

    @api.model
    def _dental_demo_appointment(self, rng, shift, start, stop, now, patients, services):
        if stop <= now:
            state = rng.choices(["completed", "no_show", "cancelled"], [85, 7, 8])[0]
        elif start <= now:
            state = "in_chair"
        elif start - now < timedelta(hours=1) and start.date() == now.date():
            state = rng.choice(["arrived", "confirmed"])
        else:
            state = rng.choices(["scheduled", "confirmed"], [60, 40])[0]
        return {
            "patient_id": rng.choice(patients).id,
            "doctor_id": shift.employee_id.id,
            "chair_id": shift.chair_id.id,
            "company_id": shift.company_id.id,
            "start": start,
            "stop": stop,
            "dental_state": state,
            "visit_type": rng.choices(["repeat", "primary", "consultation"], [75, 15, 10])[0],
            "booking_source": rng.choices(["phone", "walk_in", "online", "crm"], [60, 10, 20, 10])[0],
            "service_ids": [(6, 0, rng.sample(services.ids, rng.choice([1, 1, 2])))],
        }
