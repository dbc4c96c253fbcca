from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class DentalPatientCommon(TransactionCase):
    """Role users and a few patients shared by the dental_patient tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.branch_b = cls.env["res.company"].create({"name": "Branch B"})
        groups = {
            "registrar": "dental_patient.group_registrar",
            "assistant": "dental_patient.group_assistant",
            "doctor": "dental_patient.group_doctor",
            "coordinator": "dental_patient.group_coordinator",
            "director": "dental_patient.group_director",
        }
        for role, group in groups.items():
            user = mail_new_test_user(
                cls.env,
                login=f"dental_{role}",
                name=f"Dental {role.title()}",
                groups=group,
                company_id=cls.company.id,
                company_ids=[cls.company.id],
            )
            setattr(cls, f"user_{role}", user)
        cls.user_employee = mail_new_test_user(cls.env, login="plain_employee", groups="base.group_user")
        cls.patient = cls.env["dental.patient"].create(
            {
                "last_name": "Kuznetsov",
                "first_name": "Ivan",
                "patronymic": "Petrovich",
                "birth_date": "1990-05-17",
                "phone": "+7 916 000-00-01",
            }
        )
