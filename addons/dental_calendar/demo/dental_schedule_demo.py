import random
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.dental_patient.tools.localtime import local_to_utc

# Appointments of the demo: the schedule is full around today (DENSE appointments, the shifts nearest to now), and
# thinner over the four past weeks and the two weeks ahead: a month of work in both branches.
DENSE = 300
PAST_DAYS = 28
FUTURE_DAYS = 14


class DentalSchedule(models.AbstractModel):
    """Demo data of the schedule: shifts and appointments around the day of installation."""

    _inherit = "dental.schedule"

    @api.model
    def _dental_generate_demo(self):
        """Demo: shifts of the demo doctors over six weeks, appointments of each branch's patients around today.

        Called from demo/dental_calendar_demo.xml; dates are relative to the day of installation (each branch's
        local day) and the random choices are seeded: the same day gives the same demo.
        """
        rng = random.Random(18)
        ref = self.env.ref
        plan = [
            ("base.main_company", "main", ["sergeev", "orlova", "belov", "zaitseva"]),
            ("dental_patient.demo_branch_south", "north", ["gromov", "titova"]),
        ]
        services = self.env["product.product"].browse(
            [
                ref(f"dental_calendar.demo_service_{key}").id
                for key in ("consultation", "hygiene", "filling", "extraction", "xray")
            ]
        )
        now = fields.Datetime.now()
        shifts = self.env["dental.shift"]
        patients = {}
        for company_ref, prefix, doctors in plan:
            company = ref(company_ref)
            # each branch's own patients come to it
            patients[company] = self.env["dental.patient"].search([("company_id", "=", company.id)], order="id")
            tz = company._dental_tz()
            today = company._dental_today()
            first = min(today.replace(day=1), today - timedelta(days=PAST_DAYS))
            last = max(
                (today.replace(day=28) + timedelta(days=4)).replace(day=1), today + timedelta(days=FUTURE_DAYS + 1)
            )
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
        # The shifts nearest to now are filled (DENSE appointments in all), the others of the window get a few.
        shifts = shifts.sorted(lambda s: (abs((s.start - now).total_seconds()), s.id))
        events_vals = []
        for shift in shifts:
            if not -PAST_DAYS <= (shift.start - now).days <= FUTURE_DAYS:
                continue
            step = shift.company_id.dental_calendar_step
            if len(events_vals) < DENSE:
                limit, gaps = DENSE - len(events_vals), [0, 0, step, 2 * step]
            else:
                limit = rng.choice([0, 0, 1, 1])  # install time: every invoice and closing costs
                gaps = [2 * step, 4 * step, 6 * step]
            start = shift.start + timedelta(minutes=rng.choice([0, 0, step]))
            while limit > 0:
                duration = rng.choice([1, 2, 2, 3]) * step
                stop = start + timedelta(minutes=duration)
                if stop > shift.stop:
                    break
                events_vals.append(
                    self._dental_demo_appointment(rng, shift, start, stop, now, patients[shift.company_id], services)
                )
                limit -= 1
                start = stop + timedelta(minutes=rng.choice(gaps))
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
