import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round

from ..tools.financing import FinancingUnreachable

_logger = logging.getLogger(__name__)

MIN_MONTHS, MAX_MONTHS = 3, 24
SETTINGS_ERRORS = frozenset({"http_401", "http_403", "unauthorized", "forbidden"})
STATES = [
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("registered", "Registered"),
    ("accepted", "Accepted by the Patient"),
    ("paid", "Paid"),
    ("to_cancel", "Cancelling"),
    ("cancelled", "Cancelled"),
    ("refused", "Refused"),
    ("failed", "Failed"),
]
# how far along a registration is: a callback never moves it back (callbacks may come late or out of order)
RANK = {"queued": 0, "sending": 0, "failed": 0, "registered": 1, "accepted": 2, "to_cancel": 3}
FINAL = ("paid", "cancelled", "refused")
ACTIVE = ("queued", "sending", "registered", "accepted", "to_cancel")


class DentalSeFinancingRequest(models.Model):
    """A patient invoice registered with the branch's financing provider, and what became of it.

    Sending, and what a restart in the middle of it leaves (the guarantees of dental_ru's receipt queue,
    both dental_patient's ``dental.outbound.queue.mixin``):
    1. the cron claims queued registrations (``FOR UPDATE SKIP LOCKED``), freezes their body with its
       ``external_id``, marks them ``sending`` and commits;
    2. it calls the provider and writes the answer (``registered`` with the provider's id, a refusal, or back to the
       queue with a backoff when the provider could not be reached) and commits.
    A registration found in ``sending`` by a later run is sent again with the same body and ``external_id``: the
    provider keeps one invoice per ``external_id`` and answers a repeat with the one it has, so an invoice is never
    registered twice. Callbacks (controllers/main.py) move it on: accepted (the patient's plan), paid (the payment
    is registered in Odoo), cancelled or refused; each callback is applied once per event id.
    """

    _name = "dental.se.financing.request"
    _inherit = ["dental.outbound.queue.mixin"]
    _description = "Invoice Financing Registration"
    _order = "id desc"
    _rec_name = "external_id"
    _check_company_auto = True
    _dental_queue_logger = _logger
    _dental_queue_label = "Financing registration"

    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True)
    provider_id = fields.Many2one(
        "dental.se.financing.provider", string="Provider", required=True, check_company=True, ondelete="restrict"
    )
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True, index=True)
    state = fields.Selection(STATES, required=True, default="queued", readonly=True, index=True)
    external_id = fields.Char(string="External ID", readonly=True, copy=False, index=True)
    generation = fields.Integer(readonly=True, copy=False, help="How many times a refused invoice was sent anew.")
    amount = fields.Monetary(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    request_body = fields.Json(readonly=True, copy=False, help="The body sent, identical on every re-send.")
    reference = fields.Char(string="Provider Reference", readonly=True, copy=False, index=True)
    plan = fields.Selection(
        [("invoice", "Pay within the Free Period"), ("instalments", "Instalments")],
        string="Patient's Choice",
        readonly=True,
    )
    months = fields.Integer(string="Instalment Months", readonly=True)
    error_code = fields.Char(readonly=True, copy=False)
    error_text = fields.Char(string="Reason", readonly=True, copy=False)
    attempts = fields.Integer(readonly=True, copy=False)
    next_try = fields.Datetime(readonly=True, copy=False, index=True)
    cancel_reason = fields.Char(readonly=True, copy=False)
    payment_id = fields.Many2one("account.payment", string="Provider Payment", readonly=True, copy=False)
    event_ids = fields.One2many("dental.se.financing.event", "request_id", string="Callbacks", readonly=True)

    _sql_constraints = [("external_id_unique", "UNIQUE(external_id)", "A registration's external id is unique.")]

    @api.constrains("plan", "months")
    def _check_months(self):
        for request in self:
            if request.plan == "instalments" and not MIN_MONTHS <= request.months <= MAX_MONTHS:
                raise ValidationError(
                    _("Instalments run from %(min)s to %(max)s months.", min=MIN_MONTHS, max=MAX_MONTHS)
                )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        for request in requests:
            request.external_id = request._dental_external_id()
        self._dental_trigger()
        return requests

    # ------------------------------------------------------------------ actions
    def action_retry(self):
        """Front desk: send a failed or refused registration again (after fixing the reason, e.g. the patient's
        personal identity number). Staff only read registrations: this is their one change, checked here."""
        self.check_access("read")
        self.move_id.check_access("write")
        if not self.env.user.has_group("dental_patient.group_registrar"):
            raise AccessError(_("Only the front desk can send an invoice to the financing provider again."))
        for request in self:
            if request.state not in ("failed", "refused"):
                raise UserError(_("Only a failed or refused registration can be sent again."))
        # sudo: the queue's fields are the cron's; the caller's right to the invoice is checked above
        for request in self.sudo():
            vals = {"state": "queued", "attempts": 0, "next_try": False, "error_code": False, "error_text": False}
            if request.state == "refused":
                # the provider refused it: a new invoice at the provider, a new external id
                vals.update(generation=request.generation + 1, request_body=False, reference=False)
            request.write(vals)
            if "generation" in vals:
                request.external_id = request._dental_external_id()
        self._dental_trigger()
        return True

    # ------------------------------------------------------------------ body
    def _dental_external_id(self):
        self.ensure_one()
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        suffix = f"-{self.generation}" if self.generation else ""
        return f"dental-se-{dbuuid}-{self.id}{suffix}"

    def _dental_customer(self):
        """The patient as the provider identifies them: the personal identity number first."""
        self.ensure_one()
        patient = self.patient_id.sudo()
        if not patient.se_personal_id:
            raise UserError(
                _("The patient %s has no personal identity number (personnummer) for the provider.", patient.name)
            )
        partner = patient.partner_id
        return {
            "personal_id": "".join(c for c in patient.se_personal_id if c.isdigit()),
            "first_name": patient.first_name or "",
            "last_name": patient.last_name or "",
            "phone": partner.phone_sanitized or partner.mobile or partner.phone or "",
            "email": partner.email or "",
        }

    def _dental_request_body(self):
        """The provider's request of this registration (prepared by the cron, as superuser)."""
        self.ensure_one()
        move = self.move_id.sudo()
        due = move.invoice_date + timedelta(days=self.provider_id.due_days)
        return {
            "external_id": self.external_id,
            "invoice_number": move.name,
            "invoice_date": fields.Date.to_string(move.invoice_date),
            "due_date": fields.Date.to_string(due),
            "amount": float_round(self.amount, 2),
            "currency": self.currency_id.name,
            "customer": self._dental_customer(),
            "lines": [
                {"description": line.name or "", "quantity": line.quantity, "amount": float_round(line.price_total, 2)}
                for line in move.invoice_line_ids.filtered(lambda ln: ln.display_type == "product")
            ],
            "plans": {"free_days": self.provider_id.due_days, "instalment_months": [MIN_MONTHS, MAX_MONTHS]},
            "callback_url": self.provider_id.callback_url,
        }

    # ------------------------------------------------------------------ queue
    @api.model
    def _dental_trigger(self):
        # sudo: whoever registers an invoice or takes a payment wakes the queue cron
        self.env.ref("dental_se.ir_cron_dental_se_financing").sudo()._trigger()

    @api.model
    def _dental_queue_after_send(self, auto_commit):
        """Cancel at the provider the invoices paid at the clinic."""
        self._dental_mark_paid_elsewhere()
        self._dental_commit(auto_commit)
        for request in self.search([("state", "=", "to_cancel")], limit=self._dental_queue_batch_size * 4):
            request._dental_cancel()
            self._dental_commit(auto_commit)

    def _dental_fail_body(self, error):
        self._dental_fail(str(error), code="missing_data", state="refused")

    def _dental_send(self):
        self.ensure_one()
        try:
            result = self.provider_id._dental_client().register(self.request_body)
        except FinancingUnreachable as error:
            self._dental_postpone(str(error))
            return
        if not result.ok and result.error_code in SETTINGS_ERRORS:
            self._dental_postpone(_("the provider refused the credentials (%s)", result.error_text))
            return
        if not result.ok:
            _logger.info("Financing registration %s refused: %s", self.external_id, result.error_code)
            self._dental_fail(result.error_text, code=result.error_code, state="refused")
            return
        self.write(
            {
                "state": "registered",
                "reference": result.reference,
                "attempts": self.attempts + 1,
                "next_try": False,
                "error_code": False,
                "error_text": False,
            }
        )
        self._dental_notify("registered")

    @api.model
    def _dental_mark_paid_elsewhere(self):
        """Registered invoices paid at the clinic (or no longer posted) are to be cancelled at the provider."""
        requests = self.search([("state", "in", ("registered", "accepted"))])
        paid = requests.filtered(
            lambda r: r.move_id.state != "posted" or r.move_id.payment_state in ("paid", "in_payment", "reversed")
        )
        for request in paid:
            reason = "paid_at_clinic" if request.move_id.state == "posted" else "invoice_cancelled"
            request.write({"state": "to_cancel", "cancel_reason": reason})

    def _dental_cancel(self):
        """Cancel at the provider (idempotent there: a repeat after a restart is harmless)."""
        self.ensure_one()
        try:
            result = self.provider_id._dental_client().cancel(self.reference, self.cancel_reason or "paid_at_clinic")
        except FinancingUnreachable as error:
            self.error_text = _("The provider could not be reached to cancel (%s).", error)
            return
        if result.ok or result.error_code == "already_cancelled":
            self.write({"state": "cancelled", "error_code": False, "error_text": False})
            return
        # e.g. the patient already paid the provider: the clinic refunds one of the two payments by hand
        self._dental_fail(
            _("The provider refused to cancel: %s", result.error_text), code=result.error_code, state="failed"
        )

    def _dental_fail_unreachable(self, reason):
        self._dental_fail(_("The financing provider could not be reached (%s).", reason), code="unreachable")

    def _dental_fail(self, reason, code=False, state="failed"):
        self.write({"state": state, "error_text": reason or _("Unknown error"), "error_code": code or False})
        if state == "refused":
            self._dental_notify("refused")

    # ------------------------------------------------------------------ callbacks
    def _dental_apply_event(self, event_type, payload):
        """Apply a provider callback (already authenticated and deduplicated). Returns what was done:
        ``applied`` or ``ignored`` (an event that would move the registration back)."""
        self.ensure_one()
        new_state = {
            "invoice.registered": "registered",
            "invoice.accepted": "accepted",
            "invoice.paid": "paid",
            "invoice.cancelled": "cancelled",
            "invoice.refused": "refused",
        }.get(event_type)
        if not new_state:
            return "ignored"
        if self.state in FINAL or RANK.get(new_state, 9) <= RANK.get(self.state, 0):
            return "ignored"
        vals = {"state": new_state}
        if payload.get("invoice_id") and not self.reference:
            vals["reference"] = payload["invoice_id"]
        if new_state == "accepted":
            plan = payload.get("plan") or {}
            if plan.get("type") == "instalments":
                vals.update(plan="instalments", months=int(plan.get("months") or 0))
            else:
                vals.update(plan="invoice", months=0)
        if new_state == "refused":
            reason = payload.get("reason") or {}
            vals.update(error_code=reason.get("code") or "refused", error_text=reason.get("message") or "")
        self.write(vals)
        if new_state == "paid":
            self._dental_register_payment(payload)
        self._dental_notify(new_state)
        return "applied"

    def _dental_register_payment(self, payload):
        """The provider paid the invoice: its payment into the payout journal, reconciled with the invoice."""
        self.ensure_one()
        move = self.move_id
        amount = min(float(payload.get("amount") or self.amount), move.amount_residual)
        if move.state != "posted" or move.currency_id.is_zero(amount):
            # paid at the clinic too (the cancel had not reached the provider yet): the patient paid twice
            self.error_text = _("The invoice was also paid at the clinic: refund the patient one of the two payments.")
            return
        try:
            with self.env.cr.savepoint():
                wizard = (
                    self.env["account.payment.register"]
                    .with_context(active_model="account.move", active_ids=move.ids)
                    .create(
                        {
                            "journal_id": self.provider_id.journal_id.id,
                            "amount": amount,
                            "payment_date": self.company_id._dental_today(),
                            "communication": _(
                                "%(invoice)s paid through %(provider)s",
                                invoice=move.name,
                                provider=self.provider_id.name,
                            ),
                        }
                    )
                )
                payment = wizard._create_payments()
        except (UserError, ValidationError) as error:
            self.error_text = _("The provider's payment could not be registered: %s", error)
            return
        self.write({"payment_id": payment[:1].id, "error_text": False})

    # ------------------------------------------------------------------ SMS
    def _dental_sms_text(self, state):
        """The status SMS to the patient, in the patient's language (empty: no SMS for this state)."""
        self.ensure_one()
        lang = self.patient_id.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        values = {"invoice": self.move_id.name, "clinic": self.company_id.name, "provider": self.provider_id.name}
        texts = {
            "registered": env._(
                "%(clinic)s: your invoice %(invoice)s is sent to %(provider)s. Pay within the free period or "
                "choose instalments there.",
                **values,
            ),
            "accepted": env._("%(clinic)s: your payment choice for invoice %(invoice)s is confirmed.", **values),
            "paid": env._("%(clinic)s: invoice %(invoice)s is paid. Thank you!", **values),
            "refused": env._(
                "%(clinic)s: %(provider)s could not take invoice %(invoice)s. Please contact the clinic.", **values
            ),
        }
        return texts.get(state, "")

    def _dental_notify(self, state):
        for request in self.filtered(lambda r: r.provider_id.send_sms and r.patient_id):
            text = request._dental_sms_text(state)
            if text:
                request.patient_id._dental_send_message(body=text, record=request.move_id)
