import logging
from datetime import datetime, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index

from odoo.addons.dental_patient.models.dental_lock_mixin import PAST_PERIOD
from odoo.addons.dental_patient.tools.localtime import float_hours, local_to_utc, utc_to_local

_logger = logging.getLogger(__name__)

APPOINTMENT_STATES = [
    ("scheduled", "Scheduled"),
    ("confirmed", "Confirmed"),
    ("arrived", "Arrived"),
    ("in_chair", "In the Chair"),
    ("completed", "Completed"),
    ("no_show", "No-Show"),
    ("cancelled", "Cancelled"),
]
# States that free the chair and the doctor: the appointment stays in history.
FREE_STATES = ("no_show", "cancelled")
# Where a completed visit may go, for a Director only: back in the chair, to correct and complete it again. Its
# procedures are on the chart and it may be billed, so it is never booked again, marked a no-show or cancelled.
REOPEN_STATES = ("in_chair",)
# Colour index (Odoo palette) of each state: list decorations, calendar and schedule blocks.
STATE_COLORS = {
    "scheduled": 4,
    "confirmed": 10,
    "arrived": 3,
    "in_chair": 2,
    "completed": 7,
    "no_show": 1,
    "cancelled": 0,
}
# Advisory lock spaces (first key of pg_advisory_xact_lock) of chairs and doctors.
LOCK_CHAIR = 580101
LOCK_DOCTOR = 580102
SLOT_FIELDS = (
    "start",
    "stop",
    "duration",
    "chair_id",
    "doctor_id",
    "dental_state",
    "active",
    "company_id",
    "patient_id",
)
# Set by the server only, never by a client (create, write or a default_ key of the context): the doctor's
# exclusivity turns the database's doctor overlap constraint on; the reminder day and the completion stamp
# stop a reminder or the completion hook from running again; the appointment flag follows the patient.
DENTAL_SERVER_FIELDS = (
    "dental_doctor_exclusive",
    "dental_reminder_date",
    "dental_completion_done",
    "is_dental_appointment",
)
# The staff's text of an appointment that a patient (a portal user attending it) never reads. The dental
# field ``note`` is for internal users only (field groups); calendar's own ``description`` stays as it is on
# other events.
DENTAL_STAFF_TEXT_FIELDS = ("description",)


class _Slot(NamedTuple):
    """The chair and the exclusive doctor (False when the doctor may work in parallel) an appointment takes."""

    event_id: int | bool  # False for an appointment being created
    chair_id: int | bool
    doctor_id: int | bool
    start: datetime | None
    stop: datetime | None


