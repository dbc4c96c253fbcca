from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.dental_patient.tests.common import add_role_users

from ..models.dental_egisz_nsi import (
    NSI_CONDITION,
    NSI_DIAGNOSIS_TYPE,
    NSI_PLACE,
    NSI_POSITION,
    NSI_REGION,
    NSI_SPECIALTY,
    NSI_VISIT_KIND,
)

# valid СНИЛС of shared/reference/ru_identifier_test_vectors.csv
SNILS_DOCTOR = "112-233-445 95"
SNILS_PATIENT = "586-595-917 80"
SNILS_OTHER = "123-456-789 64"


class EgiszCommon(TransactionCase):
    """A branch with ЕГИСЗ on (test signer), a doctor with codes, a director, a patient and a draft visit record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        cls.company = cls.env.company
        cls.Nsi = cls.env["dental.egisz.nsi"]
        nsi = cls.Nsi._get
        cls.company.write(
            {
                "street": "ул. Ленина, д. 1",
                "city": "Москва",
                "zip": "101000",
                "egisz_enabled": True,
                "egisz_org_oid": "1.2.643.5.1.13.13.12.2.77.7831",
                "egisz_client_entity_id": "0b5a4a0c-1111-4d2a-9a3e-2f1f3c4d5e6f",
                "egisz_region_id": nsi(NSI_REGION, "77").id,
                "egisz_signer": "test",
                "egisz_values_mode": "visit",
                "egisz_endpoint_test": "http://127.0.0.1:9/emdr",
                "egisz_timeout": 2.0,
                "egisz_max_attempts": 3,
            }
        )
        cls.company.resource_calendar_id.tz = "Europe/Moscow"
        groups = {
            "registrar": "dental_patient.group_registrar",
            "assistant": "dental_patient.group_assistant",
            "doctor": "dental_patient.group_doctor",
            "doctor2": "dental_patient.group_doctor",
            "director": "dental_patient.group_director",
        }
        add_role_users(cls, groups, "egisz", "Egisz")
        cls.position = nsi(NSI_POSITION, "34") or cls.Nsi.search([("oid", "=", NSI_POSITION)], limit=1)
        cls.specialty = cls.Nsi.search([("oid", "=", NSI_SPECIALTY)], limit=1)
        cls.doctor = cls.env["hr.employee"].create(
            {
                "name": "Зубова Анна Петровна",
                "user_id": cls.user_doctor.id,
                "egisz_snils": SNILS_DOCTOR,
                "egisz_position_id": cls.position.id,
                "egisz_specialty_id": cls.specialty.id,
            }
        )
        cls.doctor2 = cls.env["hr.employee"].create(
            {
                "name": "Smith John",
                "user_id": cls.user_doctor2.id,
                "egisz_snils": SNILS_OTHER,
                "egisz_position_id": cls.position.id,
                "egisz_specialty_id": cls.specialty.id,
            }
        )
        cls.director = cls.env["hr.employee"].create({"name": "Директор", "user_id": cls.user_director.id})
        cls.patient = cls.env["dental.patient"].create(
            {
                "last_name": "Кузнецов",
                "first_name": "Иван",
                "patronymic": "Сергеевич",
                "birth_date": "1990-05-17",
                "gender": "male",
                "snils": SNILS_PATIENT,
                "street": "ул. Тверская, д. 5, кв. 2",
                "city": "Москва",
                "zip": "125009",
            }
        )
        cls.k02_1 = cls.env.ref("dental_chart.diagnosis_K02_1")
        cls.k04_0 = cls.env.ref("dental_chart.diagnosis_K04_0")
        cls.k08_1 = cls.env.ref("dental_chart.diagnosis_K08_1")
        cls.codes = {
            "egisz_visit_kind_id": nsi(NSI_VISIT_KIND, "1").id,
            "egisz_place_id": nsi(NSI_PLACE, "1").id,
            "egisz_condition_id": nsi(NSI_CONDITION, "1").id,
            "egisz_diagnosis_type_id": nsi(NSI_DIAGNOSIS_TYPE, "1").id,
        }

    @classmethod
    def _record(cls, patient=None, doctor=None, **vals):
        values = {
            "patient_id": (patient or cls.patient).id,
            "doctor_id": (doctor or cls.doctor).id,
            "complaints": "Боль от холодного в зубе 36.",
            "anamnesis": "Боль появилась неделю назад.",
            "objective": "Кариозная полость на жевательной поверхности зуба 36.",
            "treatment": "Пломба из композита.",
            "diagnosis_id": cls.k02_1.id,
            "egisz_title": "Консультация стоматолога-терапевта",
            "egisz_epicrisis": "Кариес дентина зуба 36 вылечен.",
            "egisz_diagnosis_comment": "Зуб 36",
            **cls.codes,
            **vals,
        }
        return cls.env["dental.visit.record"].create(values)

    def _signed_document(self, **vals):
        """A visit record signed by its doctor, and the draft protocol it generated."""
        record = self._record(**vals)
        record.with_user(self.user_doctor).action_sign()
        return record, record.egisz_document_ids

    def _send_ready(self, **vals):
        """A protocol signed by the doctor and the organisation, queued."""
        _record, document = self._signed_document(**vals)
        document.with_user(self.user_doctor).action_sign_doctor()
        document.with_user(self.user_director).action_sign_organisation()
        return document

    def _other_diagnoses(self, *diagnoses):
        return [Command.set([d.id for d in diagnoses])]
