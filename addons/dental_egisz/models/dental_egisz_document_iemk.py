import threading
import time as time_module
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError

from ..tools import n3

IEMK_STATES = [("queued", "Queued"), ("done", "Sent"), ("error", "Error")]
# Codes of N3.Health's own dictionaries for a paid outpatient consultation of a private clinic (check against the
# region's ИЭМК НСИ): aid type "primary health care", payment "paid services", normal confidentiality, case type
# "обращение", result "treated", author role "doctor".
IEMK_CODES = {
    "aid_type": 1,
    "payment": 3,
    "confidentiality": 1,
    "case_type": 2,
    "case_result": 1,
    "amb_result": 1,
    "purpose": 1,
    "role": 3,
}


class DentalEgiszDocument(models.Model):
    """The patient and the visit of a protocol sent to the regional ИЭМК (N3.Health PIX/EMK) where the branch uses it.

    Queued when the organisation signs, sent by the same cron as РЭМД with the same retries and backoff, never in
    the doctor's request: PIX ``AddPatient`` the first time (``UpdatePatient`` afterwards), then EMK ``AddCase`` of the
    visit as a closed outpatient case.
    """

    _inherit = "dental.egisz.document"

    iemk_state = fields.Selection(IEMK_STATES, string="ИЭМК", readonly=True, copy=False, index="btree_not_null")
    iemk_attempt_count = fields.Integer(string="ИЭМК Attempts", readonly=True, copy=False)
    iemk_next_attempt = fields.Datetime(string="Next ИЭМК Attempt", readonly=True, copy=False)
    iemk_last_error = fields.Char(string="ИЭМК Error", readonly=True, copy=False)
    iemk_sent_date = fields.Datetime(string="Sent to ИЭМК", readonly=True, copy=False)

    def action_sign_organisation(self):
        res = super().action_sign_organisation()
        if self.company_id.egisz_n3_enabled:
            self._card_for(self.patient_id, self.company_id)  # the patient first (PIX), then the case
            self._dental_server().write(
                {
                    "iemk_state": "queued",
                    "iemk_next_attempt": fields.Datetime.now(),
                    "iemk_attempt_count": 0,
                    "iemk_last_error": False,
                }
            )
        return res

    def action_iemk_retry(self):
        """A director queues a failed ИЭМК exchange again."""
        self.ensure_one()
        if not self.env.user.has_group("dental_patient.group_director"):
            raise AccessError(_("A director sends a document again."))
        if self.iemk_state == "error":
            card = self._iemk_patient_card()
            if card.state == "error":
                card._card_requeue()
            self._dental_server().write(
                {"iemk_state": "queued", "iemk_next_attempt": fields.Datetime.now(), "iemk_attempt_count": 0}
            )
        return True

    @api.model
    def _cron_send_queue(self):
        res = super()._cron_send_queue()
        self._cron_send_iemk()
        return res

    @api.model
    def _cron_send_iemk(self):
        """Send the due ИЭМК exchanges, one transaction per document (like РЭМД's queue)."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = [("iemk_state", "=", "queued"), ("iemk_next_attempt", "<=", fields.Datetime.now())]
        for document in self.search(domain, order="iemk_next_attempt, id", limit=20):
            self.env.cr.execute(
                "SELECT id FROM dental_egisz_document WHERE id = %s AND iemk_state = 'queued' FOR UPDATE SKIP LOCKED",
                [document.id],
            )
            if not self.env.cr.fetchone():
                continue  # another worker has it
            document._iemk_send()
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _iemk_client(self):
        company = self.company_id.sudo()  # the GUID is a Director's field; the queue uses it
        return n3.N3Client(
            company.egisz_n3_pix_endpoint or "",
            company.egisz_n3_emk_endpoint or "",
            company.egisz_n3_guid or "",
            company.egisz_idlpu or "",
            timeout=company.egisz_timeout or 30.0,
            sleep=self.env.context.get("egisz_sleep") or time_module.sleep,
        )

    def _iemk_patient_card(self):
        """The patient card this protocol's case waits for (the last one of the patient in the branch)."""
        self.ensure_one()
        card = self.sudo().search(
            [("document_type", "=", "patient"), ("patient_id", "=", self.patient_id.id),
             ("company_id", "=", self.company_id.id)],
            order="id desc",
            limit=1,
        )  # fmt: skip
        return card.with_env(self.env)

    def _iemk_send(self):
        self.ensure_one()
        company = self.company_id
        server = self._dental_server()
        card = self._iemk_patient_card() or self._card_for(self.patient_id, company)
        if card.state == "error":
            # the case is refused with its patient: the card's errors are the protocol's
            server.write(
                {
                    "iemk_state": "error",
                    "iemk_next_attempt": False,
                    "iemk_last_error": _("The patient card was refused: %(reason)s", reason=card.last_error or "")[:250],
                    "error_ids": [(0, 0, {"source": "iemk", "code": error.code, "message": error.message})
                                  for error in card.sudo().error_ids],
                }
            )  # fmt: skip
            return
        if card.state != "registered":
            self._iemk_schedule_retry(
                _("the patient card is not registered yet (%(reason)s)", reason=card.last_error or _("queued"))
            )
            return
        try:
            if not company.egisz_n3_emk_endpoint:
                raise n3.N3Unavailable("no endpoint")
            client = self._iemk_client()
            _patient_dto, case = self._iemk_payload()
            client.add_case(case)
        except n3.N3Unavailable as error:
            self._iemk_schedule_retry(error.reason)
            return
        except n3.N3Refused as refusal:
            server.write(
                {
                    "iemk_state": "error",
                    "iemk_next_attempt": False,
                    "iemk_last_error": str(refusal)[:250],
                    "error_ids": self._iemk_error_commands(refusal),
                }
            )
            return
        server.write(
            {
                "iemk_state": "done",
                "iemk_sent_date": fields.Datetime.now(),
                "iemk_next_attempt": False,
                "iemk_last_error": False,
            }
        )

    @api.model
    def _iemk_error_commands(self, refusal):
        """The ``error_ids`` commands of the errors of an N3 refusal (:class:`..tools.n3.N3Refused`): one ИЭМК error
        line per (code, message), the code standing in for a missing message. The patient card's send and the
        case's send record a refusal alike."""
        return [
            Command.create({"source": "iemk", "code": code, "message": message or code})
            for code, message in refusal.errors
        ]

    def _iemk_schedule_retry(self, reason):
        attempts = self.iemk_attempt_count + 1
        message = _("ИЭМК not reached: %(reason)s", reason=reason)
        vals = {"iemk_attempt_count": attempts, "iemk_last_error": message}
        if attempts >= (self.company_id.egisz_max_attempts or 5):
            vals.update(
                iemk_state="error",
                iemk_next_attempt=False,
                error_ids=[(0, 0, {"source": "iemk", "message": message})],
            )
        else:
            vals["iemk_next_attempt"] = fields.Datetime.now() + timedelta(minutes=2 ** (attempts - 1))  # 1, 2, 4...
        self._dental_server().write(vals)

    def _iemk_payload(self):
        """(PatientDto, CaseAmb) of the document's visit as dicts for :mod:`..tools.n3`."""
        self.ensure_one()
        record = self.visit_record_id
        protocol = record._egisz_protocol_data(self)
        company = self.company_id
        person = protocol.patient
        patient_dto = self._card_patient_dto(self.patient_id)
        author = protocol.author
        doctor = self.doctor_id.sudo()  # the signer's codes
        staff = {
            "IdLpu": company.egisz_idlpu,
            "IdPosition": _number(doctor.egisz_position_id.code),
            "IdSpeciality": _number(doctor.egisz_specialty_id.code),
            "Person": {
                "HumanName": {
                    "FamilyName": author.family,
                    "GivenName": author.given,
                    "MiddleName": author.patronymic or None,
                },
                "IdPersonMis": author.local_id,
                "Snils": author.snils,
            },
        }
        participant = {"Doctor": staff, "IdRole": IEMK_CODES["role"]}
        case_id = protocol.set_id  # the same case for every version of the protocol
        case = {
            "OpenDate": protocol.visit_start.replace(tzinfo=None),
            "CloseDate": protocol.visit_end.replace(tzinfo=None),
            "HistoryNumber": protocol.contract_number,
            "IdCaseMis": case_id,
            "IdCaseAidType": IEMK_CODES["aid_type"],
            "IdPaymentType": IEMK_CODES["payment"],
            "Confidentiality": IEMK_CODES["confidentiality"],
            "DoctorConfidentiality": IEMK_CODES["confidentiality"],
            "CuratorConfidentiality": IEMK_CODES["confidentiality"],
            "IdLpu": company.egisz_idlpu,
            "IdCaseResult": IEMK_CODES["case_result"],
            "Comment": protocol.conclusion,
            "DoctorInCharge": staff,
            "Authenticator": participant,
            "Author": participant,
            "IdPatientMis": person.local_id,
            "IdCasePurpose": IEMK_CODES["purpose"],
            "IdCaseType": IEMK_CODES["case_type"],
            "IdAmbResult": IEMK_CODES["amb_result"],
            "IsActive": False,
            "Steps": {
                "StepAmb": [
                    {
                        "DateStart": protocol.visit_start.replace(tzinfo=None),
                        "DateEnd": protocol.visit_end.replace(tzinfo=None),
                        "Comment": protocol.diagnosis_text[:255],
                        "IdStepMis": str(record.id),
                        "IdPaymentType": IEMK_CODES["payment"],
                        "Doctor": staff,
                        "IdVisitPlace": _number(protocol.place and protocol.place.code) or 1,
                        "IdVisitPurpose": IEMK_CODES["purpose"],
                    }
                ]
            },
        }
        return patient_dto, case


def _number(code):
    """An НСИ code as the integer N3 expects, None when not numeric."""
    return int(code) if code and str(code).isdigit() else None
