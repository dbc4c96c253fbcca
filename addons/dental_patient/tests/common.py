from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

ROLES = ("registrar", "assistant", "doctor", "coordinator", "director")


def add_role_users(cls, groups, login_prefix, name_prefix, **values):
    """One test user per role of ``cls.company``, as ``cls.user_<role>``.

    :param groups: {role: group xmlid(s)}; the login is ``<login_prefix>_<role>``, the name
        ``<name_prefix> <Role>``; ``values`` go to every user (tz, lang...). Shared by the dental addons' tests.
    """
    for role, group in groups.items():
        user = mail_new_test_user(
            cls.env,
            login=f"{login_prefix}_{role}",
            name=f"{name_prefix} {role.title()}",
            groups=group,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
            **values,
        )
        setattr(cls, f"user_{role}", user)


class DentalPatientCommon(TransactionCase):
    """Role users, a second branch and a patient shared by the dental_patient tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.ru")
        cls.branch_b = cls.env["res.company"].create({"name": "Branch B", "country_id": cls.env.ref("base.ru").id})
        add_role_users(cls, {role: f"dental_patient.group_{role}" for role in ROLES}, "dental", "Dental")
        cls.user_employee = mail_new_test_user(cls.env, login="plain_employee", groups="base.group_user")
        cls.patient = cls.env["dental.patient"].create(
            {
                "last_name": "Kuznetsov",
                "first_name": "Ivan",
                "patronymic": "Petrovich",
                "birth_date": "1990-05-17",
                "mobile": "+7 916 000-00-01",
            }
        )


def section_user(env, login, *sections, **values):
    """A user holding only the given sections (``"schedule_read"``, ``"medical_edit"``...), as a custom role gives.

    Shared by the dental addons' section tests.
    """
    groups = ",".join(f"dental_patient.group_section_{section}" for section in sections)
    return mail_new_test_user(env, login=login, name=login, groups=groups, **values)
