import random
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.dental_patient.tools.localtime import local_to_utc, utc_to_local


class DentalSchedule(models.AbstractModel):
    """Demo data of the schedule: shifts and appointments around the day of installation."""

    _inherit = "dental.schedule"

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
