from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase
from odoo.tools.safe_eval import safe_eval

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


class DentalBookCase:
    """Assertions on a reference book of the clinic (``dental.book.mixin``) and its Recycle Bin action.

    Mixed into the addons' ``TransactionCase`` classes; ``self.env`` deletes as superuser unless a user is given
    (the rule binds everyone, the superuser included).
    """

    def assertDeleteRefused(self, record, history, user=None):
        """Deleting ``record`` (with history) is refused with a message naming it and ``history``; nothing changes."""
        name = record.with_context(lang="en_US").display_name
        with self.assertRaises(UserError) as caught:
            record.with_user(user or self.env.user).with_context(lang="en_US").unlink()
        message = str(caught.exception)
        self.assertIn(name, message)
        self.assertIn(history, message)
        self.assertIn("Archive it instead", message)
        self.assertTrue(record.exists(), "a record with history is kept")

    def assertDeleted(self, record, user=None):
        """A record without history is deleted."""
        record.with_user(user or self.env.user).unlink()
        self.assertFalse(record.exists())

    def assertBinRestores(self, record, bin_xmlid, user=None):
        """Archiving puts ``record`` in the Recycle Bin action (and only archived records are listed there);
        Restore (``action_unarchive``) takes it out, active again."""
        record = record.with_user(user or self.env.user)
        self.assertNotIn(record, self._bin_records(bin_xmlid), "an active record is not in the bin")
        record.action_archive()
        self.assertFalse(record.active)
        listed = self._bin_records(bin_xmlid)
        self.assertIn(record, listed)
        self.assertFalse(listed.filtered("active"), "the bin lists archived records only")
        record.action_unarchive()
        self.assertTrue(record.active)
        self.assertNotIn(record, self._bin_records(bin_xmlid))

    def assertBinDenied(self, record, user):
        """``user`` (who cannot edit the book) can neither restore nor delete an archived record of it."""
        record.action_archive()
        with self.assertRaises(AccessError):
            record.with_user(user).action_unarchive()
        with self.assertRaises(AccessError):
            record.with_user(user).unlink()
        self.assertTrue(record.exists())
        self.assertFalse(record.active)

    def _bin_records(self, bin_xmlid):
        """The records the Recycle Bin action lists (its domain and context, as the web client reads them)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(bin_xmlid)
        context = safe_eval(action["context"])
        domain = safe_eval(action["domain"])
        return self.env[action["res_model"]].with_context(**context).search(domain)


def section_user(env, login, *sections, **values):
    """A user holding only the given sections (``"schedule_read"``, ``"medical_edit"``...), as a custom role gives.

    Shared by the dental addons' section tests.
    """
    groups = ",".join(f"dental_patient.group_section_{section}" for section in sections)
    return mail_new_test_user(env, login=login, name=login, groups=groups, **values)
