import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round

from odoo.addons.dental_patient.tools.lang import in_russian

from ..tools.atol import AtolRefused, AtolUnreachable

_logger = logging.getLogger(__name__)

PAYMENT_TYPES = {"cash": 0, "card": 1, "bank": 1, "electronic": 1}  # ATOL: 0 cash, 1 electronic
OPERATIONS = [
    ("sell", "Sale"),
    ("sell_refund", "Sale Refund"),
    ("sell_correction", "Sale Correction"),
    ("sell_refund_correction", "Refund Correction"),
]
VATS = [("none", "Without VAT"), ("vat0", "VAT 0%"), ("vat10", "VAT 10%"), ("vat20", "VAT 20%")]
PAYMENT_KINDS = [("cash", "Cash"), ("electronic", "Electronic")]
STATES = [
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("wait", "Registered, Awaiting Fiscalisation"),
    ("done", "Fiscalised"),
    ("failed", "Failed"),
]


class DentalRuFiscalReceipt(models.Model):
    """A 54-ФЗ receipt of a patient's payment or refund, sent by the queue cron to the branch's cloud register.

    Sending, and what a restart in the middle of it leaves (the same guarantees as dental_sms's queue;
    the queue itself is dental_patient's ``dental.outbound.queue.mixin``):
    1. the cron claims queued receipts (``FOR UPDATE SKIP LOCKED``), freezes their request body with its
       ``external_id``, marks them ``sending`` and commits;
    2. it calls the register and writes the answer (``wait`` with the uuid, a refusal, or back to the queue when
       the register could not be reached) and commits;
    3. it polls the reports of the ``wait`` receipts and writes their fiscal attributes.
    A receipt found in ``sending`` by a later run is sent again with the same body and ``external_id``: ATOL
    (and Evotor's cloud register, speaking its protocol) registers a document once per ``external_id`` and answers a repeat with the uuid of the first (error 33), so a
    receipt is neither lost nor printed twice. After a refusal (nothing printed) a retry gets a new external id.
    """

    _name = "dental.ru.fiscal.receipt"
    _inherit = ["dental.outbound.queue.mixin"]
    _description = "Fiscal Receipt (54-FZ)"
    _order = "id desc"
    _rec_name = "external_id"
    _check_company_auto = True

    payment_id = fields.Many2one(
        "account.payment", string="Payment", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True)
    register_id = fields.Many2one("dental.ru.cash.register", string="Cash Register", required=True, check_company=True)
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    state = fields.Selection(STATES, required=True, default="queued", readonly=True, index=True)
    external_id = fields.Char(string="External ID", readonly=True, copy=False, index=True)
    generation = fields.Integer(readonly=True, copy=False, help="How many times a refused receipt was sent anew.")
    amount = fields.Monetary(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    request_body = fields.Json(readonly=True, copy=False, help="The body sent, identical on every re-send.")
    uuid = fields.Char(string="Register UUID", readonly=True, copy=False)
    error_code = fields.Integer(readonly=True, copy=False)
    error_text = fields.Char(string="Reason", readonly=True, copy=False)
    refused = fields.Boolean(readonly=True, copy=False, help="The register refused it: nothing was printed.")
    attempts = fields.Integer(readonly=True, copy=False)
    next_try = fields.Datetime(readonly=True, copy=False, index=True)
    # fiscal attributes of the printed receipt
    fn_number = fields.Char(string="FN", readonly=True, copy=False, help="Fiscal drive number (ФН).")
    fiscal_document_number = fields.Char(string="FD", readonly=True, copy=False, help="Fiscal document number (ФД).")
    fiscal_document_attribute = fields.Char(
        string="FPD", readonly=True, copy=False, help="Fiscal attribute of the document (ФПД)."
    )
    fiscal_receipt_number = fields.Char(string="Receipt No.", readonly=True, copy=False)
    shift_number = fields.Char(string="Shift", readonly=True, copy=False)
    receipt_datetime = fields.Char(string="Printed At", readonly=True, copy=False)
    registration_number = fields.Char(string="Register No.", readonly=True, copy=False)
    # correction receipts
    correction_type = fields.Selection(
        [("self", "On Own Initiative"), ("instruction", "By Tax Authority Order")], readonly=True
    )
    correction_base_date = fields.Date(readonly=True)
    correction_base_number = fields.Char(readonly=True)
    correction_vat = fields.Selection(VATS, string="Correction VAT", readonly=True)
    correction_payment = fields.Selection(PAYMENT_KINDS, string="Correction Payment Method", readonly=True)

    _sql_constraints = [("external_id_unique", "UNIQUE(external_id)", "A receipt's external id is unique.")]

    @api.constrains("operation", "correction_type", "correction_base_date", "correction_base_number", "amount")
    def _check_correction(self):
        today = fields.Date.context_today(self)
        for receipt in self.filtered(lambda r: r.operation.endswith("correction")):
            if not receipt.correction_type or not receipt.correction_base_date:
                raise ValidationError(_("A correction receipt needs its type and basis."))
            if not (receipt.correction_base_number or "").strip():
                raise ValidationError(_("A correction receipt needs the number of its basis document."))
            if receipt.correction_base_date > today:
                raise ValidationError(_("The basis document of a correction cannot be dated in the future."))
            if receipt.amount <= 0:
                raise ValidationError(_("The amount of a correction receipt must be positive."))

    @api.model_create_multi
    def create(self, vals_list):
        receipts = super().create(vals_list)
        for receipt in receipts:
            receipt.external_id = receipt._dental_external_id()
        # sudo: whoever posts the payment wakes the queue cron
        self.env.ref("dental_ru.ir_cron_dental_ru_receipts").sudo()._trigger()
        return receipts

    # ------------------------------------------------------------------ actions
    def action_retry(self):
        """Registrar: send a failed receipt again (after fixing the reason, e.g. the patient's e-mail).

        Staff only read receipts (a state written over RPC would fake a fiscalisation): this action is the one
        change they make, checked here, then done as superuser."""
        self.check_access("read")
        if not self.env.user.has_group("dental_patient.group_registrar"):
            raise AccessError(_("Only the cash desk staff can send a receipt again."))
        for receipt in self:
            if receipt.state != "failed":
                raise UserError(_("Only a failed receipt can be sent again."))
        # sudo: the queue's fields are the cron's; the registrar's right to the receipt is checked above
        for receipt in self.sudo():
            vals = {"state": "queued", "attempts": 0, "next_try": False, "error_code": 0, "error_text": False}
            if receipt.refused:
                # nothing was printed: a new document, a new external id (ATOL keeps the refused one)
                vals.update(generation=receipt.generation + 1, request_body=False, refused=False, uuid=False)
            receipt.write(vals)
            if "generation" in vals:
                receipt.external_id = receipt._dental_external_id()
        self.env.ref("dental_ru.ir_cron_dental_ru_receipts").sudo()._trigger()
        return True

    # ------------------------------------------------------------------ body
    def _dental_external_id(self):
        self.ensure_one()
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        suffix = f"-{self.generation}" if self.generation else ""
        return f"dental-{dbuuid}-{self.id}{suffix}"

    def _dental_client_contact(self, required=True):
        """E-mail or phone of the payer (54-ФЗ: the receipt is sent to the buyer); without one, an error or, when not
        ``required``, None."""
        self.ensure_one()
        partner = (self.payment_id.dental_payer_id.partner_id or self.payment_id.partner_id).sudo()
        if partner.email:
            return {"email": partner.email.strip()}
        phone = partner.phone_sanitized or partner.mobile or partner.phone
        if phone:
            digits = "".join(c for c in phone if c.isdigit())
            return {"phone": f"+{digits}"}
        if not required:
            return None
        raise UserError(_("The payer %s has neither an e-mail nor a phone for the receipt.", partner.name))

    def _dental_payment_method(self):
        """Payment method attribute (признак способа расчёта): a prepayment is an advance, a payment settles."""
        self.ensure_one()
        return "advance" if self.payment_id.dental_kind in ("deposit", "refund") else "full_payment"

    def _dental_items(self, vat=None):
        """One service item for the amount (the receipt names what was paid for)."""
        self.ensure_one()
        payment = self.payment_id
        if payment.dental_kind in ("deposit", "refund"):
            name = _("Prepayment for dental services")
        else:
            invoices = payment.sudo().reconciled_invoice_ids
            name = _("Dental services")
            if invoices:
                name = _("Dental services, invoice %s", ", ".join(invoices.mapped("name")))
        amount = float_round(self.amount, 2)
        return [
            {
                "name": name[:128],
                "price": amount,
                "quantity": 1.0,
                "sum": amount,
                "measurement_unit": _("service"),
                "payment_method": self._dental_payment_method(),
                "payment_object": "service",
                "vat": {"type": vat or self.register_id.vat},
            }
        ]

    def _dental_company_block(self):
        """The seller: ATOL v4 requires its e-mail on a receipt (tag 1117, ``company.email``): the register's, else
        the branch's."""
        register = self.register_id
        email = (register.email or self.company_id.email or "").strip()
        if not email:
            raise UserError(
                _("Neither the cash register %s nor its branch has an e-mail for the receipt.", register.name)
            )
        return {
            "email": email,
            "sno": register.taxation,
            "inn": register.inn,
            "payment_address": register.payment_address,
        }

    def _dental_request_body(self):
        """The request of this receipt in the register's API (built as ATOL v4, adapted by the provider's client)."""
        self.ensure_one()
        client = self.register_id._dental_client()
        now = fields.Datetime.context_timestamp(
            self.with_context(tz=self.company_id._dental_tz()), fields.Datetime.now()
        )
        kind = self.correction_payment or self.payment_id.dental_payment_kind
        payments = [{"type": PAYMENT_TYPES.get(kind, 1), "sum": float_round(self.amount, 2)}]
        body = {"timestamp": client.format_timestamp(now), "external_id": self.external_id}
        if self.operation.endswith("correction"):
            vat = self.correction_vat or self.register_id.vat
            body["correction"] = {
                "company": self._dental_company_block(),
                "correction_info": {
                    "type": self.correction_type,
                    "base_date": self.correction_base_date.strftime("%d.%m.%Y"),
                    "base_number": self.correction_base_number or "",
                    # tag 1177, required by ATOL v4 (ФФД 1.05); ФФД 1.2 has no such tag (dropped by the v5 client)
                    "base_name": _("Correction of payment %s", self.payment_id.name)[:256],
                },
                "items": self._dental_items(vat=vat),
                "payments": payments,
                "vats": [{"type": vat, "sum": self._dental_vat_sum(vat)}],
                "total": float_round(self.amount, 2),
            }
            contact = self._dental_client_contact(required=False)  # optional on a correction
            if contact:
                body["correction"]["client"] = contact
        else:
            body["receipt"] = {
                "client": self._dental_client_contact(),
                "company": self._dental_company_block(),
                "items": self._dental_items(),
                "payments": payments,
                "total": float_round(self.amount, 2),
            }
        return client.adapt_body(body)

    def _dental_vat_sum(self, vat=None):
        """``vats[].sum`` of a correction: the VAT in the amount at 10 % or 20 % (tags 1103, 1102); "без НДС" and
        0 % carry the amount itself (tags 1105, 1104: the settlement's amount without VAT, at 0 %)."""
        rates = {"vat10": 10, "vat20": 20}
        rate = rates.get(vat or self.register_id.vat)
        if not rate:
            return float_round(self.amount, 2)
        return float_round(self.amount * rate / (100 + rate), 2)

    # ------------------------------------------------------------------ queue
    @api.model
    def _dental_queue_after_send(self, auto_commit):
        """Poll the registered receipts."""
        for receipt in self.search([("state", "=", "wait")], limit=self._dental_queue_batch_size * 4):
            receipt._dental_poll()
            self._dental_commit(auto_commit)

    def _dental_queue_body(self):
        # a receipt is a Russian document: its texts in Russian when the database has it
        return in_russian(self)._dental_request_body()

    def _dental_fail_body(self, error):
        self._dental_fail(str(error), refused=True)

    def _dental_send(self):
        self.ensure_one()
        client = self.register_id._dental_client()
        try:
            result = client.register(self.operation, self.request_body)
        except AtolUnreachable as error:
            self._dental_postpone(str(error))
            return
        except AtolRefused as error:
            self._dental_postpone(_("the register refused the credentials (%s)", error))
            return
        finally:
            self.register_id._dental_keep_token(client)
        if result.status == "fail" and not result.duplicate:
            _logger.info("Receipt %s refused: %s %s", self.external_id, result.error_code, result.error_text)
            self._dental_fail(result.error_text, code=result.error_code, refused=True, uuid=result.uuid)
            return
        self.write({"state": "wait", "uuid": result.uuid, "attempts": self.attempts + 1, "next_try": False})
        if result.status == "done":
            self._dental_poll()

    def _dental_poll(self):
        self.ensure_one()
        client = self.register_id._dental_client()
        try:
            result = client.report(self.uuid)
        except (AtolUnreachable, AtolRefused):
            return  # asked again at the next run
        finally:
            self.register_id._dental_keep_token(client)
        if result.status == "done":
            payload = result.payload
            self.write(
                {
                    "state": "done",
                    "fn_number": payload.get("fn_number"),
                    "fiscal_document_number": str(payload.get("fiscal_document_number") or ""),
                    "fiscal_document_attribute": str(payload.get("fiscal_document_attribute") or ""),
                    "fiscal_receipt_number": str(payload.get("fiscal_receipt_number") or ""),
                    "shift_number": str(payload.get("shift_number") or ""),
                    "receipt_datetime": payload.get("receipt_datetime"),
                    "registration_number": payload.get("ecr_registration_number"),
                    "error_text": False,
                }
            )
        elif result.status == "fail":
            self._dental_fail(result.error_text, code=result.error_code, refused=True)

    def _dental_fail_unreachable(self, reason):
        self._dental_fail(_("The cash register could not be reached (%s).", reason), refused=False)

    def _dental_fail(self, reason, code=0, refused=False, uuid=None):
        vals = {"state": "failed", "error_text": reason or _("Unknown error"), "error_code": code or 0}
        vals["refused"] = refused
        if uuid:
            vals["uuid"] = uuid
        self.write(vals)
