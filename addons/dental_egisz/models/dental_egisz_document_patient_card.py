import threading
import time as time_module
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import n3
from .dental_egisz_document import sha256

CARD_OPERATIONS = [("add", "Add (PIX AddPatient)"), ("update", "Update (PIX UpdatePatient)")]
# what the patient card carries: a change of one of these after a transfer queues a new card
CARD_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "gender",
    "snils",
    "id_document_type",
    "id_document_series",
    "id_document_number",
    "id_document_issue_date",
    "id_document_issued_by",
)


class DentalEgiszDocument(models.Model):
    """The patient card: the patient's identity sent to the regional ИЭМК (N3.Health PIX) as a registry document.

    Created when a protocol of the patient is first queued for ИЭМК (``AddPatient``) and again when the identity
    changes afterwards (``UpdatePatient``, within the transfer rules of ``dental.patient``). Its payload, the
    ``PatientDto`` rendered through the PIX client from the shipped WSDL, is kept as its XML attachment and sent as
    kept. States: draft (queued) → sent (the request left and its answer is unknown: a timeout) → registered (PIX
    accepted it) or error (refused, with the errors; or never reached after the last attempt). Sent by the same
    cron, retries and backoff as the ИЭМК exchange of the protocols, and before them (a case needs its patient).
    """

    _inherit = "dental.egisz.document"

    card_operation = fields.Selection(CARD_OPERATIONS, string="PIX Operation", readonly=True, copy=False)

    # ------------------------------------------------------------ creation
    @api.model
    def _card_patient_dto(self, patient):
        """PIX ``PatientDto`` of ``patient`` (a dict for :mod:`..tools.n3`)."""
        patient = patient.sudo()  # identity and documents go to ИЭМК; only the card (server code) reads them here
        documents = []
        snils = "".join(ch for ch in (patient.snils or "") if ch.isdigit())
        if snils:
            documents.append({"IdDocumentType": n3.DOC_SNILS, "DocN": snils, "ProviderName": "СФР"})
        if patient.id_document_type == "passport_ru" and patient.id_document_number:
            documents.append(
                {
                    "IdDocumentType": n3.DOC_PASSPORT_RU,
                    "DocS": patient.id_document_series or None,
                    "DocN": patient.id_document_number,
                    "IssuedDate": _datetime(patient.id_document_issue_date),
                    "ProviderName": patient.id_document_issued_by or None,
                }
            )
        return {
            "BirthDate": _datetime(patient.birth_date),
            "Documents": {"DocumentDto": documents},
            "FamilyName": patient.last_name,
            "GivenName": patient.first_name,
            "IdPatientMIS": str(patient.id),
            "MiddleName": patient.patronymic or None,
            "Sex": 1 if patient.gender == "male" else 2,
        }

    @api.model
    def _card_for(self, patient, company):
        """The patient card of ``patient`` in ``company`` to send: the pending one refreshed, a new one when the
        patient changed since the last card, else the last card (nothing new to send)."""
        cards = self.sudo().search(
            [("document_type", "=", "patient"), ("patient_id", "=", patient.id), ("company_id", "=", company.id)],
            order="id desc",
        )
        last = cards[:1]
        payload = self.sudo()._card_client(company).render_patient(self._card_patient_dto(patient))
        if last and not last.sent_date and last.state in ("draft", "error"):
            last._card_set_payload(payload)  # never sent: it carries the patient as they are now
            return last
        if last and last.state != "error" and last.xml_digest == sha256(payload):
            return last
        # a patient ИЭМК holds (a card sent, or added before the cards existed) is updated, else added
        known = patient.sudo().egisz_iemk_date or cards.filtered("sent_date")
        card = self._dental_server().create(
            {
                "document_type": "patient",
                "kind": False,
                "patient_id": patient.id,
                "company_id": company.id,
                "card_operation": "update" if known else "add",
                "version": len(cards) + 1,
                "deadline": self._deadline_for(company, fields.Date.context_today(self)),
            }
        )
        card._card_set_payload(payload)
        return card

    def _card_set_payload(self, payload):
        self.ensure_one()
        if self.sent_date:
            raise UserError(_("The document %(name)s was sent to ЕГИСЗ: it cannot be changed.", name=self.name))
        old = self.xml_attachment_id
        vals = {"state": "draft", "next_attempt": fields.Datetime.now(), "attempt_count": 0, "last_error": False,
                "error_ids": [(5, 0, 0)]}  # fmt: skip
        if sha256(payload) != self.xml_digest:
            attachment = self._attach(f"patient_card_{self.local_uid}.xml", payload, "application/xml")
            vals.update(xml_attachment_id=attachment.id, xml_digest=sha256(payload))
        self._dental_server().write(vals)
        if vals.get("xml_attachment_id") and old:
            old.sudo().unlink()  # the superseded payload of an unsent card

    @api.model
    def _card_queue_changes(self, patients):
        """After an identity change: a new card for each branch that sent ``patients``' card, if its data changed."""
        # sudo: the card is the registry's server-side record, queued on behalf of whoever edits the patient (a
        # registrar has no access to the registry); nothing of it is returned to the caller
        documents = self.sudo()
        cards = documents.search([("document_type", "=", "patient"), ("patient_id", "in", patients.ids)])
        for patient in patients:
            companies = cards.filtered(lambda c, p=patient: c.patient_id == p).company_id
            for company in companies.filtered("egisz_n3_enabled"):
                documents._card_for(patient, company)

    # ------------------------------------------------------------ protocols' actions refused on a card
    def _check_protocols(self):
        if any(document.document_type != "protocol" for document in self):
            raise UserError(_("A patient card is not signed: it is sent to ИЭМК by the queue."))

    def action_sign_doctor(self):
        self._check_protocols()
        return super().action_sign_doctor()

    def action_sign_organisation(self):
        self._check_protocols()
        return super().action_sign_organisation()

    def action_regenerate(self):
        self._check_protocols()
        return super().action_regenerate()

    def action_retry(self):
        self._check_protocols()
        return super().action_retry()

    def action_card_retry(self):
        """A director queues a patient card again: a refused one with the patient's current data, or (after a
        timeout or the last failed attempt) the card as it was sent."""
        if not self.env.user.has_group("dental_patient.group_director"):
            raise AccessError(_("A director sends a document again."))
        self.check_access("write")
        for card in self:
            if card.document_type != "patient" or card.state not in ("error", "sent"):
                raise UserError(_("Only a patient card not registered by ИЭМК is sent again."))
            card._card_requeue()
        return True

    def _card_requeue(self):
        self.ensure_one()
        if self.sent_date:  # the request may have arrived: the same payload again
            self._dental_server().write({"state": "sent", "next_attempt": fields.Datetime.now(), "attempt_count": 0})
        else:
            self._card_for(self.patient_id, self.company_id)

    # ------------------------------------------------------------ sending
    @api.model
    def _cron_send_iemk(self):
        self._cron_send_cards()
        return super()._cron_send_iemk()

    @api.model
    def _cron_send_cards(self):
        """Send the due patient cards, one transaction per card (like the protocols' queues)."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = [
            ("document_type", "=", "patient"),
            ("state", "in", ("draft", "sent")),
            ("next_attempt", "<=", fields.Datetime.now()),
        ]
        for card in self.search(domain, order="next_attempt, id", limit=20):
            self.env.cr.execute(
                "SELECT id FROM dental_egisz_document WHERE id = %s AND state IN ('draft', 'sent') "
                "FOR UPDATE SKIP LOCKED",
                [card.id],
            )
            if not self.env.cr.fetchone():
                continue  # another worker has it
            card._card_send()
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _card_client(self, company):
        company = company.sudo()  # the GUID is a Director's field; the queue uses it
        return n3.N3Client(
            company.egisz_n3_pix_endpoint or "",
            company.egisz_n3_emk_endpoint or "",
            company.egisz_n3_guid or "",
            company.egisz_idlpu or "",
            timeout=company.egisz_timeout or 30.0,
            sleep=self.env.context.get("egisz_sleep") or time_module.sleep,
        )

    def _card_send(self):
        """PIX AddPatient/UpdatePatient of the kept payload. After a timeout the request may have arrived: a
        repeated AddPatient the registry refuses is followed by UpdatePatient of the same payload."""
        self.ensure_one()
        company = self.company_id
        server = self._dental_server()
        payload = self.xml_attachment_id.sudo()._dental_content()
        if sha256(payload) != self.xml_digest:
            server.write({"state": "error", "next_attempt": False, "last_error": _("Signed content differs."),
                          "error_ids": [(0, 0, {"source": "validation", "message": _("Signed content differs.")})]})  # fmt: skip
            return
        sent_before = bool(self.sent_date)
        try:
            if not company.egisz_n3_pix_endpoint:
                raise n3.N3Unavailable("no endpoint")
            client = self._card_client(company)
            if self.card_operation == "update":
                client.update_patient(payload)
            else:
                try:
                    client.add_patient(payload)
                except n3.N3Refused:
                    if not sent_before:
                        raise
                    client.update_patient(payload)  # the first AddPatient arrived before its timeout
        except n3.N3Unavailable as error:
            if error.timeout and not sent_before:
                server.write({"state": "sent", "sent_date": fields.Datetime.now()})
            self._card_schedule_retry(error.reason)
            return
        except n3.N3Refused as refusal:
            server.write(
                {
                    "state": "error",
                    "next_attempt": False,
                    "last_error": str(refusal)[:250],
                    "error_ids": self._iemk_error_commands(refusal),
                }
            )
            return
        now = fields.Datetime.now()
        vals = {"state": "registered", "registration_date": now, "next_attempt": False, "last_error": False}
        if not sent_before:
            vals["sent_date"] = now
        server.write(vals)
        patient = self.patient_id.sudo()  # medical-side stamps of the first transfer
        stamps = {}
        if not patient.egisz_iemk_date:
            stamps["egisz_iemk_date"] = now
        if not patient.egisz_transferred_date:
            stamps["egisz_transferred_date"] = now
        if stamps:
            patient.write(stamps)

    def _card_schedule_retry(self, reason):
        attempts = self.attempt_count + 1
        message = _("ИЭМК not reached: %(reason)s", reason=reason)
        vals = {"attempt_count": attempts, "last_error": message}
        if attempts >= (self.company_id.egisz_max_attempts or 5):
            vals.update(state="error", next_attempt=False, error_ids=[(0, 0, {"source": "iemk", "message": message})])
        else:
            vals["next_attempt"] = fields.Datetime.now() + timedelta(minutes=2 ** (attempts - 1))  # 1, 2, 4...
        self._dental_server().write(vals)


def _datetime(day):
    return datetime.combine(day, datetime.min.time()) if day else None
