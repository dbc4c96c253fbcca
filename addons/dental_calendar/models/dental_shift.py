from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.dental_patient.tools.localtime import local_to_utc, utc_to_local


class DentalShift(models.Model):
    """A doctor's (or any employee's) work shift in a chair.

    The shift is the background of the chair's column in the schedule: appointments
    booked in it default to its doctor.
    """

    _name = "dental.shift"
    _description = "Doctor Shift"
    _order = "start, chair_id, id"

    employee_id = fields.Many2one("hr.employee", string="Doctor", required=True, index=True, ondelete="cascade")
    chair_id = fields.Many2one("dental.chair", string="Chair", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company",
        string="Branch",
        related="chair_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    start = fields.Datetime(required=True, index=True)
    stop = fields.Datetime(required=True, index=True)
    job_id = fields.Many2one(related="employee_id.job_id", string="Profession")
    note = fields.Char()

    _sql_constraints = [
        ("start_before_stop", "CHECK (start < stop)", "A shift must end after it starts."),
        (
            "chair_no_overlap",
            "EXCLUDE USING gist (chair_id WITH =, tsrange(start, stop) WITH &&)",
            "Two shifts overlap in the same chair.",
        ),
        (
            "employee_no_overlap",
            "EXCLUDE USING gist (employee_id WITH =, tsrange(start, stop) WITH &&)",
            "An employee has two overlapping shifts.",
        ),
    ]

    @api.depends("employee_id", "chair_id", "start", "stop")
    def _compute_display_name(self):
        for shift in self:
            if not shift.start or not shift.stop:
                shift.display_name = shift.employee_id.name or ""
                continue
            tz = shift.company_id._dental_tz() if shift.company_id else "UTC"
            start, stop = utc_to_local(shift.start, tz), utc_to_local(shift.stop, tz)
            shift.display_name = (
                f"{shift.employee_id.name}, {shift.chair_id.name} " f"{start:%d.%m} {start:%H:%M}-{stop:%H:%M}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._dental_check_free(
            [(False, v.get("employee_id"), v.get("chair_id"), v.get("start"), v.get("stop")) for v in vals_list]
        )
        return self._dental_guard_overlap(lambda: super(DentalShift, self).create(vals_list))

    def write(self, vals):
        if vals.get("chair_id") and not self.env.su:
            # Record rules are checked before a write only (create checks the new records): moved to a chair of
            # a branch the user does not work in, the shift would leave their reach.
            if self.env["dental.chair"].browse(vals["chair_id"]).sudo().company_id not in self.env.companies:
                raise AccessError(_("You cannot move a shift to a branch you do not work in."))
        if {"employee_id", "chair_id", "start", "stop"} & set(vals):
            self._dental_check_free(
                [
                    (
                        shift.id,
                        vals.get("employee_id", shift.employee_id.id),
                        vals.get("chair_id", shift.chair_id.id),
                        vals.get("start", shift.start),
                        vals.get("stop", shift.stop),
                    )
                    for shift in self
                ]
            )

        def _write():
            super(DentalShift, self).write(vals)
            self.flush_recordset()
            return True

        return self._dental_guard_overlap(_write)

    def _dental_guard_overlap(self, operation):
        """Run ``operation``; turn an overlap caught by the database into a clear error."""
        try:
            with self.env.cr.savepoint():
                return operation()
        except pg_errors.ExclusionViolation as error:
            if error.diag.constraint_name == "dental_shift_chair_no_overlap":
                raise ValidationError(_("Two shifts overlap in the same chair.")) from None
            raise ValidationError(_("An employee has two overlapping shifts.")) from None

    @api.model
    def _dental_check_free(self, slots):
        """Refuse shifts ``(id, employee, chair, start, stop)`` overlapping another shift of the doctor or chair."""
        slots = [
            (sid, emp, chair, fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(stop))
            for sid, emp, chair, start, stop in slots
            if start and stop
        ]
        if any(stop <= start for __, __, __, start, stop in slots):
            raise ValidationError(_("A shift must end after it starts."))
        if not slots:
            return
        others = self.sudo().search(  # sudo: a chair or doctor busy in another branch is busy
            [
                ("start", "<", max(slot[4] for slot in slots)),
                ("stop", ">", min(slot[3] for slot in slots)),
                "|",
                ("employee_id", "in", [slot[1] for slot in slots]),
                ("chair_id", "in", [slot[2] for slot in slots]),
            ]
        )
        for sid, employee_id, chair_id, start, stop in slots:
            for other in others:
                if other.id == sid or other.start >= stop or other.stop <= start:
                    continue
                if other.chair_id.id == chair_id:
                    raise ValidationError(
                        _("Two shifts overlap in the same chair: %(shift)s.", shift=other.display_name)
                    )
                if other.employee_id.id == employee_id:
                    raise ValidationError(
                        _("An employee has two overlapping shifts: %(shift)s.", shift=other.display_name)
                    )

    @api.model
    def _dental_generate(self, employee, chair, date_from, date_to, weekdays, hour_from, hour_to):
        """Create the shifts of a pattern: every day of ``weekdays`` (0 = Monday) in the dates.

        Days where the employee or the chair is already busy are skipped; returns
        ``(created shifts, skipped dates)``.
        """
        if hour_to <= hour_from:
            raise ValidationError(_("A shift must end after it starts."))
        if date_to < date_from:
            raise ValidationError(_("The end of the period is before its start."))
        tz = chair.company_id._dental_tz()
        slots = []
        day = date_from
        while day <= date_to:
            if day.weekday() in weekdays:
                slots.append((day, local_to_utc(day, hour_from, tz), local_to_utc(day, hour_to, tz)))
            day += timedelta(days=1)
        busy = self._dental_busy_slots(employee, chair, slots)
        vals_list = [
            {"employee_id": employee.id, "chair_id": chair.id, "start": start, "stop": stop}
            for day, start, stop in slots
            if day not in busy
        ]
        return self.create(vals_list), sorted(busy)

    @api.model
    def _dental_busy_slots(self, employee, chair, slots):
        """Days of ``slots`` (day, start, stop) that overlap an existing shift of the employee or the chair."""
        if not slots:
            return set()
        existing = self.search(
            [
                "|",
                ("employee_id", "=", employee.id),
                ("chair_id", "=", chair.id),
                ("start", "<", max(stop for __, __, stop in slots)),
                ("stop", ">", min(start for __, start, __ in slots)),
            ]
        )
        return {day for day, start, stop in slots if any(s.start < stop and s.stop > start for s in existing)}

    def _dental_copy_to(self, delta):
        """Copy the shifts ``delta`` later, skipping those that would overlap; returns the copies."""
        vals_list = []
        for shift in self:
            start, stop = shift.start + delta, shift.stop + delta
            vals_list.append(
                {"employee_id": shift.employee_id.id, "chair_id": shift.chair_id.id, "start": start, "stop": stop}
            )
        if not vals_list:
            return self.browse()
        existing = self.search(
            [
                ("start", "<", max(v["stop"] for v in vals_list)),
                ("stop", ">", min(v["start"] for v in vals_list)),
                "|",
                ("employee_id", "in", self.employee_id.ids),
                ("chair_id", "in", self.chair_id.ids),
            ]
        )
        kept = []
        for vals in vals_list:
            clash = any(
                (s.employee_id.id == vals["employee_id"] or s.chair_id.id == vals["chair_id"])
                and s.start < vals["stop"]
                and s.stop > vals["start"]
                for s in existing
            )
            clash = clash or any(
                (k["employee_id"] == vals["employee_id"] or k["chair_id"] == vals["chair_id"])
                and k["start"] < vals["stop"]
                and k["stop"] > vals["start"]
                for k in kept
            )
            if not clash:
                kept.append(vals)
        return self.create(kept)
