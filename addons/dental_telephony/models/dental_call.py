import logging
import re
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount

from odoo.addons.dental_patient.tools import identifiers

from ..tools import pbx

_logger = logging.getLogger(__name__)

INCOMING_CALL = "dental_telephony.incoming_call"  # INCOMING_CALL in static/src/call_popup/call_popup_service.js
E164 = re.compile(r"\+[1-9]\d{7,14}")
STATUS_RANK = {"ringing": 0, "in_progress": 1, "answered": 2, "missed": 2}
# The PBX's account of a call (webhooks, as superuser): a person edits the result, comment, patient and lead
# (and the chatter's own fields), never these.
PBX_FIELDS = frozenset(
    {
        "account_id",
        "external_id",
        "company_id",
        "direction",
        "status",
        "start",
        "answer_time",
        "end_time",
        "duration",
        "caller_number",
        "called_number",
        "extension",
        "user_id",
        "recording_url",
        "recording_ref",
        "missed_sms_sent",
    }
)


class DentalCall(models.Model):
    """A call of a branch's PBX, created and updated by its webhooks (one record per external call id)."""

    _name = "dental.call"
    _description = "Call"
    _inherit = ["mail.thread"]
    _order = "start desc, id desc"
    _rec_name = "caller_number"

    account_id = fields.Many2one("dental.pbx.account", string="PBX Account", readonly=True, index=True)
    external_id = fields.Char(string="External ID", required=True, readonly=True, help="The PBX's id of the call.")
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )
    direction = fields.Selection([("in", "Incoming"), ("out", "Outgoing")], required=True, readonly=True, default="in")
    status = fields.Selection(
        [("ringing", "Ringing"), ("in_progress", "In Progress"), ("answered", "Answered"), ("missed", "Missed")],
        required=True,
        readonly=True,
        default="ringing",
        index=True,
        tracking=True,
    )
    start = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    answer_time = fields.Datetime(readonly=True)
    end_time = fields.Datetime(readonly=True)
    duration = fields.Integer(string="Talk (s)", readonly=True, aggregator="sum", help="Seconds of conversation.")
    wait_time = fields.Integer(
        string="Wait (s)", compute="_compute_wait_time", store=True, aggregator="avg", help="Seconds until answered."
    )
    caller_number = fields.Char(
        string="Number", readonly=True, index=True, help="The patient's side of the call, E.164 when recognised."
    )
    called_number = fields.Char(string="Virtual Number", readonly=True, help="The clinic's number of the call.")
    extension = fields.Char(string="Extension", readonly=True)
    user_id = fields.Many2one("res.users", string="Answered By", readonly=True, index="btree_not_null")
    recording_url = fields.Char(
        string="Recording", readonly=True, groups="dental_patient.group_director,dental_patient.group_coordinator"
    )
    recording_ref = fields.Char(
        string="Recording Reference",
        readonly=True,
        groups="dental_patient.group_director,dental_patient.group_coordinator",
    )
    has_recording = fields.Boolean(compute="_compute_has_recording")
    result_id = fields.Many2one(
        "dental.call.result",
        string="Result",
        tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    comment = fields.Text()
    patient_id = fields.Many2one("dental.patient", string="Patient", index="btree_not_null", tracking=True)
    lead_id = fields.Many2one("crm.lead", string="Lead", index="btree_not_null", tracking=True)
    missed_sms_sent = fields.Boolean(string="Missed Call SMS Sent", readonly=True, copy=False)

    _sql_constraints = [
        ("external_id_unique", "UNIQUE(account_id, external_id)", "The PBX already told this call."),
    ]

    @api.depends("start", "answer_time")
    def _compute_wait_time(self):
        for call in self:
            call.wait_time = (
                max(0, int((call.answer_time - call.start).total_seconds())) if call.answer_time and call.start else 0
            )

    def _compute_has_recording(self):
        # sudo: a yes/no for everyone; the link itself stays the Directors' and coordinators'
        for call, sudo_call in zip(self, self.sudo(), strict=True):
            call.has_recording = bool(sudo_call.recording_url or sudo_call.recording_ref)

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        if not self.env.su and PBX_FIELDS & set(vals):
            raise UserError(_("A call's record comes from the PBX: only its result, comment, patient and lead change."))
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_create_lead(self):
        """The popup's "New Lead" for an unknown number: a dental lead of the call's branch, linked to the call."""
        self.ensure_one()
        if not self.lead_id:
            team = self.env["crm.team"].search(
                [("is_dental", "=", True), ("company_id", "in", [self.company_id.id, False])], limit=1
            )
            lead = self.env["crm.lead"].with_company(self.company_id).create(self._dental_lead_vals(team))
            self.lead_id = lead
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _dental_lead_vals(self, team):
        self.ensure_one()
        return {
            "name": _("Call from %(number)s", number=self.caller_number or _("an unknown number")),
            "type": "lead",
            "phone": self.caller_number,
            "team_id": team.id,
            "user_id": self.env.uid,
            "company_id": self.company_id.id,
        }

    def action_create_patient(self):
        """The popup's "New Patient": the patient form with the caller's number, linked to the call on saving."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dental.patient",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_mobile": self.caller_number,
                "default_company_id": self.company_id.id,
                "dental_call_id": self.id,
            },
        }

    def action_call_back(self):
        """The journal's phone button: call the call's number from Odoo (click-to-call)."""
        self.ensure_one()
        return self._dental_click_to_call(self.caller_number)

    @api.model
    def _dental_click_to_call(self, number):
        """Place a call from the user's phone to ``number`` through the branch's PBX: the PBX rings the user's
        extension first, then the number; the call itself arrives through the webhooks like any outgoing call.
        For those who work the phone (who read the call journal: registrars, coordinators, Directors)."""
        self.check_access("read")
        extension = (self.env.user.dental_pbx_extension or "").strip()
        if not extension:
            raise UserError(_("Your user has no PBX Extension: ask an administrator to set it to call from Odoo."))
        company = self.env.company
        normalized = self._dental_normalize(number, company)
        if not normalized:
            raise UserError(_("There is no number to call."))
        # sudo: the branch's PBX account and its API secrets (administrators only); the user only asks it to
        # connect them to a number they read
        account = (
            self.env["dental.pbx.account"]
            .sudo()
            .search([("company_id", "=", company.id), ("endpoint_url", "!=", False)], order="id", limit=1)
        )
        if not account:
            raise UserError(_("No PBX account of %(branch)s places calls from Odoo.", branch=company.name))
        account._dental_click_to_call(extension, normalized)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": _("Calling %(number)s", number=normalized),
                "message": _("Pick up your phone: the PBX rings it first, then connects the number."),
                "sticky": False,
            },
        }

    def action_open_patient(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dental.patient",
            "res_id": self.patient_id.id,
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------ the popup
    def dental_popup_info(self):
        """What the incoming-call popup shows, read with the user's rights (``_dental_lookup``)."""
        self.ensure_one()
        info = self._dental_lookup(self.caller_number, self.company_id)
        info.update(call_id=self.id, number=self.caller_number or "", called_number=self.called_number or "")
        if not info["patient"] and self.lead_id:
            info["lead"] = {"id": self.lead_id.id, "name": self.lead_id.name}
        return info

    @api.model
    def _dental_lookup(self, number, company):
        """The patient of ``number`` in ``company`` with the card's summary: photo, name, tags, next and last
        visit, last reminder and debt (when the user reads money). A few indexed queries, none per record:
        the number's digits on the trigram index of ``phone_digits``, the next visit on the appointments'
        (patient, start) index, the debt by ``_dental_money_figures`` (one statement)."""
        patient = self._dental_find_patient(number, company)
        info = {"patient": False, "lead": False}
        if not patient:
            lead = self._dental_find_lead(number, company)
            info["lead"] = {"id": lead.id, "name": lead.name} if lead else False
            return info
        visits = self._dental_visits(patient)
        debt = False
        if self.env["account.move"].has_access("read"):
            amount = patient._dental_money_figures(companies=company).get(patient.id, {}).get("debt", 0.0)
            debt = format_amount(self.env, amount, company.currency_id)
        partner = patient.partner_id
        partner.fetch(["name", "category_id"])  # these two only, not the partner's every column
        info["patient"] = {
            "id": patient.id,
            "partner_id": partner.id,
            "name": partner.name,
            "tags": partner.category_id.mapped("name"),
            "last_visit": patient.last_visit_date and fields.Date.to_string(patient.last_visit_date),
            "next_visit": visits["next_start"]
            and {
                "start": fields.Datetime.to_string(visits["next_start"]),
                "doctor": visits["doctor_id"] and [visits["doctor_id"], visits["doctor_name"]],
            },
            "last_reminder": visits["last_reminder"] and fields.Date.to_string(visits["last_reminder"]),
            "debt": debt,
        }
        return info

    @api.model
    def _dental_visits(self, patient):
        """The next booked visit (start, doctor) and the day of the last reminder of ``patient``, in one statement.

        Raw SQL instead of two searches through calendar's record rules (the lookup's budget is 20 ms): it runs
        only for a patient the user has just found under their own rules, and reads what the patient card shows
        them of that patient anyway (the next visit and its doctor, the reminders of the appointments)."""
        self.env["calendar.event"].flush_model(
            ["patient_id", "start", "dental_state", "doctor_id", "active", "dental_reminder_date"]
        )
        self.env.cr.execute(
            SQL(
                """
            SELECT nxt.start, nxt.doctor_id, doctor.name,
                   (SELECT max(e.dental_reminder_date) FROM calendar_event e WHERE e.patient_id = %(patient)s)
              FROM (SELECT 1) one
              LEFT JOIN LATERAL (
                    SELECT e.start, e.doctor_id FROM calendar_event e
                     WHERE e.patient_id = %(patient)s AND e.active AND e.start >= %(now)s
                       AND e.dental_state IN ('scheduled', 'confirmed')
                     ORDER BY e.start LIMIT 1
                   ) nxt ON TRUE
              LEFT JOIN hr_employee doctor ON doctor.id = nxt.doctor_id
                """,
                patient=patient.id,
                now=fields.Datetime.now(),
            )
        )
        next_start, doctor_id, doctor_name, last_reminder = self.env.cr.fetchone()
        return {
            "next_start": next_start,
            "doctor_id": doctor_id,
            "doctor_name": doctor_name,
            "last_reminder": last_reminder,
        }

    @api.model
    def _dental_normalize(self, number, company):
        if not number:
            return False
        if E164.fullmatch(number):
            return number  # the PBX's or our stored form: no parsing
        return self.env["dental.patient"]._normalize_phone(number, company) or number

    @api.model
    def _dental_find_patient(self, number, company):
        """The patient with ``number`` (any of their phones) visible in ``company``; the last created wins."""
        digits = identifiers.digits_only(self._dental_normalize(number, company) or "")
        if len(digits) < 5:
            return self.env["dental.patient"]
        patients = self.env["dental.patient"].search_fetch(
            [("phone_digits", "ilike", digits), ("company_id", "in", [False, *self._dental_company_chain(company)])],
            ["phone_digits", "partner_id", "last_visit_date", "company_id"],
            order="id desc",
            limit=5,
        )
        # the trigram index finds the digits anywhere: keep a whole number only
        return patients.filtered(lambda patient: digits in (patient.phone_digits or "").split())[:1]

    @api.model
    def _dental_company_chain(self, company):
        """Ids of ``company`` and its parents (whose patients it sees), without reading the parents: a branch's
        registrar may not read the head office."""
        company.fetch(["parent_path", "currency_id"])  # only these (the debt reads the currency), not every column
        return [int(part) for part in (company.parent_path or f"{company.id}/").split("/") if part]

    @api.model
    def _dental_find_lead(self, number, company):
        e164 = self._dental_normalize(number, company)
        if not e164:
            return self.env["crm.lead"]
        return self.env["crm.lead"].search(
            [("phone_sanitized", "=", e164), ("company_id", "in", [False, company.id]), ("is_dental_lead", "=", True)],
            order="id desc",
            limit=1,
        )

    # ------------------------------------------------------------------ webhooks (as superuser)
    @api.model
    def _dental_apply_event(self, account, event):
        """Create or update the call of ``event`` (a ``tools.pbx.CallEvent``). Repeated events change nothing:
        the status never goes back, the missed-call SMS and the popup are sent once."""
        call = self.search([("account_id", "=", account.id), ("external_id", "=", event.external_id)], limit=1)
        if call:
            # two deliveries of one call's events at once: the second waits for the first (row lock)
            self.env.cr.execute(SQL("SELECT id FROM dental_call WHERE id = %s FOR UPDATE", call.id))
            call.invalidate_recordset()
            vals = call._dental_event_vals(event)
            if vals:
                call.write(vals)
        else:
            vals = self._dental_event_vals(event)
            vals.update(account_id=account.id, external_id=event.external_id, company_id=account.company_id.id)
            vals.setdefault("start", event.at or fields.Datetime.now())
            vals.setdefault("direction", event.direction or "in")
            call = self.create(vals)
            call._dental_link_contacts()
            if call.direction == "in" and call.status in ("ringing", "in_progress"):
                call._dental_notify_front_desk()
        if event.recording_url or (event.recording_ref and not call.recording_url):
            call._dental_store_recording(event)
        call._dental_missed_call_sms()
        return call

    def _dental_event_vals(self, event):
        """The values ``event`` adds to the call (``self`` empty for a new call)."""
        company = self.company_id or self.env.company
        vals = {}
        if not self:
            if event.caller:
                vals["caller_number"] = self._dental_normalize(event.caller, company)
            if event.called:
                vals["called_number"] = event.called
            if event.direction:
                vals["direction"] = event.direction
        if event.extension and not self.extension:
            vals["extension"] = event.extension
        extension = event.extension or self.extension
        if extension and not self.user_id and event.kind in (pbx.ANSWER, pbx.END) and event.answered is not False:
            user = self.env["res.users"].search(
                [("dental_pbx_extension", "=", extension), ("company_ids", "in", company.id)], limit=1
            )
            if user:
                vals["user_id"] = user.id
        rank = STATUS_RANK[self.status] if self else -1
        if event.kind == pbx.START:
            if rank < 0:
                vals["status"] = "ringing"
                vals["start"] = event.at or fields.Datetime.now()
        elif event.kind == pbx.ANSWER:
            if rank < 1:
                vals["status"] = "in_progress"
            if not self.answer_time:
                vals["answer_time"] = event.answer_at or event.at or fields.Datetime.now()
        elif event.kind == pbx.END and rank < 2:
            vals["status"] = "answered" if event.answered else "missed"
            vals["end_time"] = event.at or fields.Datetime.now()
            if event.answered and event.answer_at and not self.answer_time:
                vals["answer_time"] = event.answer_at
            if event.duration is not None:
                vals["duration"] = event.duration
            if not self:
                vals["start"] = event.at or fields.Datetime.now()
        if not self and event.kind in (pbx.ANSWER, pbx.RECORDING):
            vals.setdefault("status", "in_progress" if event.kind == pbx.ANSWER else "answered")
        return vals

    def _dental_store_recording(self, event):
        self.ensure_one()
        sudo_call = self.sudo()
        if event.recording_url and sudo_call.recording_url != event.recording_url:
            sudo_call.recording_url = event.recording_url
        elif event.recording_ref and not sudo_call.recording_url:
            url = self.account_id._dental_recording_url(self, event.recording_ref)
            sudo_call.write({"recording_ref": event.recording_ref, "recording_url": url or False})

    @api.model
    def _cron_recording_links(self, days=2, limit=200):
        """Ask the PBX again for the recording links it did not give when the call ended (Beeline's service was
        down, the recording not ready yet): calls of the last ``days`` with a recording reference and no link.
        A link still not given is asked again at the next run, until the calls are older than ``days``."""
        since = fields.Datetime.now() - timedelta(days=days)
        calls = self.search(
            [("recording_ref", "!=", False), ("recording_url", "=", False), ("start", ">=", since)],
            order="start desc",
            limit=limit,
        )
        for call in calls:
            url = call.account_id._dental_recording_url(call, call.recording_ref)
            if url:
                call.recording_url = url
        return calls.filtered("recording_url")

    def _dental_link_contacts(self):
        """Link each new call to the patient (or else the open dental lead) of its number."""
        for call in self.filtered("caller_number"):
            patient = call._dental_find_patient(call.caller_number, call.company_id)
            if patient:
                call.patient_id = patient
            else:
                call.lead_id = call._dental_find_lead(call.caller_number, call.company_id)

    # ------------------------------------------------------------------ front desk popup
    def _dental_front_desk_users(self):
        """Who is told of an incoming call: the branch's registrars (Directors are registrars too)."""
        self.ensure_one()
        return self.env["res.users"].search(
            [
                ("share", "=", False),
                ("company_ids", "in", self.company_id.id),
                ("groups_id", "in", self.env.ref("dental_patient.group_registrar").id),
            ]
        )

    def _dental_notify_front_desk(self):
        """One bus notification to each front desk user's own channel (their partner), sent on commit."""
        self.ensure_one()
        payload = {"call_id": self.id, "number": self.caller_number or "", "company_id": self.company_id.id}
        self._dental_front_desk_users().partner_id._bus_send(INCOMING_CALL, payload)

    # ------------------------------------------------------------------ missed-call SMS
    def _dental_missed_call_sms(self):
        """The branch's SMS after a missed incoming call, once per call: through dental_sms's hook for a known
        patient, on the call itself (SMS to the number) otherwise. Queued, sent by the SMS queue."""
        for call in self:
            account = call.account_id
            if (
                call.status != "missed"
                or call.direction != "in"
                or call.missed_sms_sent
                or not call.caller_number
                or not account.missed_call_sms
                or not account.missed_call_template_id
            ):
                continue
            template = account.missed_call_template_id
            call.missed_sms_sent = True
            if call.patient_id:
                call.patient_id._dental_send_message(template=template, record=call)
            else:
                body = template._render_field("body", call.ids, compute_lang=True)[call.id]
                call._message_sms(body, sms_numbers=[call.caller_number], put_in_queue=True)
