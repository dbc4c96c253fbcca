from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import n3
from .common import EgiszCommon
from .fake_n3 import FakeN3

NS_PATIENT = f"{{{n3.NS_PATIENT}}}"
NS_CASE = f"{{{n3.NS_CASE}}}"
NS_TEMPURI = f"{{{n3.NS_TEMPURI}}}"
GUID = "6a9b3c5e-0d1f-4c2a-9e8b-7f6d5c4b3a21"


@tagged("post_install", "-at_install")
class TestIemk(EgiszCommon):
    """The patient (PIX) and the visit (EMK) sent to a fake N3.Health ИЭМК through the sending queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeN3()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.company.write(
            {
                "egisz_n3_enabled": True,
                "egisz_n3_guid": GUID,
                "egisz_n3_pix_endpoint": cls.fake.url("pix"),
                "egisz_n3_emk_endpoint": cls.fake.url("emk"),
                "egisz_idlpu": "1.2.643.5.1.13.3.25.78.118",
                # no РЭМД here: its attempts stay queued, the ИЭМК exchange is independent
                "egisz_endpoint_test": False,
            }
        )
        cls.env = cls.env(context=dict(cls.env.context, egisz_sleep=lambda _s: None))

    def setUp(self):
        super().setUp()
        self.fake.mode = "accept"
        self.fake.requests.clear()
        self.fake.invalid.clear()
        self.fake.patients.clear()

    def _run_queue(self):
        self.env["dental.egisz.document"]._cron_send_iemk()

    def test_patient_added_then_updated_and_case_sent(self):
        document = self._send_ready()
        self.assertEqual(document.iemk_state, "queued", "queued when the organisation signs")
        self._run_queue()
        self.assertEqual(document.iemk_state, "done", document.iemk_last_error)
        self.assertEqual(self.fake.invalid, [], "requests follow the shipped schemas")
        self.assertEqual(self.fake.operations(), ["AddPatient", "AddCase"])
        _path, action, patient = self.fake.requests[0]
        self.assertEqual(action, "http://tempuri.org/IPixService/AddPatient")
        self.assertEqual(patient.findtext(f"{NS_TEMPURI}guid"), GUID)
        self.assertEqual(patient.findtext(f"{NS_TEMPURI}idLPU"), self.company.egisz_idlpu)
        dto = patient.find(f"{NS_TEMPURI}patient")
        self.assertEqual(dto.findtext(f"{NS_PATIENT}FamilyName"), self.patient.last_name)
        self.assertEqual(dto.findtext(f"{NS_PATIENT}IdPatientMIS"), str(self.patient.id))
        snils = dto.find(f"{NS_PATIENT}Documents/{NS_PATIENT}DocumentDto")
        self.assertEqual(snils.findtext(f"{NS_PATIENT}IdDocumentType"), str(n3.DOC_SNILS))
        self.assertEqual(snils.findtext(f"{NS_PATIENT}DocN"), "58659591780")
        _path, action, case = self.fake.requests[1]
        self.assertEqual(action, "http://tempuri.org/IEmkService/AddCase")
        dto = case.find(f"{NS_TEMPURI}caseDto")
        self.assertEqual(dto.get("{http://www.w3.org/2001/XMLSchema-instance}type").split(":")[-1], "CaseAmb")
        self.assertEqual(dto.findtext(f"{NS_CASE}IdPatientMis"), str(self.patient.id))
        self.assertEqual(dto.findtext(f"{NS_CASE}IdCaseMis"), str(document.visit_record_id.id))
        self.assertEqual(dto.findtext(f"{NS_CASE}Comment"), "Кариес дентина зуба 36 вылечен.")
        self.assertEqual(dto.findtext(f"{NS_CASE}IsActive"), "false")
        self.assertEqual(len(dto.findall(f"{NS_CASE}Steps/*")), 1)
        self.assertTrue(self.patient.sudo().egisz_iemk_date)
        # the patient's identity changed (one part of the name): their next visit updates the card in ИЭМК
        self.patient.patronymic = "Сергеевич-Новиков"
        self.fake.requests.clear()
        second = self._send_ready()
        self._run_queue()
        self.assertEqual(second.iemk_state, "done")
        self.assertEqual(self.fake.operations(), ["UpdatePatient", "AddCase"])
        self.assertEqual(self.fake.invalid, [])
        # a visit of an unchanged patient sends the case only (the card ИЭМК holds is up to date)
        self.fake.requests.clear()
        third = self._send_ready()
        self._run_queue()
        self.assertEqual(third.iemk_state, "done")
        self.assertEqual(self.fake.operations(), ["AddCase"])

    def test_refusal_is_an_error_with_the_codes(self):
        document = self._send_ready()
        self.fake.mode = "fault"
        self._run_queue()
        self.assertEqual(len(self.fake.requests), 1, "a refusal is not retried")
        self.assertEqual(document.iemk_state, "error")
        errors = document.error_ids.filtered(lambda e: e.source == "iemk")
        self.assertEqual(errors.mapped("code"), ["10"])
        self.assertEqual(errors.message, "patient.Documents: Неверный номер СНИЛС")
        self.assertFalse(self.patient.sudo().egisz_iemk_date)
        # a director queues it again once the data is fixed
        self.fake.mode = "accept"
        document.with_user(self.user_director).action_iemk_retry()
        self._run_queue()
        self.assertEqual(document.iemk_state, "done")

    def test_timeout_backoff_then_error(self):
        document = self._send_ready()
        self.company.egisz_timeout = 0.3
        self.company.egisz_max_attempts = 2
        self.fake.mode = "timeout"
        self.fake.delay = 1.0
        self._run_queue()
        self.assertEqual((document.iemk_state, document.iemk_attempt_count), ("queued", 1))
        self.assertGreater(document.iemk_next_attempt - fields.Datetime.now(), timedelta(seconds=50))
        self.assertIn("timeout", document.iemk_last_error)
        self._run_queue()
        self.assertEqual(len(self.fake.requests), 1, "not due yet: not sent again")
        document._dental_server().write({"iemk_next_attempt": fields.Datetime.now()})
        self._run_queue()
        self.assertEqual((document.iemk_state, document.iemk_attempt_count), ("error", 2))
        # the РЭМД side is untouched by the ИЭМК exchange
        self.assertEqual(document.state, "org_signed")

    def test_unavailable_retried_in_the_call(self):
        document = self._send_ready()
        self.fake.mode = "unavailable"
        self._run_queue()
        self.assertEqual(len(self.fake.requests), 3, "one call and its two retries")
        self.assertEqual((document.iemk_state, document.iemk_attempt_count), ("queued", 1))
        self.assertIn("HTTP 503", document.iemk_last_error)

    def test_branch_without_iemk_queues_nothing(self):
        self.company.egisz_n3_enabled = False
        document = self._send_ready()
        self.assertFalse(document.iemk_state)

    def test_guid_checked_and_hidden(self):
        with self.assertRaises(ValidationError):
            self.company.egisz_n3_guid = "not-a-guid"
        self.assertNotIn("egisz_n3_guid", self.company.with_user(self.user_doctor).fields_get())