class CalendarEvent(models.Model):
    """An appointment is a calendar event with a patient, a chair and a doctor.

    The chair (and, unless the branch allows parallel work, the doctor) is held by
    a PostgreSQL exclusion constraint, so two concurrent bookings of one slot can
    never both succeed, whatever the client.
    """

    _name = "calendar.event"
    # dental.lock.mixin first: its checks run before this module's create/write/unlink reach calendar's
    _inherit = ["dental.lock.mixin", "calendar.event", "dental.server.fields.mixin"]
    # dental.server.fields.mixin: refused from a client at any value, and as a default_ key of the context
    _dental_server_fields = DENTAL_SERVER_FIELDS
    _dental_refuse_default_keys = True

    # The schedule reads a day of a branch: index the time range (stock calendar does not).
    start = fields.Datetime(index=True)
    stop = fields.Datetime(index=True)
    patient_id = fields.Many2one(
        "dental.patient",
        string="Patient",
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    is_dental_appointment = fields.Boolean(
        string="Is Appointment",
        compute="_compute_is_dental_appointment",
        store=True,
        index=True,
        precompute=True,  # in the INSERT: computed after it, the flag cost every booking an UPDATE of the row
    )
    doctor_id = fields.Many2one("hr.employee", string="Doctor", index=True, tracking=True, ondelete="restrict")
    assistant_id = fields.Many2one("hr.employee", string="Assistant", tracking=True, ondelete="restrict")
    chair_id = fields.Many2one("dental.chair", string="Chair", index=True, tracking=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", string="Branch", index=True)
    service_ids = fields.Many2many(
        "product.product",
        "calendar_event_dental_service_rel",
        "event_id",
        "product_id",
        string="Planned Services",
        domain=[("type", "=", "service")],
    )
    visit_type = fields.Selection(
        [("primary", "Primary"), ("repeat", "Repeat"), ("consultation", "Consultation")],
        tracking=True,
        help="Left empty, it is set when booking: primary for a patient without a completed visit "
        "(or whose last one is older than the branch's primary period), repeat otherwise.",
    )
    dental_state = fields.Selection(
        APPOINTMENT_STATES,
        string="Status",
        default="scheduled",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    dental_color = fields.Integer(string="Status Colour", compute="_compute_dental_color")
    dental_start_text = fields.Char(
        string="Local Start",
        compute="_compute_dental_start_text",
        help="Start in the branch's time, as written in reminders: 24.11.2026 10:20.",
    )
    note = fields.Text(groups="base.group_user", help="Note for the staff, shown on the appointment block.")
    booking_source = fields.Selection(
        [("phone", "Phone"), ("walk_in", "Walk-in"), ("online", "Online"), ("crm", "CRM")],
        string="Source",
        default="phone",
    )
    dental_doctor_exclusive = fields.Boolean(
        string="Doctor Exclusive",
        compute="_compute_dental_doctor_exclusive",
        store=True,
        precompute=True,  # in the INSERT itself: the database's doctor overlap constraint reads it
        help="Technical: from the branch setting when the appointment is booked (or its doctor or branch "
        "changes); the doctor cannot have another appointment at the same time. Set by the server only.",
    )
    dental_reminder_date = fields.Date(
        string="Reminder Sent For",
        copy=False,
        readonly=True,
        help="Day of the appointment for which the reminder was sent: moving the appointment "
        "within that day sends nothing again, moving it to another day sends a new reminder.",
    )
    dental_completion_done = fields.Boolean(
        copy=False,
        readonly=True,
        help="Technical: the completion hook ran for this appointment.",
    )
    dental_slot_chosen = fields.Boolean(
        string="Slot Chosen",
        store=False,
        help="Technical, in the form: the length was chosen (a slot dragged in the schedule). Planned services "
        "added then keep it; otherwise their duration becomes the appointment's. A saved appointment keeps its "
        "length too.",
    )
    dental_duration_note = fields.Char(
        string="Services' Duration",
        compute="_compute_dental_duration_note",
        help="Shown in the form when the planned services take another time than the appointment.",
    )

    _sql_constraints = [
        (
            "dental_chair_no_overlap",
            "EXCLUDE USING gist (chair_id WITH =, tsrange(start, stop) WITH &&) "
            "WHERE (active AND chair_id IS NOT NULL AND dental_state NOT IN ('no_show', 'cancelled'))",
            "The chair is already booked at this time.",
        ),
        (
            "dental_doctor_no_overlap",
            "EXCLUDE USING gist (doctor_id WITH =, tsrange(start, stop) WITH &&) "
            "WHERE (active AND dental_doctor_exclusive AND doctor_id IS NOT NULL "
            "AND dental_state NOT IN ('no_show', 'cancelled'))",
            "The doctor already has a patient at this time.",
        ),
    ]

    def init(self):
        # A patient's completed visits in time order: the first visit (new patients of a day's summary), the
        # visit count of the card, without reading every appointment of the patient.
        create_index(
            self.env.cr,
            "calendar_event_dental_completed_visit_idx",
            self._table,
            ["patient_id", "start"],
            where="active AND dental_state = 'completed'",
        )

    @api.depends("patient_id")
    def _compute_is_dental_appointment(self):
        for event in self:
            event.is_dental_appointment = bool(event.patient_id)

    # Not on the branch setting: an appointment keeps the rule it was booked with until its doctor or branch changes.
    @api.depends("patient_id", "company_id", "doctor_id")
    def _compute_dental_doctor_exclusive(self):
        for event in self:
            event.dental_doctor_exclusive = bool(event.patient_id) and self._dental_doctor_exclusive_in(
                event.company_id
            )

    @api.model
    def _dental_doctor_exclusive_in(self, company):
        """Whether a doctor of an appointment in ``company`` sees one patient at a time (the branch's setting)."""
        return not company.dental_doctor_parallel

    @api.depends("dental_state")
    def _compute_dental_color(self):
        for event in self:
            event.dental_color = STATE_COLORS.get(event.dental_state, 0)

    @api.depends("start", "company_id")
    def _compute_dental_start_text(self):
        for event in self:
            tz = event.company_id._dental_tz() if event.company_id else (self.env.user.tz or "UTC")
            event.dental_start_text = utc_to_local(event.start, tz).strftime("%d.%m.%Y %H:%M") if event.start else ""

    @api.depends("service_ids", "duration")
    def _compute_dental_duration_note(self):
        for event in self:
            minutes = self._dental_service_duration(event.service_ids._origin) if event.service_ids else 0
            if minutes and minutes != round((event.duration or 0) * 60):
                event.dental_duration_note = _(
                    "The planned services take %(services)s; the appointment keeps %(duration)s. "
                    "Change the duration to fit them.",
                    services=_format_hours(minutes / 60),
                    duration=_format_hours(event.duration or 0),
                )
            else:
                event.dental_duration_note = False

    @api.constrains("patient_id", "chair_id", "doctor_id", "company_id", "start", "stop", "allday")
    def _check_dental_appointment(self):
        for event in self.filtered("patient_id"):
            # Who may read the appointment may read its patient (the schedule shows the patient's name and
            # phone): the card belongs to the appointment's branch or to a head company of it. No name in the
            # message: the user may not read that patient.
            # parent_path ("1/4/"): the branch and its head companies without reading them (a query per booking)
            if event.company_id and str(event.patient_id.sudo().company_id.id) not in (
                event.company_id.sudo().parent_path.split("/")
            ):
                raise ValidationError(
                    _("The patient's card belongs to another branch: book the patient in the branch of their card.")
                )
            if not event.chair_id:
                raise ValidationError(
                    _("Choose a chair for the appointment of %(patient)s.", patient=event.patient_id.name)
                )
            tz = event.company_id._dental_tz() if event.company_id else "UTC"
            if (
                event.allday
                or event.stop <= event.start
                or utc_to_local(event.start, tz).date() != utc_to_local(event.stop - timedelta(seconds=1), tz).date()
            ):
                raise ValidationError(_("An appointment must end after it starts, on the same day."))
            if event.chair_id.company_id != event.company_id:
                raise ValidationError(
                    _(
                        "The chair %(chair)s belongs to the branch %(branch)s.",
                        chair=event.chair_id.name,
                        branch=event.chair_id.company_id.name,
                    )
                )
            if not event.doctor_id and not event.company_id.dental_allow_no_doctor:
                raise ValidationError(
                    _(
                        "Choose a doctor: the branch %(branch)s does not book visits without a doctor.",
                        branch=event.company_id.name,
                    )
                )

    # Not on status changes: completing a visit whose shift was edited afterwards must work.
    @api.constrains("start", "stop", "doctor_id", "chair_id")
    def _check_dental_outside_hours(self):
        events = self.filtered(
            lambda e: e.patient_id
            and e.active
            and e.dental_state not in FREE_STATES
            and e.company_id.dental_outside_hours == "refuse"
        )
        issues = events._dental_schedule_issues()
        for event in events:
            if issues.get(event.id):
                raise ValidationError(
                    _(
                        "%(issues)s\nThe branch refuses appointments outside working hours and shifts.",
                        issues="\n".join(issues[event.id]),
                    )
                )

    # ------------------------------------------------------------------ CRUD

    def _dental_is_default_value(self, fname, value):
        return False  # computed or stamped by the server: no value of a client is a default

    def _dental_refuse_fields(self, fnames, create=False):
        raise AccessError(
            _(
                "These fields of an appointment are set by the server only: %(fields)s.",
                fields=", ".join(sorted(self._fields[fname].string for fname in fnames)),
            )
        )

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        """The staff's text of a dental appointment is NULL for a patient, in every query.

        A portal user reads the appointments they attend: their time, doctor and status, not the staff's
        text. Masked in SQL, the text is neither read nor searched, ordered or grouped by (no condition can
        tell it); other events keep calendar's behaviour.
        """
        sql = super()._field_to_sql(alias, fname, query, flush)
        if fname in DENTAL_STAFF_TEXT_FIELDS and not self.env.su and self.env.user.share:
            patient = SQL.identifier(alias, "patient_id", to_flush=self._fields["patient_id"])
            sql = SQL("(CASE WHEN %s IS NULL THEN %s END)", patient, sql)
        return sql

    @api.model_create_multi
    def create(self, vals_list):
        self._dental_check_server_create(vals_list)
        dental = any(vals.get("patient_id") for vals in vals_list)
        for vals in vals_list:
            if vals.get("patient_id"):
                self._dental_prepare_create_vals(vals)
        if dental:
            self._dental_check_free(vals_list=vals_list)
        this = self.with_context(no_mail_to_attendees=True) if dental else self
        events = self._dental_guard_overlap(lambda: super(CalendarEvent, this).create(vals_list))
        events.filtered(lambda e: e.dental_state == "completed" and not e.dental_completion_done)._dental_complete()
        return events

    def write(self, vals):
        self._dental_check_server_fields(vals)
        self._dental_check_state_change(vals)
        if not any(f in vals for f in (*SLOT_FIELDS, "service_ids")) or not (
            vals.get("patient_id") or self.filtered("patient_id")
        ):
            return super().write(vals)
        vals = dict(vals)
        if vals.get("chair_id") and "company_id" not in vals:
            vals["company_id"] = self.env["dental.chair"].browse(vals["chair_id"]).company_id.id
        if vals.get("company_id") and not self.env.su:
            # Record rules are checked before a write only (create checks the new records): moved into a branch
            # the user does not work in, the appointment would leave their reach.
            if self.env["res.company"].browse(vals["company_id"]) not in self.env.companies:
                raise AccessError(_("You cannot move an appointment to a branch you do not work in."))
        if "patient_id" in vals and "name" not in vals and vals["patient_id"]:
            vals["name"] = self.env["dental.patient"].browse(vals["patient_id"]).name
        completing = self.browse()
        if vals.get("dental_state") == "completed":
            completing = self.filtered(lambda e: e.dental_state != "completed" and not e.dental_completion_done)

        if {"start", "stop", "duration", "chair_id", "doctor_id", "dental_state", "active"} & set(vals):
            self._dental_check_free(vals=vals)

        def _write():
            super(CalendarEvent, self.with_context(no_mail_to_attendees=True)).write(vals)
            self.flush_recordset()
            return True

        result = self._dental_guard_overlap(_write)
        if "doctor_id" in vals or "patient_id" in vals:
            self._dental_sync_attendees()
        completing._dental_complete()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_dental_visit(self):
        if any(e.patient_id and e.dental_state in ("arrived", "in_chair", "completed") for e in self):
            raise UserError(_("A visit that took place cannot be deleted; it stays in the patient's history."))

    def _dental_prepare_create_vals(self, vals):
        """Complete the values of a new appointment: name, branch, duration, attendees."""
        patient = self.env["dental.patient"].browse(vals["patient_id"])
        chair = self.env["dental.chair"].browse(vals.get("chair_id"))
        doctor = self.env["hr.employee"].browse(vals.get("doctor_id"))
        if not vals.get("name"):
            vals["name"] = patient.name
        if not vals.get("company_id"):
            vals["company_id"] = (chair.company_id or self.env.company).id
        company = self.env["res.company"].browse(vals["company_id"])
        if not vals.get("visit_type"):
            vals["visit_type"] = self._dental_default_visit_type(patient, company)
        if vals.get("start") and not vals.get("stop"):
            # One rule with the form (_onchange_dental_services): a length given (stop, duration) wins over the
            # planned services' total, which applies when none is given; then two calendar steps.
            minutes = round(vals["duration"] * 60) if vals.get("duration") else 0
            if not minutes and vals.get("service_ids"):
                products = self.new({"service_ids": vals["service_ids"]}).service_ids._origin
                minutes = self._dental_service_duration(products)
            minutes = minutes or 2 * company.dental_calendar_step
            vals["stop"] = fields.Datetime.to_datetime(vals["start"]) + timedelta(minutes=minutes)
            vals["duration"] = minutes / 60
        if "partner_ids" not in vals:
            doctor.fetch(["user_id"])  # the doctor's user alone, not every column of hr.employee
            partners = patient.partner_id | doctor.user_id.partner_id
            vals["partner_ids"] = [Command.set(partners.ids)]
        return vals

    @api.model
    def _dental_default_visit_type(self, patient, company):
        """Primary without a completed visit within the branch's primary period (12 months by default)."""
        months = getattr(company, "dental_primary_period_months", 0) or 12  # dental_patient's setting
        last = patient.last_visit_date
        if not last or last < fields.Date.context_today(self) - relativedelta(months=months):
            return "primary"
        return "repeat"

    @api.onchange("service_ids")
    def _onchange_dental_services(self):
        """The services' duration becomes the appointment's, unless its length was chosen.

        A slot dragged in the schedule (``dental_slot_chosen``) or a saved appointment keeps its length: the
        form then says how long the services take (``dental_duration_note``) and the user changes the duration
        if they wish. Create follows the same rule: a given length wins over the services'.
        """
        if self.dental_slot_chosen or self._origin.id:
            return
        minutes = self._dental_service_duration(self.service_ids._origin) if self.service_ids else 0
        if minutes:
            self.duration = minutes / 60

    def _dental_sync_attendees(self):
        self.doctor_id.fetch(["user_id"])  # the doctors' users alone, not every column of hr.employee
        for event in self.filtered("patient_id"):
            partners = event.patient_id.partner_id | event.doctor_id.user_id.partner_id
            missing = partners - event.partner_ids
            if missing:
                event.with_context(no_mail_to_attendees=True).partner_ids = [Command.link(p.id) for p in missing]

    def _dental_guard_overlap(self, operation):
        """Run ``operation``; turn a double booking caught by the database into a clear error.

        The exclusion constraints are the guard: they hold when two bookings of one
        slot are saved at the same moment, which no check before writing can see.
        """
        try:
            with self.env.cr.savepoint():
                return operation()
        except pg_errors.ExclusionViolation as error:
            doctor = error.diag.constraint_name == "calendar_event_dental_doctor_no_overlap"
            raise ValidationError(self._dental_overlap_message(doctor)) from None

    def _dental_check_free(self, vals=None, vals_list=None):
        """Refuse, with a message naming the appointment in the way, a booking of a busy chair or doctor.

        A quick check before writing; under concurrency the exclusion constraints decide. ``vals_list``: the
        appointments being created; ``vals``: the values written on ``self``.
        """
        slots = self._dental_new_slots(vals_list) if vals_list is not None else self._dental_moved_slots(vals)
        if any(slot.start and slot.stop and slot.stop <= slot.start for slot in slots):
            # Before the database, which cannot even build the time range of such a slot.
            raise ValidationError(_("An appointment must end after it starts, on the same day."))
        slots = [slot for slot in slots if slot.start and slot.stop and (slot.chair_id or slot.doctor_id)]
        if not slots:
            return
        self._dental_lock_slots(
            {slot.chair_id for slot in slots if slot.chair_id}, {slot.doctor_id for slot in slots if slot.doctor_id}
        )
        self._dental_check_busy(slots, self._dental_busy_events(slots))
        self._dental_check_batch_overlap(slots)

    @api.model
    def _dental_new_slots(self, vals_list):
        """The slots that the new appointments of ``vals_list`` take (a freeing state or archived: none)."""
        slots = []
        for values in vals_list:
            if not values.get("patient_id") or values.get("dental_state") in FREE_STATES:
                continue
            if values.get("active") is False:
                continue
            company = self.env["res.company"].browse(values.get("company_id"))
            slots.append(
                _Slot(
                    False,
                    values.get("chair_id"),
                    values.get("doctor_id") if self._dental_doctor_exclusive_in(company) else False,
                    fields.Datetime.to_datetime(values.get("start")),
                    fields.Datetime.to_datetime(values.get("stop")),
                )
            )
        return slots

    def _dental_moved_slots(self, vals):
        """The slots that the appointments of ``self`` take once ``vals`` is written."""
        slots = []
        for event in self.filtered("patient_id"):
            state = vals.get("dental_state", event.dental_state)
            active = vals.get("active", event.active)
            if state in FREE_STATES or not active:
                continue
            if {"company_id", "doctor_id"} & set(vals):  # recomputed from the (new) branch's setting
                company = self.env["res.company"].browse(vals["company_id"]) if vals.get("company_id") else None
                exclusive = self._dental_doctor_exclusive_in(company if company is not None else event.company_id)
            else:
                exclusive = event.dental_doctor_exclusive
            doctor_id = vals["doctor_id"] if "doctor_id" in vals else event.doctor_id.id
            start = fields.Datetime.to_datetime(vals["start"]) if vals.get("start") else event.start
            if vals.get("stop"):
                stop = fields.Datetime.to_datetime(vals["stop"])
            elif vals.get("duration"):
                stop = start + timedelta(minutes=round(vals["duration"] * 60))
            else:  # moving the start keeps the duration (calendar recomputes the stop)
                stop = start + (event.stop - event.start)
            chair_id = vals["chair_id"] if "chair_id" in vals else event.chair_id.id
            slots.append(_Slot(event.id, chair_id, doctor_id if exclusive else False, start, stop))
        return slots

    def _dental_busy_events(self, slots):
        """The other booked appointments that may overlap ``slots`` (on their chairs or exclusive doctors)."""
        earliest = min(slot.start for slot in slots)
        domain = [
            ("patient_id", "!=", False),
            ("dental_state", "not in", FREE_STATES),
            ("start", "<", max(slot.stop for slot in slots)),
            ("stop", ">", earliest),
            # An appointment lies within one local day (_check_dental_appointment, 25 hours at most): the lower
            # bound on the start lets the start index read two days instead of every later appointment.
            ("start", ">", earliest - timedelta(days=2)),
            "|",
            ("chair_id", "in", [slot.chair_id for slot in slots if slot.chair_id]),
            "&",
            ("dental_doctor_exclusive", "=", True),
            ("doctor_id", "in", [slot.doctor_id for slot in slots if slot.doctor_id]),
        ]
        # sudo: a slot taken in a branch (or by a doctor) the user cannot read is still taken.
        return self.sudo().search(domain) - self

    @api.model
    def _dental_check_busy(self, slots, busy):
        """Refuse a slot whose chair or exclusive doctor an appointment of ``busy`` takes at the same time."""
        for slot in slots:
            for other in busy:
                if other.start >= slot.stop or other.stop <= slot.start:
                    continue
                if slot.chair_id and other.chair_id.id == slot.chair_id:
                    raise ValidationError(other._dental_busy_message(doctor=False))
                if slot.doctor_id and other.doctor_id.id == slot.doctor_id and other.dental_doctor_exclusive:
                    raise ValidationError(other._dental_busy_message(doctor=True))

    @api.model
    def _dental_check_batch_overlap(self, slots):
        """Refuse two appointments of the same batch that take the same chair or doctor at the same time."""
        for index, slot in enumerate(slots):
            for other in slots[index + 1 :]:
                if (
                    slot.start < other.stop
                    and other.start < slot.stop
                    and (
                        (slot.chair_id and slot.chair_id == other.chair_id)
                        or (slot.doctor_id and slot.doctor_id == other.doctor_id)
                    )
                ):
                    raise ValidationError(
                        _("Two of the new appointments take the same chair or doctor at the same time.")
                    )

    @api.model
    def _dental_lock_slots(self, chair_ids, doctor_ids):
        """Serialize the bookings of the same chairs and doctors until the end of the transaction.

        Without it, two concurrent bookings of one slot each wait for the other's row
        in the exclusion constraint check: PostgreSQL detects a deadlock and Odoo
        retries with growing pauses. With it, the second booking waits for the first
        to commit, then is refused at once. Locks are taken in a fixed order.
        """
        for key, ids in ((LOCK_CHAIR, chair_ids), (LOCK_DOCTOR, doctor_ids)):
            for record_id in sorted(ids):
                self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [key, record_id])

    def _dental_busy_message(self, doctor):
        self.ensure_one()
        tz = self.company_id._dental_tz() if self.company_id else "UTC"
        values = {
            "chair": self.chair_id.name,
            "doctor": self.doctor_id.name,
            "start": utc_to_local(self.start, tz).strftime("%d.%m.%Y %H:%M"),
            "stop": utc_to_local(self.stop, tz).strftime("%H:%M"),
        }
        if doctor:
            return _("%(doctor)s already has a patient from %(start)s to %(stop)s.", **values)
        return _("The chair %(chair)s is already booked from %(start)s to %(stop)s.", **values)

    @api.model
    def _dental_overlap_message(self, doctor):
        """Message of a double booking caught by the database: another booking was saved meanwhile."""
        if doctor:
            return _("The doctor already has a patient at this time (another booking was just saved).")
        return _(
            "The chair is already booked at this time (another booking was just saved). Choose another time or chair."
        )

    # ------------------------------------------------------------------ status changes

    @api.model
    def _dental_allowed_states(self, state):
        """Statuses the current user may give an appointment in ``state``.

        Any status leads to any other, except a completed visit: its procedures are recorded on the chart and it
        may be billed, so only a Director reopens it (REOPEN_STATES). The system (demo, crons) is not bound.
        """
        states = [key for key, __ in APPOINTMENT_STATES if key != state]
        if state != "completed" or self.env.su:
            return states
        if self.env.user.has_group("dental_patient.group_director"):
            return [key for key in states if key in REOPEN_STATES]
        return []

    def _dental_check_state_change(self, vals):
        """Refuse a status change the user may not make (``_dental_allowed_states``), before anything is written."""
        new_state = vals.get("dental_state")
        if not new_state:
            return
        for event in self.filtered(lambda e: e.patient_id and e.dental_state != new_state):
            if new_state not in self._dental_allowed_states(event.dental_state):
                labels = dict(self._fields["dental_state"]._description_selection(self.env))
                raise UserError(
                    _(
                        "The visit of %(patient)s is completed and cannot become “%(state)s”: its procedures are "
                        "recorded and it may be billed. Only a Director can reopen it (back to “%(reopen)s”).",
                        patient=event.patient_id.name,
                        state=labels[new_state],
                        reopen=", ".join(labels[key] for key in REOPEN_STATES),
                    )
                )

    def dental_schedule_menu(self):
        """The right-click menu of an appointment in the schedule, for the current user.

        ``states``: the statuses it may be given (the schedule offers these only); ``can_move``: it may go to
        another day; ``actions``: other addons' entries (``_dental_schedule_actions``), each a public method of
        the appointment returning an action.
        """
        self.ensure_one()
        self.check_access("read")
        return {
            "states": self._dental_allowed_states(self.dental_state),
            "can_move": self.dental_state not in ("arrived", "in_chair", "completed"),
            "actions": self._dental_schedule_actions(),
        }

    def _dental_schedule_actions(self):
        """Extra entries of the schedule's menu of this appointment: ``[{"name": method, "label": text}]``.

        Nothing here: dental_cash adds billing (Bill, Payment) for completed visits.
        """
        self.ensure_one()
        return []

    # ------------------------------------------------------------------ actions

    def _dental_set_state(self, state):
        self.filtered(lambda e: e.dental_state != state).write({"dental_state": state})
        return True

    def action_dental_confirm(self):
        return self._dental_set_state("confirmed")

    def action_dental_arrive(self):
        return self._dental_set_state("arrived")

    def action_dental_in_chair(self):
        return self._dental_set_state("in_chair")

    def action_dental_complete(self):
        return self._dental_set_state("completed")

    def action_dental_no_show(self):
        return self._dental_set_state("no_show")

    def action_dental_cancel(self):
        return self._dental_set_state("cancelled")

    def action_dental_reschedule(self):
        return self._dental_set_state("scheduled")

    def action_dental_open_patient(self):
        self.ensure_one()
        return self.patient_id._get_records_action(context={})

    def action_dental_move(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_calendar.dental_appointment_move_wizard_action")
        action["context"] = {"active_id": self.id, "active_model": "calendar.event"}
        return action

    # ------------------------------------------------------------------ hooks

    @api.model
    def _dental_service_duration(self, products):
        """Minutes the planned services take; 0 means "use the chosen duration".

        dental_chart's bridge sums ``product.template.dental_duration`` here.
        """
        return 0

    def _dental_complete(self):
        if not self:
            return  # every booking calls it: no write (base_automation looks up its rules on any write)
        for event in self:
            event._dental_on_completed()
        # sudo: a server-only stamp (DENTAL_SERVER_FIELDS); the user has just completed these appointments
        self.sudo().write({"dental_completion_done": True})

    def _dental_on_completed(self):
        """Called once when an appointment becomes completed.

        Keeps ``dental.patient.last_visit_date``; the dental_chart bridge extends it
        to mark the planned procedures done (``sale.order.line._dental_complete``).
        """
        self.ensure_one()
        tz = self.company_id._dental_tz() if self.company_id else "UTC"
        day = utc_to_local(self.start, tz).date()
        patient = self.patient_id
        if patient and (not patient.last_visit_date or patient.last_visit_date < day):
            patient.last_visit_date = day

    @api.model
    def _dental_patient_debts(self, patients):
        """Amount owed by each patient, as ``{patient id: amount}``: shown as an icon in the schedule.

        Nothing here: dental_cash fills it from the patients' open invoices.
        """
        return {}

    # ------------------------------------------------------------------ schedule rules

    def _dental_schedule_issues(self):
        """Why each appointment lies outside the branch's working hours or its doctor's shift.

        Returns ``{event id: [message, ...]}``; one query for the shifts of all of ``self``.
        """
        events = self.filtered(lambda e: e.start and e.stop)
        if not events:
            return {}
        shifts = (
            self.env["dental.shift"]
            .sudo()
            .search_fetch(  # sudo: shifts of other users' branches are not secret here
                [
                    ("employee_id", "in", events.doctor_id.ids),
                    ("start", "<", max(events.mapped("stop"))),
                    ("stop", ">", min(events.mapped("start"))),
                ],
                ["employee_id", "start", "stop"],
                order="id",  # any order: the list's order would join the chairs and their branches
            )
        )
        issues = {}
        for event in events:
            messages = []
            company = event.company_id or self.env.company
            tz = company._dental_tz()
            start, stop = utc_to_local(event.start, tz), utc_to_local(event.stop, tz)
            end_hours = float_hours(stop) if stop.date() == start.date() else 24 + float_hours(stop)
            if float_hours(start) < company.dental_work_start or end_hours > company.dental_work_end:
                messages.append(
                    _(
                        "The appointment lies outside the working hours of %(branch)s (%(open)s-%(close)s).",
                        branch=company.name,
                        open=_format_hours(company.dental_work_start),
                        close=_format_hours(company.dental_work_end),
                    )
                )
            if event.doctor_id and not any(
                s.employee_id == event.doctor_id and s.start <= event.start and s.stop >= event.stop for s in shifts
            ):
                messages.append(_("%(doctor)s has no shift covering this time.", doctor=event.doctor_id.name))
            if messages:
                issues[event.id] = messages
        return issues

    @api.model
    def dental_check_slot(self, values, event_id=False):
        """Warnings for booking or moving an appointment to ``values`` (start, stop, doctor_id, chair_id).

        The schedule asks before saving when the branch only warns; nothing is written.
        """
        event = self.browse(event_id) if event_id else self.browse()
        vals = {
            "start": values.get("start") or event.start,
            "stop": values.get("stop") or event.stop,
            "doctor_id": values["doctor_id"] if "doctor_id" in values else event.doctor_id.id,
            "chair_id": values.get("chair_id") or event.chair_id.id,
        }
        chair = self.env["dental.chair"].browse(vals["chair_id"])
        probe = self.new(
            {
                "start": fields.Datetime.to_datetime(vals["start"]),
                "stop": fields.Datetime.to_datetime(vals["stop"]),
                "doctor_id": vals["doctor_id"],
                "chair_id": chair.id,
                "company_id": chair.company_id.id or self.env.company.id,
            }
        )
        issues = probe._dental_schedule_issues()
        return next(iter(issues.values()), [])

    # ------------------------------------------------------------------ reminders

    @api.model
    def _cron_dental_send_reminders(self):
        """Send tomorrow's reminders of every branch whose reminder time has come."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].search(
            ["|", ("dental_reminder_sms", "=", True), ("dental_reminder_email", "=", True)]
        )
        for company in companies:
            events = self.search(self._dental_reminder_domain(company, now))
            events._dental_send_reminders()

    @api.model
    def _dental_reminder_domain(self, company, now):
        """Appointments of ``company`` due for a reminder at ``now`` (UTC).

        Tomorrow's active appointments not yet reminded for that day.
        """
        tz = company._dental_tz()
        local_now = utc_to_local(now, tz)
        if float_hours(local_now) < company.dental_reminder_hour:
            return [(0, "=", 1)]
        tomorrow = local_now.date() + timedelta(days=1)
        return [
            ("company_id", "=", company.id),
            ("patient_id", "!=", False),
            ("dental_state", "in", ("scheduled", "confirmed")),
            ("start", ">=", local_to_utc(tomorrow, 0, tz)),
            ("start", "<", local_to_utc(tomorrow + timedelta(days=1), 0, tz)),
            "|",
            ("dental_reminder_date", "=", False),
            ("dental_reminder_date", "!=", tomorrow),
        ]

    def _dental_send_reminders(self):
        """Send the reminder of each appointment by SMS and/or e-mail, as the patient allows.

        The day reminded is stored first, so a failing channel never makes the cron resend.
        """
        sms_template = self.env.ref("dental_calendar.sms_template_appointment_reminder", raise_if_not_found=False)
        mail_template = self.env.ref("dental_calendar.mail_template_appointment_reminder", raise_if_not_found=False)
        for event in self:
            company = event.company_id
            patient = event.patient_id
            tz = company._dental_tz()
            # sudo: a server-only stamp (DENTAL_SERVER_FIELDS), set by the reminder itself
            event.sudo().dental_reminder_date = utc_to_local(event.start, tz).date()
            if (
                company.dental_reminder_sms
                and patient.allow_sms_reminder
                and sms_template
                and (patient.mobile or patient.phone)
            ):
                # Queued: the SMS cron sends them, so one unreachable gateway never stalls this loop.
                event._message_sms_with_template(
                    template=sms_template, partner_ids=patient.partner_id.ids, put_in_queue=True
                )
            if company.dental_reminder_email and patient.allow_email_reminder and mail_template and patient.email:
                mail_template.send_mail(event.id, email_layout_xmlid="mail.mail_notification_light")

    # ------------------------------------------------------------------ closed periods (dental.lock.mixin)
    def _dental_lock_fields(self):
        # an appointment of a past period is frozen for staff: any change, its creation and its deletion
        return {**super()._dental_lock_fields(), PAST_PERIOD: None}

    def _dental_lock_pairs(self, lock):
        if lock == PAST_PERIOD:
            if not (self.patient_id and self.start and self.company_id):
                return []  # an ordinary meeting
            return [(self.company_id, self.company_id._dental_local_date(self.start))]
        return super()._dental_lock_pairs(lock)

    def _dental_lock_bound(self, lock):
        if lock == PAST_PERIOD:
            # Directors correct a past period; the system (crons, demo, sudo) is not bound either
            return not self.env.su and not self.env.user.has_group("dental_patient.group_director")
        return super()._dental_lock_bound(lock)

    def _dental_lock_refusal(self, lock, company, day, until):
        if lock == PAST_PERIOD:
            return _(
                "The period until %(day)s is closed: the appointment of %(patient)s cannot be "
                "created, changed or deleted.",
                day=until.strftime("%d.%m.%Y"),
                patient=self.patient_id.name,
            )
        return super()._dental_lock_refusal(lock, company, day, until)


def _format_hours(value):
    minutes = round(value * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
