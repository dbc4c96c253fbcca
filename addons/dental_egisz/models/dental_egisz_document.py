import hashlib
import logging
import threading
import time as time_module
import uuid
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

from ..tools import remd, signer, validation
from ..tools.cda import build_protocol

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "Draft"),
    ("doctor_signed", "Signed by Doctor"),
    ("org_signed", "Signed by Organisation"),
    ("sent", "Sent"),
    ("registered", "Registered"),
    ("error", "Error"),
]
# What was sent is what is kept: none of these changes once the document left, by any path (superuser included).
CONTENT_FIELDS = {
    "document_type",
    "kind",
    "visit_record_id",
    "patient_id",
    "doctor_id",
    "company_id",
    "local_uid",
    "version",
    "xml_attachment_id",
    "xml_digest",
    "pdf_attachment_id",
    "doctor_signature_id",
    "doctor_signed_digest",
    "doctor_signed_by_id",
    "doctor_signed_date",
    "org_signature_id",
    "org_signed_digest",
    "org_signed_by_id",
    "org_signed_date",
    "sent_date",
    "message_id",
    "card_operation",
}
# The answer of РЭМД, written on a sent document by the callback only.
RESULT_FIELDS = {"state", "registration_number", "registration_date", "error_ids", "last_error"}
SENT_STATES = ("sent", "registered")
BATCH = 20


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class DentalEgiszDocument(models.Model):
    """A document for ЕГИСЗ: the СЭМД generated from a visit record, its signatures, its sending and registration.

    Every value is set by the document's actions (server code); a client reads it. Once sent, its content and
    attachments never change (``write``/``unlink`` and ``ir.attachment`` refuse it, the superuser included); only
    the answer of РЭМД is recorded.
    """

    _name = "dental.egisz.document"
    _description = "ЕГИСЗ Document"
    _inherit = ["mail.thread", "dental.server.fields.mixin"]
    _order = "deadline, id desc"
    _dental_server_fields = (
        "state",
        *sorted(CONTENT_FIELDS - {"document_type", "visit_record_id", "patient_id", "doctor_id", "company_id"}),
        "registration_number",
        "registration_date",
        "attempt_count",
        "next_attempt",
        "last_error",
        "deadline",
        # the regional ИЭМК exchange (dental_egisz_document_iemk.py)
        "iemk_state",
        "iemk_attempt_count",
        "iemk_next_attempt",
        "iemk_last_error",
        "iemk_sent_date",
        # the patient card (dental_egisz_document_patient_card.py)
        "card_operation",
    )
    _dental_accept_resent_values = True

    name = fields.Char(compute="_compute_name", store=True)
    document_type = fields.Selection(
        [("protocol", "Consultation Protocol"), ("patient", "Patient Card")],
        string="Type",
        required=True,
        default="protocol",
        index=True,
    )
    kind = fields.Char(
        string="СЭМД Kind",
        default="119",
        help="Code of НСИ 1.2.643.5.1.13.13.11.1520 (protocols; a patient card has none).",
    )
    visit_record_id = fields.Many2one("dental.visit.record", string="Visit Record", index=True, ondelete="restrict")
    patient_id = fields.Many2one("dental.patient", string="Patient", required=True, index=True, ondelete="restrict")
    # required for a protocol (_check_protocol_fields); a patient card has no doctor
    doctor_id = fields.Many2one("hr.employee", string="Doctor", index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True)
    state = fields.Selection(STATES, required=True, default="draft", index=True, tracking=True, readonly=True)
    local_uid = fields.Char(
        string="Document UID", required=True, readonly=True, copy=False, default=lambda self: str(uuid.uuid4())
    )
    version = fields.Integer(default=1, readonly=True)
    xml_attachment_id = fields.Many2one("ir.attachment", string="СЭМД", readonly=True, copy=False)
    xml_digest = fields.Char(readonly=True, copy=False)
    pdf_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Printed Protocol",
        readonly=True,
        copy=False,
        help="The visit record's PDF as it was when the СЭМД was sent, kept with it. The «Протокол консультации» "
        "is a structured document (the Schematron requires a structuredBody): the PDF is not embedded in it.",
    )
    doctor_signature_id = fields.Many2one("ir.attachment", string="Doctor's Signature", readonly=True, copy=False)
    doctor_signed_digest = fields.Char(readonly=True, copy=False)
    doctor_signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    doctor_signed_date = fields.Datetime(readonly=True, copy=False)
    org_signature_id = fields.Many2one("ir.attachment", string="Organisation's Signature", readonly=True, copy=False)
    org_signed_digest = fields.Char(readonly=True, copy=False)
    org_signed_by_id = fields.Many2one("res.users", string="Organisation Signed By", readonly=True, copy=False)
    org_signed_date = fields.Datetime(readonly=True, copy=False)
    sent_date = fields.Datetime(readonly=True, copy=False)
    message_id = fields.Char(readonly=True, copy=False)
    registration_number = fields.Char(readonly=True, copy=False, index="btree_not_null")
    registration_date = fields.Datetime(readonly=True, copy=False)
    attempt_count = fields.Integer(readonly=True, copy=False)
    next_attempt = fields.Datetime(readonly=True, copy=False, index="btree_not_null")
    last_error = fields.Char(readonly=True, copy=False)
    error_ids = fields.One2many("dental.egisz.document.error", "document_id", string="Errors", readonly=True)
    deadline = fields.Datetime(
        readonly=True, index=True, help="End of the working day after the visit (the branch's working calendar)."
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    _sql_constraints = [("local_uid_uniq", "unique(local_uid)", "A document UID is unique.")]

    @api.constrains("document_type", "doctor_id", "kind")
    def _check_protocol_fields(self):
        for document in self:
            if document.document_type == "protocol" and not (document.doctor_id and document.kind):
                raise ValidationError(_("A protocol has its doctor and its СЭМД kind."))

    @api.depends("document_type", "patient_id", "visit_record_id.date")
    def _compute_name(self):
        labels = dict(self._fields["document_type"]._description_selection(self.env))
        for document in self:
            date = document.visit_record_id.date
            document.name = " — ".join(
                part
                for part in (labels.get(document.document_type), document.patient_id.name, date and str(date))
                if part
            )

    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for document in self:
            document.is_overdue = bool(
                document.deadline and document.deadline < now and document.state not in SENT_STATES
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the overdue flag."))
        domain = [("deadline", "<", fields.Datetime.now()), ("state", "not in", SENT_STATES)]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self._dental_has_server_token():
            raise UserError(_("ЕГИСЗ documents are created from signed visit records."))
        return super().create(vals_list)

    def write(self, vals):
        sent = self.filtered("sent_date")
        if sent and set(vals) & CONTENT_FIELDS:
            # by any path: the superuser and the server token included
            raise UserError(_("The document %(name)s was sent to ЕГИСЗ: it cannot be changed.", name=sent[0].name))
        if not self.env.su and not self._dental_has_server_token() and set(vals) - MAIL_FIELDS:
            raise UserError(_("ЕГИСЗ documents are changed by their actions only (sign, send)."))
        errors = vals.pop("error_ids", None)
        res = super().write(vals) if vals else True
        if errors is not None:
            # the error list is written by the document's own actions (checked above): as superuser, so a doctor
            # needs no right on the error rows themselves
            super(DentalEgiszDocument, self.sudo()).write({"error_ids": errors})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(document.state != "draft" or document.sent_date for document in self):
            raise UserError(_("Only a draft ЕГИСЗ document can be deleted; a signed or sent one is kept."))

    # ------------------------------------------------------------ generation
    @api.model
    def _create_from_visit(self, record):
        """A draft protocol of the signed visit ``record`` with its СЭМД generated and validated."""
        calendar_deadline = self._deadline_for(record.company_id, record.date)
        document = self._dental_server().create(
            {
                "document_type": "protocol",
                "kind": "119",
                "visit_record_id": record.id,
                "patient_id": record.patient_id.id,
                "doctor_id": record.doctor_id.id,
                "company_id": record.company_id.id,
                "version": record.version,
                "deadline": calendar_deadline,
            }
        )
        document._generate()
        return document

    def _generate(self):
        """(Re)build the СЭМД; a changed document loses its signatures (it must be signed again)."""
        for document in self:
            if document.sent_date:
                raise UserError(_("The document %(name)s was sent to ЕГИСЗ: it cannot be changed.", name=document.name))
            data = document.visit_record_id._egisz_protocol_data(document)
            xml = build_protocol(data, document.kind)
            problems = validation.validate(xml, document.kind)
            digest = sha256(xml)
            server = document._dental_server()
            vals = {"error_ids": [(5, 0, 0)] + [
                (0, 0, {"source": "validation", "message": str(problem)}) for problem in problems
            ]}  # fmt: skip
            if digest != document.xml_digest:
                old = (
                    document.xml_attachment_id
                    | document.pdf_attachment_id
                    | document.doctor_signature_id
                    | document.org_signature_id
                )
                attachment = document._attach(f"semd_{document.kind}_{document.local_uid}.xml", xml, "application/xml")
                vals.update(
                    xml_attachment_id=attachment.id,
                    xml_digest=digest,
                    pdf_attachment_id=False,
                    doctor_signature_id=False,
                    doctor_signed_digest=False,
                    doctor_signed_by_id=False,
                    doctor_signed_date=False,
                    org_signature_id=False,
                    org_signed_digest=False,
                    org_signed_by_id=False,
                    org_signed_date=False,
                    state="draft",
                )
                server.write(vals)
                signed = old.filtered(lambda a: a.mimetype == "application/pkcs7-signature")
                old.sudo().unlink()  # the superseded XML and signatures of an unsent document
                if signed:
                    document.message_post(body=_("The document changed: it must be signed again."))
            else:
                server.write(vals)

    def _attach(self, name, data, mimetype):
        self.ensure_one()
        # attachments of the registry are its own: created as superuser, read through the document's access
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                    "company_id": self.company_id.id,
                }
            )
        )

    def _attach_pdf(self):
        """Render the visit record's PDF (dental_chart's report) and keep it with the document.

        Called from the sending queue, not in the doctor's request (rendering takes about a second).
        """
        self.ensure_one()
        report = self.env.ref("dental_chart.action_report_visit_record")
        # sudo: the queue renders the protocol of a document it sends; the PDF is kept with the document, read
        # through the document's access
        content, kind = report.sudo()._render_qweb_pdf(report.report_name, self.visit_record_id.ids)
        mimetype = "application/pdf" if kind == "pdf" else "text/html"  # HTML when tests skip wkhtmltopdf
        return self._attach(f"protocol_{self.local_uid}.{kind}", content, mimetype)

    @api.model
    def _deadline_for(self, company, day):
        """End of the first working day after ``day`` in ``company``'s working calendar (UTC, naive)."""
        calendar = company.resource_calendar_id
        tz = pytz.timezone(calendar.tz or company.partner_id.tz or "UTC")
        start = tz.localize(datetime.combine(day + timedelta(days=1), time.min))
        end = start + timedelta(days=31)
        intervals = calendar._work_intervals_batch(start, end, compute_leaves=True)[False] if calendar else []
        first = next(iter(intervals), None)
        work_day = first[0].date() if first else (day + timedelta(days=1))
        last_end = max(
            (stop for begin, stop, _meta in intervals if begin.date() == work_day),
            default=tz.localize(datetime.combine(work_day, time(23, 59, 59))),
        )
        return last_end.astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------ signing
    def _make_signer(self):
        company = self.company_id
        return signer.make_signer(
            company.egisz_signer or "command",
            command=company.egisz_signer_command or "",
            url=company.egisz_signer_url or "",
            timeout=company.egisz_timeout or 30.0,
        )

    def _sign_xml(self, thumbprint):
        xml = self.xml_attachment_id.sudo()._dental_content()
        if sha256(xml) != self.xml_digest:
            raise UserError(_("The stored СЭМД does not match its checksum: generate it again."))
        try:
            return self._make_signer().sign(xml, thumbprint)
        except signer.SignerError as error:
            raise UserError(_("The document could not be signed: %(reason)s", reason=str(error))) from error

    def action_sign_doctor(self):
        """The document's doctor signs it with their own certificate (detached CMS)."""
        self.ensure_one()
        user = self.env.user
        if not user.has_group("dental_patient.group_doctor") or user.employee_id != self.doctor_id:
            raise AccessError(_("Only the doctor of the document signs it as the doctor."))
        if self.state != "draft":
            raise UserError(_("Only a draft document is signed by the doctor."))
        self.check_access("read")
        self._check_ready()
        signature = self._sign_xml(self.doctor_id.sudo().egisz_thumbprint)
        attachment = self._attach(f"semd_{self.local_uid}.doctor.sig", signature, "application/pkcs7-signature")
        self._dental_server().write(
            {
                "doctor_signature_id": attachment.id,
                "doctor_signed_digest": self.xml_digest,
                "doctor_signed_by_id": user.id,
                "doctor_signed_date": fields.Datetime.now(),
                "state": "doctor_signed",
            }
        )
        return True

    def action_sign_organisation(self):
        """A director signs for the organisation; the document then waits in the sending queue."""
        self.ensure_one()
        if not self.env.user.has_group("dental_patient.group_director"):
            raise AccessError(_("The organisation's signature is given by a director."))
        if self.state != "doctor_signed":
            raise UserError(_("The organisation signs a document the doctor has signed."))
        self.check_access("read")
        if self.doctor_signed_digest != self.xml_digest:
            raise UserError(_("The document changed after the doctor signed it: the doctor must sign it again."))
        signature = self._sign_xml(self.company_id.egisz_org_thumbprint)
        attachment = self._attach(f"semd_{self.local_uid}.org.sig", signature, "application/pkcs7-signature")
        self._dental_server().write(
            {
                "org_signature_id": attachment.id,
                "org_signed_digest": self.xml_digest,
                "org_signed_by_id": self.env.uid,
                "org_signed_date": fields.Datetime.now(),
                "state": "org_signed",
                "next_attempt": fields.Datetime.now(),
                "attempt_count": 0,
            }
        )
        return True

    def action_regenerate(self):
        """Build the СЭМД again from the visit record (signatures are dropped when it changed)."""
        self.check_access("write")
        if not self.env.user.has_group("dental_patient.group_doctor"):
            raise AccessError(_("Only a doctor or a director regenerates a document."))
        self._generate()
        return True

    def action_retry(self):
        """Put a document refused before it was sent (unreachable РЭМД) back in the queue."""
        self.check_access("write")
        for document in self:
            if document.state != "error" or not document.org_signed_digest or document.sent_date:
                raise UserError(_("Only a signed document that could not be sent goes back to the queue."))
            document._dental_server().write(
                {"state": "org_signed", "next_attempt": fields.Datetime.now(), "attempt_count": 0}
            )
        return True

    def _check_ready(self):
        """Refuse signing while the document has validation errors or the visit record has problems."""
        problems = self.visit_record_id._egisz_preflight() if self.visit_record_id else []
        problems += [error.message for error in self.error_ids if error.source == "validation"]
        if problems:
            raise UserError(
                _("The document is not ready for ЕГИСЗ:\n%(problems)s", problems="\n".join(f"• {p}" for p in problems))
            )

    # ------------------------------------------------------------ sending
    @api.model
    def _cron_send_queue(self):
        """Send the documents signed by the organisation whose attempt is due, one transaction per document."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        due = self.search(
            [("state", "=", "org_signed"), ("next_attempt", "<=", fields.Datetime.now())],
            order="next_attempt, id",
            limit=BATCH,
        )
        for document in due:
            self.env.cr.execute(
                "SELECT id FROM dental_egisz_document WHERE id = %s AND state = 'org_signed' FOR UPDATE SKIP LOCKED",
                [document.id],
            )
            if not self.env.cr.fetchone():
                continue  # another worker has it
            document._send()
            if auto_commit:
                # the answer of РЭМД is kept even if a later document fails
                self.env.cr.commit()  # pylint: disable=invalid-commit
        remaining = self.search_count([("state", "=", "org_signed"), ("next_attempt", "<=", fields.Datetime.now())])
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=remaining)

    def _send(self):
        self.ensure_one()
        company = self.company_id
        server = self._dental_server()
        if not (self.doctor_signed_digest == self.org_signed_digest == self.xml_digest):
            server.write(
                {
                    "state": "error",
                    "last_error": _("The document changed after it was signed: sign it again."),
                    "error_ids": [(0, 0, {"source": "validation", "message": _("Signed content differs.")})],
                }
            )
            return
        if not self.pdf_attachment_id:
            try:
                server.write({"pdf_attachment_id": self._attach_pdf().id})
            except UserError as error:  # wkhtmltopdf missing or failing: the queue tries again later
                self._schedule_retry(str(error))
                return
        endpoint = company._egisz_endpoint()
        client = remd.RemdClient(
            endpoint or "",
            company.egisz_client_entity_id or "",
            timeout=company.egisz_timeout or 30.0,
            sleep=self.env.context.get("egisz_sleep") or time_module.sleep,
        )
        try:
            if not endpoint:
                raise remd.RemdUnavailable("no endpoint")
            result = client.register_document(**self._register_request())
        except remd.RemdUnavailable as error:
            self._schedule_retry(error.reason)
            return
        if result.accepted:
            server.write(
                {
                    "state": "sent",
                    "sent_date": fields.Datetime.now(),
                    "message_id": result.message_id,
                    "next_attempt": False,
                    "last_error": False,
                }
            )
            return
        server.write(
            {
                "state": "error",
                "next_attempt": False,
                "last_error": "; ".join(f"{code}: {message}" for code, message in result.errors)[:250],
                "error_ids": [(0, 0, {"source": "remd", "code": code, "message": message or code})
                              for code, message in result.errors],
            }
        )  # fmt: skip

    def _schedule_retry(self, reason):
        attempts = self.attempt_count + 1
        max_attempts = self.company_id.egisz_max_attempts or 5
        vals = {"attempt_count": attempts, "last_error": _("РЭМД not reached: %(reason)s", reason=reason)}
        if attempts >= max_attempts:
            vals.update(
                state="error",
                next_attempt=False,
                error_ids=[(0, 0, {"source": "transport", "message": vals["last_error"]})],
            )
        else:
            # backoff: 1, 2, 4, 8... minutes
            vals["next_attempt"] = fields.Datetime.now() + timedelta(minutes=2 ** (attempts - 1))
        self._dental_server().write(vals)

    def _register_request(self):
        self.ensure_one()
        doctor = self.doctor_id.sudo()  # the signer's codes go into the request
        xml_digest = self.xml_digest
        base_url = self.get_base_url()
        token = self.company_id.sudo().egisz_callback_token
        doctor_signature = self.doctor_signature_id.sudo()._dental_content()
        org_signature = self.org_signature_id.sudo()._dental_content()
        return {
            "localUid": self.local_uid,
            "kind": self.kind,
            "organization": self.company_id.egisz_org_oid,
            "patientSnils": _digits(self.patient_id.sudo().snils),
            "creationDateTime": self.doctor_signed_date,
            "documentNumber": str(self.id),
            "checksum": xml_digest,
            "callbackUrl": f"{base_url}/dental_egisz/remd/{token}",
            "signers": {
                "signer": [
                    {
                        "role": "DOCTOR",
                        "snils": _digits(doctor.egisz_snils),
                        "position": doctor.egisz_position_id.code,
                        "speciality": doctor.egisz_specialty_id.code,
                        "signature": doctor_signature,
                        "checksum": sha256(doctor_signature),
                    },
                    {
                        "role": "ORGANIZATION",
                        "signature": org_signature,
                        "checksum": sha256(org_signature),
                    },
                ]
            },
        }

    @api.model
    def _remd_result(self, company, result):
        """Record РЭМД's asynchronous answer for ``company``'s document. A repeated answer changes nothing."""
        document = self.search(
            [("local_uid", "=", result.local_uid), ("company_id", "=", company.id), ("document_type", "=", "protocol")],
            limit=1,
        )
        if not document:
            return False
        if document.state in ("registered",) or (
            document.state == "error" and document.sent_date and not result.success
        ):
            return True  # duplicate callback
        if document.state != "sent":
            return False
        server = document._dental_server()
        if result.success:
            registered = fields.Datetime.now()
            if result.registered_at:
                try:
                    moment = datetime.fromisoformat(str(result.registered_at))
                    registered = (moment.astimezone(pytz.utc) if moment.tzinfo else moment).replace(tzinfo=None)
                except ValueError:
                    _logger.info("РЭМД registration date %r not understood", result.registered_at)
            server.write(
                {"state": "registered", "registration_number": result.emdr_id, "registration_date": registered}
            )
            patient = document.patient_id.sudo()  # stamp of the first transfer (medical-side field)
            if not patient.egisz_transferred_date:
                patient.egisz_transferred_date = registered
            document.message_post(
                body=_("Registered in РЭМД under %(number)s on %(date)s.", number=result.emdr_id,
                       date=format_datetime(self.env, registered))
            )  # fmt: skip
        else:
            server.write(
                {
                    "state": "error",
                    "last_error": "; ".join(f"{c}: {m}" for c, m in result.errors)[:250] or _("Refused by РЭМД"),
                    "error_ids": [(0, 0, {"source": "remd", "code": c, "message": m or c}) for c, m in result.errors]
                    or [(0, 0, {"source": "remd", "message": _("Refused by РЭМД without a reason.")})],
                }
            )
        return True

    def _document_file(self):
        """The signed СЭМД as sent (getDocumentFile)."""
        self.ensure_one()
        return self.xml_attachment_id.sudo()._dental_content()


MAIL_FIELDS = {"message_main_attachment_id", "message_follower_ids", "activity_ids"}


def _digits(value):
    return "".join(ch for ch in (value or "") if ch.isdigit())


class DentalEgiszDocumentDemo(models.Model):
    _inherit = "dental.egisz.document"

    @api.model
    def _demo_setup(self, company_id, doctor_id, patient_ids):
        """Demo: ЕГИСЗ settings of ``company_id`` (left off), codes of ``doctor_id``, a protocol in each state.

        Signed states are set directly (no certificate in a demo: the test signer works only in tests), each
        document saying so in its chatter.
        """
        nsi = self.env["dental.egisz.nsi"]
        company = self.env["res.company"].browse(company_id)
        company.write(
            {
                "egisz_enabled": True,
                "egisz_org_oid": "1.2.643.5.1.13.13.12.2.77.99999",
                "egisz_client_entity_id": "00000000-0000-0000-0000-000000000000",
                "egisz_region_id": nsi._get("1.2.643.5.1.13.13.99.2.206", "77").id,
                "egisz_values_mode": "fixed",
                "egisz_visit_kind_id": nsi._get("1.2.643.5.1.13.13.11.1007", "1").id,
                "egisz_place_id": nsi._get("1.2.643.5.1.13.13.11.1008", "1").id,
                "egisz_condition_id": nsi._get("1.2.643.5.1.13.13.11.1006", "1").id,
                "egisz_diagnosis_type_id": nsi._get("1.2.643.5.1.13.13.11.1077", "1").id,
            }
        )
        doctor = self.env["hr.employee"].browse(doctor_id)
        doctor.write(
            {
                "egisz_snils": "123-456-789 64",
                "egisz_position_id": nsi._get("1.2.643.5.1.13.13.11.1002", "103").id,
                "egisz_specialty_id": nsi._get("1.2.643.5.1.13.13.11.1066", "176").id,
            }
        )
        patients = self.env["dental.patient"].browse(patient_ids)
        for patient in patients:
            values = {
                "zip": patient.zip or "119002",
                "snils": patient.snils or "586-595-917 80",
                "city": patient.city or "Москва",
                "street": patient.street or "ул. Профсоюзная, д. 3, кв. 7",
            }
            patient.write(values)
        diagnosis = self.env.ref("dental_chart.diagnosis_K02_1")
        states = ["draft", "doctor_signed", "org_signed", "sent", "registered", "error"]
        today = fields.Date.context_today(self)
        for index, state in enumerate(states):
            record = self.env["dental.visit.record"].create(
                {
                    "patient_id": patients[index % len(patients)].id,
                    "doctor_id": doctor.id,
                    "date": today - timedelta(days=len(states) - index),
                    "complaints": "Боль от холодного.",
                    "objective": "Кариозная полость на жевательной поверхности.",
                    "treatment": "Наложена пломба из композита.",
                    "diagnosis_id": diagnosis.id,
                    "egisz_title": "Консультация стоматолога-терапевта",
                    "egisz_epicrisis": "Кариес дентина вылечен, рекомендован осмотр через 6 месяцев.",
                }
            )
            record.action_sign()
            document = record.egisz_document_ids
            now = fields.Datetime.now()
            vals = {"state": state}
            if state != "draft":
                vals.update(doctor_signed_digest=document.xml_digest, doctor_signed_date=now)
            if state not in ("draft", "doctor_signed"):
                vals.update(org_signed_digest=document.xml_digest, org_signed_date=now, next_attempt=False)
            if state in ("sent", "registered", "error"):
                vals.update(sent_date=now, message_id=f"demo-{index}")
            if state == "registered":
                vals.update(registration_number=f"DEMO-{index:04d}", registration_date=now)
            if state == "error":
                vals.update(
                    last_error="SNILS_INVALID: Неверный СНИЛС пациента",
                    error_ids=[
                        (0, 0, {"source": "remd", "code": "SNILS_INVALID", "message": "Неверный СНИЛС пациента"})
                    ],
                )
            document._dental_server().write(vals)
            document.message_post(body=_("Demo document: its state was set without real signatures."))
        self._demo_patient_cards(company, patients)
        # The exchange stays off in the demo clinic: its other records sign as before (a Director turns it on)
        company.egisz_enabled = False

    @api.model
    def _demo_patient_cards(self, company, patients):
        """Demo: a patient card in each state (draft, sent, registered, error), set without an ИЭМК."""
        now = fields.Datetime.now()
        states = [
            ("registered", "add", {"sent_date": now, "registration_date": now}),
            ("draft", "update", {}),
            ("sent", "add", {"sent_date": now, "attempt_count": 1, "last_error": "ИЭМК not reached: timeout"}),
            ("error", "add", {"last_error": "10: patient.Documents: Неверный номер СНИЛС", "error_ids": [
                (0, 0, {"source": "iemk", "code": "10", "message": "patient.Documents: Неверный номер СНИЛС"})]}),
        ]  # fmt: skip
        for index, (state, operation, vals) in enumerate(states):
            patient = patients[(index // 2) % len(patients)]
            card = self._dental_server().create(
                {
                    "document_type": "patient",
                    "kind": False,
                    "patient_id": patient.id,
                    "company_id": company.id,
                    "card_operation": operation,
                    "version": index % 2 + 1,
                    "deadline": self._deadline_for(company, fields.Date.context_today(self)),
                }
            )
            card._card_set_payload(card._card_client(company).render_patient(card._card_patient_dto(patient)))
            card._dental_server().write({"state": state, "next_attempt": False, **vals})
            card.message_post(body=_("Demo document: its state was set without an ИЭМК."))
