from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dental_patient.tools import actions
from odoo.addons.dental_patient.tools.localtime import local_to_utc

from .calendar_event import FREE_STATES

# Appointments a restored plan must still cover: booked ones. Freed ones (no-show, cancelled) hold no time and a
# completed visit is history.
UNCOVERED_STATES = (*FREE_STATES, "completed")


class DentalShiftVersion(models.Model):
    """The doctors' shift plan of a branch's period, saved as it stood, to restore later.

    Saving takes the snapshot (the lines, server-only); restoring replaces the period's shifts of the version's
    doctors with it. Doctors absent from the version (hired since) keep their shifts. Restoring is refused,
    with nothing changed, where a booked appointment would be left outside every shift of its doctor, where a
    doctor or chair of the version was archived since, or where the period is closed (past-period lock).
    """

    _name = "dental.shift.version"
    _description = "Shift Plan Version"
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False, required=True, precompute=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="Until", required=True)
    user_id = fields.Many2one("res.users", string="Saved By", related="create_uid")
    saved_on = fields.Datetime(related="create_date", string="Saved On")
    line_ids = fields.One2many("dental.shift.version.line", "version_id", string="Shifts", readonly=True)
    line_count = fields.Integer(string="Number of Shifts", compute="_compute_line_count")
    employee_ids = fields.Many2many("hr.employee", string="Doctors", compute="_compute_employee_ids")
    note = fields.Text()

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for version in self:
            if version.date_from and version.date_to and not version.name:
                version.name = self._dental_default_name(version.date_from, version.date_to)

    @api.depends("line_ids")
    def _compute_line_count(self):
        for version in self:
            version.line_count = len(version.line_ids)

    @api.depends("line_ids.employee_id")
    def _compute_employee_ids(self):
        for version in self:
            version.employee_ids = version.line_ids.employee_id

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for version in self:
            if version.date_to < version.date_from:
                raise ValidationError(_("The end of the period is before its start."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("line_ids", None)  # the snapshot is the server's: taken below, never sent by a client
        versions = super().create(vals_list)
        for version in versions:
            version._dental_snapshot()
        return versions

    def write(self, vals):
        fixed = {"company_id", "date_from", "date_to", "line_ids"} & set(vals)
        if fixed:
            raise UserError(_("A saved version keeps its branch, period and shifts: save a new version instead."))
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_restore(self):
        """Replace the period's shifts of the version's doctors by the saved ones (all or nothing)."""
        self.ensure_one()
        self.check_access("write")
        self._dental_check_period_open()
        self._dental_check_restorable()
        current = self._dental_current_shifts(self.line_ids.employee_id)
        conflicts = self._dental_conflicts(current)
        if conflicts:  # the seed's rule: the clinic moves such visits by hand, the plan never moves them
            raise UserError(
                _(
                    "The version cannot be restored: these appointments would lie outside every shift of their "
                    "doctor. Move them first:\n%(appointments)s",
                    appointments="\n".join(
                        f"{event.dental_start_text} {event.patient_id.name} ({event.doctor_id.name})"
                        for event in conflicts
                    ),
                )
            )
        with self.env.cr.savepoint():
            current.unlink()  # the user's own rights: who may change shifts may restore them
            restored = self.env["dental.shift"].create([line._dental_shift_vals() for line in self.line_ids])
        return actions.notification(
            _("%(count)s shifts of %(name)s restored.", count=len(restored), name=self.name), "success"
        )

    def action_view_shifts(self):
        """The current shifts of the version's period and branch."""
        self.ensure_one()
        start, stop = self._dental_bounds()
        return {
            "type": "ir.actions.act_window",
            "name": _("Shifts of %(name)s", name=self.name),
            "res_model": "dental.shift",
            "view_mode": "list,calendar,form",
            "domain": [("company_id", "=", self.company_id.id), ("start", ">=", start), ("start", "<", stop)],
            "context": {"default_company_id": self.company_id.id},
        }

    # ------------------------------------------------------------------ business methods
    @api.model
    def _dental_default_name(self, date_from, date_to):
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        return _("Shifts %(first)s – %(last)s", first=date_from.strftime("%d.%m.%Y"), last=date_to.strftime("%d.%m.%Y"))

    def _dental_bounds(self):
        """The period as naive UTC datetimes ``[start, stop)``: its days in the branch's time zone."""
        self.ensure_one()
        tz = self.company_id._dental_tz()
        return local_to_utc(self.date_from, 0, tz), local_to_utc(self.date_to + timedelta(days=1), 0, tz)

    def _dental_shifts_domain(self, employees=None):
        """The shifts of the period and branch (those starting in it), of ``employees`` if given."""
        start, stop = self._dental_bounds()
        domain = [("company_id", "=", self.company_id.id), ("start", ">=", start), ("start", "<", stop)]
        if employees is not None:
            domain.append(("employee_id", "in", employees.ids))
        return domain

    def _dental_current_shifts(self, employees):
        return self.env["dental.shift"].search(self._dental_shifts_domain(employees))

    def _dental_snapshot(self):
        """Save the period's shifts, as the user reads them, into the lines."""
        self.ensure_one()
        shifts = self.env["dental.shift"].search(self._dental_shifts_domain())
        if not shifts:
            raise UserError(_("%(branch)s has no shifts in this period: nothing to save.", branch=self.company_id.name))
        # sudo: the lines are server-only (no role creates them); their content is what the user just read
        self.env["dental.shift.version.line"].sudo().create([self._dental_prepare_line_vals(shift) for shift in shifts])

    def _dental_prepare_line_vals(self, shift):
        return {
            "version_id": self.id,
            "employee_id": shift.employee_id.id,
            "chair_id": shift.chair_id.id,
            "start": shift.start,
            "stop": shift.stop,
            "note": shift.note,
        }

    def _dental_check_restorable(self):
        """Refuse a version whose doctors or chairs were archived since: restore them first."""
        archived = self.line_ids.employee_id.filtered(lambda e: not e.active)
        if archived:
            raise UserError(
                _(
                    "The version cannot be restored: these doctors were archived since: %(names)s. "
                    "Restore them first.",
                    names=", ".join(archived.mapped("name")),
                )
            )
        chairs = self.line_ids.chair_id.filtered(lambda c: not c.active)
        if chairs:
            raise UserError(
                _(
                    "The version cannot be restored: these chairs were archived since: %(names)s. "
                    "Restore them first.",
                    names=", ".join(chairs.mapped("name")),
                )
            )

    def _dental_conflicts(self, replaced):
        """The branch's booked appointments of the version's doctors in the period that the restored plan would
        leave outside every shift of their doctor (the shifts ``replaced`` gone, the version's back)."""
        self.ensure_one()
        doctors = self.line_ids.employee_id
        start, stop = self._dental_bounds()
        appointments = self.env["calendar.event"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("patient_id", "!=", False),
                ("doctor_id", "in", doctors.ids),
                ("dental_state", "not in", UNCOVERED_STATES),
                ("start", "<", stop),
                ("stop", ">", start),
            ],
            order="start, id",
        )
        if not appointments:
            return appointments
        # sudo: a doctor's shifts in other branches cover their appointments too (as at booking); only their
        # times are read
        kept = (
            self.env["dental.shift"]
            .sudo()
            .search(
                [
                    ("id", "not in", replaced.ids),
                    ("employee_id", "in", doctors.ids),
                    ("start", "<", max(appointments.mapped("stop"))),
                    ("stop", ">", min(appointments.mapped("start"))),
                ]
            )
        )
        slots = [(s.employee_id.id, s.start, s.stop) for s in kept] + [
            (line.employee_id.id, line.start, line.stop) for line in self.line_ids
        ]
        return appointments.filtered(
            lambda event: not any(
                employee == event.doctor_id.id and begin <= event.start and end >= event.stop
                for employee, begin, end in slots
            )
        )

    def _dental_check_period_open(self):
        """Refuse to restore a period under the branch's past-period lock ("Past Periods Locked Until"): its first day
        is locked. As for appointments, Directors correct a past period and the system is not bound. Saving a closed
        period's plan changes nothing and stays allowed; shifts themselves are not locked."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group("dental_patient.group_director"):
            return
        until = self.company_id._dental_past_locked_until()[self.company_id.id]
        if until and self.date_from <= until:
            raise UserError(
                _(
                    "The period until %(day)s is closed: the shifts of %(name)s cannot be restored.",
                    day=until.strftime("%d.%m.%Y"),
                    name=self.name,
                )
            )
