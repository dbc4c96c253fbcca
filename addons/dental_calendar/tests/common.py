from datetime import date, timedelta

from odoo.tests import TransactionCase

from odoo.addons.dental_patient.tests.common import add_role_users
from odoo.addons.dental_patient.tools.localtime import local_to_utc
from odoo.addons.mail.tests.common import mail_new_test_user

TZ = "Europe/Moscow"  # UTC+3 all year: local 10:00 is 07:00 UTC
DAY = date(2030, 3, 4)  # a Monday


class DentalCalendarCommon(TransactionCase):
    """Two branches with chairs, doctors with shifts, patients and role users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz=TZ, lang="en_US"))
        cls.company = cls.env.company
        cls.company.resource_calendar_id.tz = TZ
        cls.branch_b = cls.env["res.company"].create({"name": "Branch B"})
        cls.company.write(
            {
                "dental_work_start": 9.0,
                "dental_work_end": 21.0,
                "dental_calendar_step": 20,
                "dental_outside_hours": "warn",
                "dental_allow_no_doctor": False,
                "dental_doctor_parallel": False,
            }
        )
        cls.branch_b.resource_calendar_id.tz = TZ
        Chair = cls.env["dental.chair"]
        cls.chair_1 = Chair.create({"name": "Chair 1", "company_id": cls.company.id})
        cls.chair_2 = Chair.create({"name": "Chair 2", "company_id": cls.company.id})
        cls.chair_b = Chair.create({"name": "Chair B1", "company_id": cls.branch_b.id})

        groups = {
            "registrar": "dental_patient.group_registrar",
            "assistant": "dental_patient.group_assistant",
            "doctor": "dental_patient.group_doctor",
            "doctor_2": "dental_patient.group_doctor",
            "coordinator": "dental_patient.group_coordinator",
            "director": "dental_patient.group_director",
        }
        add_role_users(cls, groups, "dc", "Dental", tz=TZ, lang="en_US")
        cls.user_registrar_b = mail_new_test_user(
            cls.env,
            login="dc_registrar_b",
            name="Registrar B",
            groups="dental_patient.group_registrar",
            company_id=cls.branch_b.id,
            company_ids=[cls.branch_b.id],
            tz=TZ,
            lang="en_US",
        )
        Employee = cls.env["hr.employee"]
        cls.job_therapist = cls.env["hr.job"].create({"name": "Therapist"})
        cls.doctor = Employee.create(
            {"name": "Dr. Sergeev", "user_id": cls.user_doctor.id, "job_id": cls.job_therapist.id}
        )
        cls.doctor_2 = Employee.create({"name": "Dr. Orlova", "user_id": cls.user_doctor_2.id})
        cls.assistant = Employee.create({"name": "Nurse Belova", "user_id": cls.user_assistant.id})
        cls.doctor_b = Employee.create({"name": "Dr. Branchev", "company_id": cls.branch_b.id})

        Patient = cls.env["dental.patient"]
        cls.patient = Patient.create({"last_name": "Kuznetsov", "first_name": "Ivan", "phone": "+7 916 000-00-01"})
        cls.patient_2 = Patient.create({"last_name": "Popova", "first_name": "Olga", "phone": "+7 916 000-00-02"})
        cls.patient_b = Patient.create({"last_name": "Volkov", "first_name": "Petr", "company_id": cls.branch_b.id})

        Shift = cls.env["dental.shift"]
        cls.shift = Shift.create(
            {"employee_id": cls.doctor.id, "chair_id": cls.chair_1.id, "start": cls.at(9), "stop": cls.at(15)}
        )
        cls.shift_2 = Shift.create(
            {"employee_id": cls.doctor_2.id, "chair_id": cls.chair_2.id, "start": cls.at(9), "stop": cls.at(15)}
        )

    @classmethod
    def at(cls, hours, day=DAY, days=0):
        """Naive UTC datetime of local ``hours`` (10.5 = 10:30) on ``day`` (+ ``days``)."""
        return local_to_utc(day + timedelta(days=days), hours, TZ)

    @classmethod
    def book(cls, start, stop=None, chair=None, doctor=None, patient=None, env=None, **vals):
        env = env or cls.env
        values = {
            "patient_id": (patient or cls.patient).id,
            "chair_id": (chair or cls.chair_1).id,
            "doctor_id": (doctor if doctor is not None else cls.doctor).id,
            "start": start,
            "stop": stop or start + timedelta(minutes=40),
        }
        values.update(vals)
        return env["calendar.event"].create(values)
