import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.dental_patient.tools import webhook
from odoo.addons.dental_patient.tools.localtime import local_to_utc, utc_to_local

# Defaults of the abuse limits (ir.config_parameter ``dental_portal.<key>`` overrides each).
LIMITS = {
    "ip_per_hour": 20,  # booking requests (each sends an SMS) from one address in an hour
    "phone_per_hour": 3,  # requests for one phone in an hour
    "phone_per_day": 6,  # and in a day
    "code_attempts": 5,  # wrong codes before a request is refused
    "code_minutes": 10,  # lifetime of a code
    "max_days": 14,  # the longest date range of one slot query
}
LOCK_IP, LOCK_PHONE = 580271, 580272  # advisory lock spaces of the limit checks
ACTIVE_STATES = ("scheduled", "confirmed")  # an online booking may be cancelled or moved in these
SELECTOR_LENGTH = 12  # the token's characters looked up in SQL; its other 31 (186 bits) are compared in constant time


class DentalBookingRequest(models.Model):
    """One online booking: the slot and contact details, the SMS code that confirms the phone, then the
    appointment and the token of its cancel/reschedule link.

    The records are the abuse limits' memory too (requests per address and per phone in a window): stored,
    so they hold across workers. Only the system reads and writes them (the booking page's controller);
    administrators may read them. The code is kept as an HMAC (the database secret), never in clear.
    """

    _name = "dental.booking.request"
    _description = "Online Booking Request"
    _order = "id desc"

    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True)
    service_id = fields.Many2one("product.product", string="Service", required=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", required=True)
    chair_id = fields.Many2one("dental.chair", string="Chair", required=True)
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    last_name = fields.Char(required=True)
    first_name = fields.Char(required=True)
    patronymic = fields.Char()
    birth_date = fields.Date()
    phone = fields.Char(required=True, index=True, help="E.164 form of the phone the code was sent to.")
    email = fields.Char()
    ip_address = fields.Char(string="IP Address", index=True)
    code_hash = fields.Char(readonly=True, groups="base.group_system")
    code_expires = fields.Datetime(readonly=True)
    attempts = fields.Integer(readonly=True, help="Wrong codes entered.")
    state = fields.Selection(
        [("pending", "Waiting for the Code"), ("booked", "Booked"), ("refused", "Refused")],
        default="pending",
        required=True,
        index=True,
    )
    access_token = fields.Char(required=True, index=True, copy=False, groups="base.group_system")
    # The visitor's token is looked up by its first characters (not secret: an SQL equality may leak them by its
    # timing) and then compared whole in constant time (_dental_by_token).
    access_selector = fields.Char(
        string="Token Selector",
        compute="_compute_access_selector",
        store=True,
        index=True,
        copy=False,
        groups="base.group_system",
        help="The first characters of the booking's token, by which its link finds it.",
    )
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True, ondelete="set null")
    event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True, ondelete="set null")

    _sql_constraints = [("access_token_uniq", "unique(access_token)", "The booking token must be unique.")]

    @api.autovacuum
    def _gc_requests(self):
        """Forget unconfirmed requests after a week (the limits look one day back)."""
        self.search(
            [("state", "!=", "booked"), ("create_date", "<", fields.Datetime.now() - timedelta(days=7))]
        ).unlink()

    # ------------------------------------------------------------------ the slot API

    @api.model
    def _dental_limit(self, key):
        value = self.env["ir.config_parameter"].sudo().get_param(f"dental_portal.{key}")
        return int(value) if value and value.isdigit() else LIMITS[key]

    @api.model
    def _dental_branches(self):
        """The branches offering online booking."""
        return self.env["res.company"].sudo().search([("dental_online_booking", "=", True)], order="name, id")

    @api.model
    def _dental_branch(self, company_id):
        branch = self._dental_branches().filtered(lambda c: c.id == _int(company_id))
        if not branch:
            raise UserError(_("This branch does not take online bookings. Choose a branch from the list."))
        return branch

    @api.model
    def _dental_services_domain(self, company):
        return [
            ("is_dental_service", "=", True),
            ("dental_online_booking", "=", True),
            ("company_id", "in", [False, *company.parent_ids.ids]),
        ]

    @api.model
    def _dental_services(self, company):
        # sudo: the visitor reads the public catalogue of bookable services (names and durations)
        return self.env["product.product"].sudo().search(self._dental_services_domain(company), order="name, id")

    @api.model
    def _dental_service(self, company, service_id):
        service = self._dental_services(company).filtered(lambda p: p.id == _int(service_id))
        if not service:
            raise UserError(_("This service cannot be booked online in this branch. Choose a service from the list."))
        return service

    @api.model
    def _dental_minutes(self, company, service):
        minutes = self.env["calendar.event"]._dental_service_duration(service)
        return minutes or 2 * company.dental_calendar_step  # calendar.event's default length

    @api.model
    def _dental_doctors(self, company, service=None):
        """Doctors with shifts in the branch within the booking horizon (of the service's profession)."""
        now = fields.Datetime.now()
        # sudo: shifts and doctors' names are the clinic's public timetable
        shifts = (
            self.env["dental.shift"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("stop", ">", now),
                    ("start", "<", now + timedelta(days=company.dental_booking_days)),
                ],
                ["employee_id"],
            )
        )
        doctors = shifts.employee_id
        if service and service.dental_job_id:
            doctors = doctors.filtered(lambda e: e.job_id == service.dental_job_id)
        return doctors.sorted(lambda e: (e.name or "", e.id))

    @api.model
    def _dental_doctor(self, company, service, doctor_id):
        doctor = self._dental_doctors(company, service).filtered(lambda e: e.id == _int(doctor_id))
        if not doctor:
            raise UserError(_("This doctor does not take this service online in this branch."))
        return doctor

    @api.model
    def _dental_slots(self, company, service, doctor=None, date_from=None, date_to=None, exclude_event=None):
        """Free slots of ``service`` in ``company`` (optionally one doctor's) between two local dates;
        ``exclude_event``: the appointment being moved (its own time is free for it)."""
        today = company._dental_today()
        date_from = _date(date_from) or today
        date_to = _date(date_to) or date_from
        if date_to < date_from or (date_to - date_from).days >= self._dental_limit("max_days"):
            raise UserError(_("Ask for at most %(days)s days of slots at a time.", days=self._dental_limit("max_days")))
        horizon = today + timedelta(days=company.dental_booking_days)
        date_from, date_to = max(date_from, today), min(date_to, horizon)
        if date_to < date_from:
            return []
        tz = company._dental_tz()
        start = local_to_utc(date_from, 0, tz)
        stop = local_to_utc(date_to + timedelta(days=1), 0, tz)
        doctors = doctor if doctor else self._dental_doctors(company, service)
        if not doctors:
            return []
        return self.env["dental.schedule"]._dental_free_slots(
            company,
            start,
            stop,
            self._dental_minutes(company, service),
            doctor_ids=doctors.ids,
            exclude_event_ids=exclude_event.ids if exclude_event else None,
        )

    @api.model
    def _dental_slot_data(self, company, slots):
        """The slots as the API answers them: UTC start/stop (to book) and the branch's local time."""
        tz = company._dental_tz()
        names = {e.id: e.name for e in self.env["hr.employee"].sudo().browse({s["doctor_id"] for s in slots})}
        return [
            {
                "start": fields.Datetime.to_string(slot["start"]),
                "stop": fields.Datetime.to_string(slot["stop"]),
                "local_start": utc_to_local(slot["start"], tz).strftime("%Y-%m-%d %H:%M"),
                "local_stop": utc_to_local(slot["stop"], tz).strftime("%Y-%m-%d %H:%M"),
                "doctor_id": slot["doctor_id"],
                "doctor_name": names[slot["doctor_id"]],
            }
            for slot in slots
        ]

    @api.model
    def _dental_free_slot(self, company, service, doctor, start, exclude_event=None):
        """The free slot of ``doctor`` starting at ``start`` (UTC), with its chair; refused if taken or bad.
        ``exclude_event``: the appointment being moved, whose own time does not make the slot busy."""
        start = _datetime(start)
        if not start:
            raise UserError(_("Choose a time from the free slots."))
        if start <= fields.Datetime.now():
            raise UserError(_("This time has already passed. Choose another slot."))
        if company._dental_local_date(start) > company._dental_today() + timedelta(days=company.dental_booking_days):
            raise UserError(_("This time is beyond the online booking horizon of the branch."))
        minutes = self._dental_minutes(company, service)
        slots = self.env["dental.schedule"]._dental_free_slots(
            company,
            start,
            start + timedelta(minutes=minutes),
            minutes,
            doctor_ids=doctor.ids,
            exclude_event_ids=exclude_event.ids if exclude_event else None,
        )
        slot = next((s for s in slots if s["start"] == start), None)
        if not slot:
            raise UserError(_("This time is no longer free. Choose another slot."))
        return slot

    # ------------------------------------------------------------------ booking

    @api.model
    def _dental_request(self, values, ip_address):
        """Check a booking (slot, contact details, limits), store it and send the phone its code.

        Returns the request (its ``access_token`` identifies it to the visitor). Bad input: UserError, nothing
        stored or sent.
        """
        company = self._dental_branch(values.get("branch_id"))
        service = self._dental_service(company, values.get("service_id"))
        doctor = self._dental_doctor(company, service, values.get("doctor_id"))
        last_name, first_name = (values.get("last_name") or "").strip(), (values.get("first_name") or "").strip()
        if not last_name or not first_name:
            raise UserError(_("Give your last name and first name."))
        phone = self._dental_phone(company, values.get("phone"))
        birth_date = values.get("birth_date") and _date(values["birth_date"])
        if values.get("birth_date") and (not birth_date or birth_date > company._dental_today()):
            raise UserError(_("The birth date is not a valid date."))
        slot = self._dental_free_slot(company, service, doctor, values.get("start"))
        self._dental_check_limits(ip_address, phone)
        code = f"{secrets.randbelow(10**6):06d}"
        token = secrets.token_urlsafe(32)
        request = self.sudo().create(
            {
                "company_id": company.id,
                "service_id": service.id,
                "doctor_id": doctor.id,
                "chair_id": slot["chair_id"],
                "start": slot["start"],
                "stop": slot["stop"],
                "last_name": last_name,
                "first_name": first_name,
                "patronymic": (values.get("patronymic") or "").strip() or False,
                "birth_date": birth_date or False,
                "phone": phone,
                "email": (values.get("email") or "").strip() or False,
                "ip_address": ip_address,
                "access_token": token,
                "code_hash": self._dental_code_hash(token, code),
                "code_expires": fields.Datetime.now() + timedelta(minutes=self._dental_limit("code_minutes")),
            }
        )
        request._dental_send_code(code)
        return request

    @api.model
    def _dental_phone(self, company, number):
        try:
            phone = self.env["dental.patient"]._normalize_phone(number, company, raise_exception=True)
        except UserError:
            phone = False
        if not phone:
            raise UserError(_("The phone number is not valid. Give a mobile number the code can be sent to."))
        return phone

    @api.model
    def _dental_check_limits(self, ip_address, phone):
        """Refuse a request beyond the per-address and per-phone limits (counted in the stored requests).

        Advisory locks on the address and the phone serialise the checks of concurrent requests, so two
        workers cannot both take the last allowed request.
        """
        for space, key in sorted(((LOCK_IP, ip_address or ""), (LOCK_PHONE, phone))):
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", space, key))
        now = fields.Datetime.now()
        Request = self.sudo()
        hour, day = now - timedelta(hours=1), now - timedelta(days=1)
        if ip_address and Request.search_count(
            [("ip_address", "=", ip_address), ("create_date", ">", hour)]
        ) >= self._dental_limit("ip_per_hour"):
            raise UserError(_("Too many bookings from your network. Try again in an hour or call the clinic."))
        if Request.search_count([("phone", "=", phone), ("create_date", ">", hour)]) >= self._dental_limit(
            "phone_per_hour"
        ) or Request.search_count([("phone", "=", phone), ("create_date", ">", day)]) >= self._dental_limit(
            "phone_per_day"
        ):
            raise UserError(_("Too many codes were sent to this phone. Try again later or call the clinic."))

    @api.model
    def _dental_code_hash(self, token, code):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        return hmac.new(secret.encode(), f"{token}:{code}".encode(), hashlib.sha256).hexdigest()

    def _dental_send_code(self, code):
        """Queue the code to the typed phone as an SMS of the branch (dental_sms's gateway of the branch, else
        Odoo's SMS); not the patient's messenger: the code proves the phone."""
        self.ensure_one()

        def body(code):
            return _(
                "%(code)s is your code to book %(branch)s on %(when)s.",
                code=code,
                branch=self.company_id.name,
                when=utc_to_local(self.start, self.company_id._dental_tz()).strftime("%d.%m.%Y %H:%M"),
            )

        self._dental_queue_sms(body(code), body("******"))

    def _dental_queue_sms(self, body, masked_body):
        """Queue ``body`` to the phone; the stored message keeps ``masked_body`` once sent (see sms.sms)."""
        self.ensure_one()
        # sudo: the visitor has no right on sms.sms; with the branch as company dental_sms picks its gateway
        sms = (
            self.env["sms.sms"]
            .sudo()
            .with_company(self.company_id)
            .create({"number": self.phone, "body": body, "dental_masked_body": masked_body, "state": "outgoing"})
        )
        if sms.dental_account_id:
            self.env.ref("dental_sms.ir_cron_dental_sms_queue").sudo()._trigger()
        else:
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return sms

    @api.depends("access_token")
    def _compute_access_selector(self):
        for request in self:
            request.access_selector = (request.access_token or "")[:SELECTOR_LENGTH] or False

    @api.model
    def _dental_by_token(self, token, states=None):
        """The request of a visitor's token (a booking link's): found by its selector, the token compared whole in
        constant time (as Odoo's portal checks an access token), never by an SQL equality on the secret."""
        request = self.browse()
        if isinstance(token, str) and len(token) > SELECTOR_LENGTH:
            # sudo: the public visitor reads no request; only the one whose whole token matches is returned
            candidates = self.sudo().search([("access_selector", "=", token[:SELECTOR_LENGTH])])
            request = next((r for r in candidates if webhook.secret_ok(r.access_token, token)), request)
        if not request or (states and request.state not in states):
            raise UserError(_("This booking link is not valid."))
        return request

    def _dental_confirm(self, code):
        """Check the code; book the appointment (a refused one books nothing). Returns the appointment."""
        self.ensure_one()
        if self.state != "pending":
            raise UserError(_("This booking is already confirmed or was refused."))
        if self.code_expires < fields.Datetime.now():
            self.state = "refused"
            raise UserError(_("The code has expired. Book again to get a new code."))
        expected = self.sudo().code_hash
        if not hmac.compare_digest(expected, self._dental_code_hash(self.sudo().access_token, (code or "").strip())):
            self.attempts += 1
            if self.attempts >= self._dental_limit("code_attempts"):
                self.state = "refused"
                raise UserError(_("The code is wrong too many times. Book again to get a new code."))
            raise UserError(_("The code is wrong. Check the SMS and type the code again."))
        try:
            with self.env.cr.savepoint():
                self._dental_free_slot(self.company_id, self.service_id, self.doctor_id, self.start)
                patient = self._dental_find_or_create_patient()
                event = self._dental_book(patient)
        except (UserError, ValidationError):
            self.state = "refused"
            raise
        self.write({"state": "booked", "patient_id": patient.id, "event_id": event.id, "code_hash": False})

        def body(url):
            return _(
                "You are booked at %(branch)s on %(when)s. To cancel or move the visit: %(url)s",
                branch=self.company_id.name,
                when=utc_to_local(self.start, self.company_id._dental_tz()).strftime("%d.%m.%Y %H:%M"),
                url=url,
            )

        # the manage link is the booking's key (its token): not kept in the sent message either
        self._dental_queue_sms(body(self._dental_manage_url()), body(f"{self.get_base_url()}/booking/manage/******"))
        return event

    def _dental_manage_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/booking/manage/{self.sudo().access_token}"

    def _dental_patient_match(self):
        """The branch's card of the same person: the same full name and birth date, else the same phone and
        last and first names (dental_patient's duplicate criteria). A family member sharing the phone under
        another name is another person: a new card, which the registrar sees among the possible duplicates."""
        self.ensure_one()
        Patient = self.env["dental.patient"].sudo()  # sudo: the visitor cannot read cards; nothing is shown
        branch = [("company_id", "in", self.company_id.parent_ids.ids)]
        names = [("last_name", "=ilike", self.last_name), ("first_name", "=ilike", self.first_name)]
        if self.birth_date:
            found = Patient.search(
                [
                    *branch,
                    *names,
                    ("patronymic", "=ilike", self.patronymic or False),
                    ("birth_date", "=", self.birth_date),
                ],
                limit=1,
                order="id",
            )
            if found:
                return found
        return Patient.search([*branch, *names, ("partner_id.phone_sanitized", "=", self.phone)], limit=1, order="id")

    def _dental_find_or_create_patient(self):
        self.ensure_one()
        patient = self._dental_patient_match()
        if patient:
            return patient
        return (
            self.env["dental.patient"].sudo().with_company(self.company_id).create(self._dental_prepare_patient_vals())
        )

    def _dental_prepare_patient_vals(self):
        self.ensure_one()
        return {
            "last_name": self.last_name,
            "first_name": self.first_name,
            "patronymic": self.patronymic,
            "birth_date": self.birth_date,
            "mobile": self.phone,
            "email": self.email,
            "company_id": self.company_id.id,
        }

    def _dental_book(self, patient):
        self.ensure_one()
        # sudo: the visitor books through calendar.event's own create (checks, exclusion constraints)
        return (
            self.env["calendar.event"]
            .sudo()
            .with_company(self.company_id)
            .create(self._dental_prepare_event_vals(patient))
        )

    def _dental_prepare_event_vals(self, patient):
        self.ensure_one()
        return {
            "patient_id": patient.id,
            "doctor_id": self.doctor_id.id,
            "chair_id": self.chair_id.id,
            "company_id": self.company_id.id,
            "start": self.start,
            "stop": self.stop,
            "duration": (self.stop - self.start).total_seconds() / 3600,
            "service_ids": [(6, 0, self.service_id.ids)],
            "booking_source": "online",
        }

    def _dental_manage_event(self):
        """The booked appointment, while it may still be cancelled or moved online."""
        self.ensure_one()
        event = self.event_id.sudo()
        if self.state != "booked" or not event or event.dental_state not in ACTIVE_STATES:
            raise UserError(_("This appointment can no longer be changed online. Call the clinic."))
        if event.start <= fields.Datetime.now():
            raise UserError(_("This appointment has already started. Call the clinic."))
        return event

    def _dental_cancel(self):
        self.ensure_one()
        event = self._dental_manage_event()
        event.action_dental_cancel()
        return event

    def _dental_reschedule(self, start, doctor_id=None):
        """Move the appointment to a free slot of the same service (the doctor's, or another one's). The
        appointment's own time counts as free: it may move onto a slot overlapping its current one (10:00-11:00
        to 10:30-11:30); the write moves the same row, so the exclusion constraints do not meet it."""
        self.ensure_one()
        event = self._dental_manage_event()
        doctor = self._dental_doctor(self.company_id, self.service_id, doctor_id or self.doctor_id.id)
        slot = self._dental_free_slot(self.company_id, self.service_id, doctor, start, exclude_event=event)
        event.write(
            {"start": slot["start"], "stop": slot["stop"], "doctor_id": doctor.id, "chair_id": slot["chair_id"]}
        )
        self.write({"start": slot["start"], "stop": slot["stop"], "doctor_id": doctor.id, "chair_id": slot["chair_id"]})
        return event


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _date(value):
    try:
        return fields.Date.to_date(value) if value else None
    except (TypeError, ValueError):
        return None


def _datetime(value):
    try:
        result = fields.Datetime.to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    return result if isinstance(result, datetime) else None
