import threading
import time as time_module
from datetime import datetime, timedelta

from odoo import _, api, fields, models
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

    def _iemk_send(self):
        self.ensure_one()
        company = self.company_id
        patient = self.patient_id.sudo()  # the medical-side stamp of the patient's first ИЭМК transfer
        server = self._dental_server()
        try:
            if not (company.egisz_n3_pix_endpoint and company.egisz_n3_emk_endpoint):
                raise n3.N3Unavailable("no endpoint")
            client = self._iemk_client()
            patient_dto, case = self._iemk_payload()
            if patient.egisz_iemk_date:
                client.update_patient(patient_dto)
            else:
                client.add_patient(patient_dto)
                patient.egisz_iemk_date = fields.Datetime.now()  # a retry of the case updates, not adds again
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
                    "error_ids": [(0, 0, {"source": "iemk", "code": code, "message": message or code})
                                  for code, message in refusal.errors],
                }
            )  # fmt: skip
            return
        server.write(
            {
                "iemk_state": "done",
                "iemk_sent_date": fields.Datetime.now(),
                "iemk_next_attempt": False,
                "iemk_last_error": False,
            }
        )

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
        patient = self.patient_id.sudo()  # identity and documents go to ИЭМК; only the queue reads them here
        person = protocol.patient
        documents = []
        if person.snils:
            documents.append({"IdDocumentType": n3.DOC_SNILS, "DocN": person.snils, "ProviderName": "СФР"})
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
        patient_dto = {
            "BirthDate": _datetime(person.birth_date),
            "Documents": {"DocumentDto": documents},
            "FamilyName": person.family,
            "GivenName": person.given,
            "IdPatientMIS": person.local_id,
            "MiddleName": person.patronymic or None,
            "Sex": 1 if patient.gender == "male" else 2,
        }
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


def _datetime(day):
    return datetime.combine(day, datetime.min.time()) if day else None


def _number(code):
    """An НСИ code as the integer N3 expects, None when not numeric."""
    return int(code) if code and str(code).isdigit() else None
