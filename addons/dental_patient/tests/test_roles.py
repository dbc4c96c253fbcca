from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DentalPatientCommon, section_user


@tagged("post_install", "-at_install")
class TestCustomRoles(DentalPatientCommon):
    """Custom roles made of sections, given through positions; who may hand them out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient.medical_note = "Allergic to lidocaine"
        cls.Role = cls.env["dental.role"].with_user(cls.user_director)
        cls.role_admin = cls.Role.create({"name": "Administrator", "schedule_access": "edit", "money_access": "read"})
        cls.job_admin = cls.env["hr.job"].create({"name": "Administrator", "dental_role_id": cls.role_admin.id})
        cls.job_plain = cls.env["hr.job"].create({"name": "Cleaner"})
        cls.job_director = cls.env["hr.job"].create(
            {"name": "Chief", "dental_role_id": cls.env.ref("dental_patient.dental_role_director").id}
        )
        cls.staff = mail_new_test_user(cls.env, login="role_staff", name="Role Staff", groups="base.group_user")
        cls.hr_officer = mail_new_test_user(
            cls.env, login="role_hr", name="HR Officer", groups="base.group_user,hr.group_hr_user"
        )
        cls.hr_officer_employee = cls.env["hr.employee"].create({"name": "HR Officer", "user_id": cls.hr_officer.id})

    def group(self, xmlid):
        return self.env.ref(f"dental_patient.group_{xmlid}")

    # ------------------------------------------------------------------ the role's group
    def test_custom_role_group_implies_ticked_sections(self):
        group = self.role_admin.group_id
        self.assertTrue(self.role_admin.is_custom)
        self.assertEqual(group.name, "Administrator")
        self.assertIn(self.group("section_schedule_edit"), group.implied_ids)
        self.assertIn(self.group("section_money_read"), group.implied_ids)
        self.assertNotIn(self.group("section_medical_read"), group.trans_implied_ids)
        self.assertNotIn(self.group("section_money_edit"), group.trans_implied_ids)

    def test_editing_sections_updates_users(self):
        employee = self.env["hr.employee"].create(
            {"name": "Staff", "user_id": self.staff.id, "job_id": self.job_admin.id}
        )
        self.assertTrue(employee)
        self.assertTrue(self.staff.has_group("dental_patient.group_section_schedule_edit"))
        self.role_admin.write({"schedule_access": "read", "medical_access": "read", "money_access": "none"})
        self.staff.invalidate_recordset()
        self.assertTrue(self.staff.has_group("dental_patient.group_section_schedule_read"))
        self.assertFalse(self.staff.has_group("dental_patient.group_section_schedule_edit"))
        self.assertTrue(self.staff.has_group("dental_patient.group_section_medical_read"))
        self.assertFalse(self.staff.has_group("dental_patient.group_section_money_read"))
        self.assertEqual(self.patient.with_user(self.staff).medical_note, "Allergic to lidocaine")

    def test_builtin_role_sections_are_fixed(self):
        doctor = self.env.ref("dental_patient.dental_role_doctor").with_user(self.user_director)
        with self.assertRaises(UserError):
            doctor.write({"money_access": "edit"})
        with self.assertRaises(UserError):
            doctor.unlink()

    # ------------------------------------------------------------------ positions
    def test_position_gives_and_takes_back_the_role(self):
        employee = self.env["hr.employee"].create({"name": "Staff", "user_id": self.staff.id})
        self.assertFalse(self.staff.has_group("dental_patient.group_section_schedule_read"))
        employee.job_id = self.job_admin
        self.assertIn(self.role_admin.group_id, self.staff.groups_id)
        self.assertTrue(self.staff.has_group("dental_patient.group_section_schedule_edit"))
        self.assertTrue(self.staff.has_group("dental_patient.group_section_patients_edit"))
        employee.job_id = self.job_plain
        self.staff.invalidate_recordset()
        self.assertNotIn(self.role_admin.group_id, self.staff.groups_id)
        self.assertFalse(self.staff.has_group("dental_patient.group_section_schedule_read"))
        self.assertFalse(self.staff.has_group("dental_patient.group_section_money_read"))
        self.assertTrue(self.staff.has_group("base.group_user"))

    def test_position_role_change_updates_its_users(self):
        self.env["hr.employee"].create({"name": "Staff", "user_id": self.staff.id, "job_id": self.job_plain.id})
        self.assertFalse(self.staff.has_group("dental_patient.group_registrar"))
        self.job_plain.with_user(self.user_director).dental_role_id = self.env.ref(
            "dental_patient.dental_role_registrar"
        )
        self.assertTrue(self.staff.has_group("dental_patient.group_registrar"))
        self.job_plain.with_user(self.user_director).dental_role_id = False
        self.staff.invalidate_recordset()
        self.assertFalse(self.staff.has_group("dental_patient.group_registrar"))

    def test_manually_granted_group_is_kept(self):
        """A role the user held before the position gave it stays when the position goes."""
        self.staff.groups_id = [Command.link(self.group("registrar").id)]
        employee = self.env["hr.employee"].create({"name": "Staff", "user_id": self.staff.id})
        self.job_plain.dental_role_id = self.env.ref("dental_patient.dental_role_registrar")
        employee.job_id = self.job_plain
        employee.job_id = False
        self.staff.invalidate_recordset()
        self.assertTrue(self.staff.has_group("dental_patient.group_registrar"))

    def test_archiving_or_unlinking_the_user_takes_back_the_role(self):
        employee = self.env["hr.employee"].create(
            {"name": "Staff", "user_id": self.staff.id, "job_id": self.job_admin.id}
        )
        self.assertIn(self.role_admin.group_id, self.staff.groups_id)
        employee.user_id = False
        self.staff.invalidate_recordset()
        self.assertNotIn(self.role_admin.group_id, self.staff.groups_id)
        employee.user_id = self.staff
        self.assertIn(self.role_admin.group_id, self.staff.groups_id)
        employee.active = False
        self.staff.invalidate_recordset()
        self.assertNotIn(self.role_admin.group_id, self.staff.groups_id)

    def test_roles_of_employees_in_two_branches_add_up(self):
        self.staff.write({"company_ids": [Command.link(self.branch_b.id)]})
        first = self.env["hr.employee"].create({"name": "Staff", "user_id": self.staff.id, "job_id": self.job_admin.id})
        self.env["hr.employee"].create(
            {
                "name": "Staff B",
                "user_id": self.staff.id,
                "company_id": self.branch_b.id,
                "job_id": self.job_admin.id,
            }
        )
        first.job_id = self.job_plain
        self.staff.invalidate_recordset()
        # the branch B employee still holds the position
        self.assertIn(self.role_admin.group_id, self.staff.groups_id)

    def test_deleting_a_custom_role_takes_back_its_sections(self):
        role = self.Role.create({"name": "Temp", "settings_access": "edit"})
        self.staff.groups_id = [Command.link(role.group_id.id)]
        self.assertTrue(self.staff.has_group("dental_patient.group_section_settings_edit"))
        with self.assertRaises(UserError):
            self.role_admin.unlink()  # a position has it
        role.unlink()
        self.staff.invalidate_recordset()
        self.assertFalse(self.staff.has_group("dental_patient.group_section_settings_read"))

    # ------------------------------------------------------------------ who may hand out roles
    def test_registrar_cannot_make_or_give_roles(self):
        registrar = self.user_registrar
        with self.assertRaises(AccessError):
            self.env["dental.role"].with_user(registrar).create({"name": "Mine", "medical_access": "edit"})
        with self.assertRaises(AccessError):
            self.role_admin.with_user(registrar).write({"medical_access": "edit"})
        with self.assertRaises(AccessError):
            self.job_admin.with_user(registrar).write(
                {"dental_role_id": self.env.ref("dental_patient.dental_role_director").id}
            )
        with self.assertRaises(AccessError):
            self.role_admin.group_id.with_user(registrar).write(
                {"implied_ids": [Command.link(self.group("director").id)]}
            )
        employee = self.env["hr.employee"].create({"name": "Registrar", "user_id": registrar.id})
        with self.assertRaises(AccessError):
            employee.with_user(registrar).write({"job_id": self.job_director.id})
        with self.assertRaises(AccessError):
            registrar.with_user(registrar).write(
                {"dental_position_group_ids": [Command.link(self.group("director").id)]}
            )
        self.assertFalse(registrar.has_group("dental_patient.group_director"))

    def test_hr_officer_cannot_give_themselves_a_role(self):
        officer = self.hr_officer
        with self.assertRaises(AccessError):
            self.hr_officer_employee.with_user(officer).write({"job_id": self.job_director.id})
        with self.assertRaises(AccessError):
            self.env["hr.employee"].with_user(officer).create(
                {"name": "Staff", "user_id": self.staff.id, "job_id": self.job_admin.id}
            )
        with self.assertRaises(AccessError):
            self.job_plain.with_user(officer).write(
                {"dental_role_id": self.env.ref("dental_patient.dental_role_director").id}
            )
        with self.assertRaises(AccessError):
            self.env["hr.job"].with_user(officer).create(
                {"name": "Boss", "dental_role_id": self.env.ref("dental_patient.dental_role_director").id}
            )
        # a position without a role is HR's business as before
        self.hr_officer_employee.with_user(officer).write({"job_id": self.job_plain.id})
        self.assertEqual(self.hr_officer_employee.job_id, self.job_plain)
        self.assertFalse(officer.has_group("dental_patient.group_director"))

    def test_director_cannot_point_a_role_at_another_group(self):
        with self.assertRaises(AccessError):
            self.Role.create({"name": "Admin", "group_id": self.env.ref("base.group_system").id})
        with self.assertRaises(AccessError):
            self.role_admin.write({"group_id": self.env.ref("base.group_system").id})
        with self.assertRaises(AccessError):
            self.role_admin.write({"is_custom": False})
        # the custom role's group implies the internal user and sections, nothing else
        self.assertEqual(
            self.role_admin.group_id.implied_ids - self.env["dental.role"]._get_all_section_groups(),
            self.env.ref("base.group_user"),
        )

    def test_director_gives_a_position_through_the_job(self):
        employee = self.env["hr.employee"].create({"name": "Staff", "user_id": self.staff.id})
        # the Director is no HR officer: the job's role is theirs to set, the employee's position is HR's
        self.job_plain.with_user(self.user_director).dental_role_id = self.role_admin
        director_hr = mail_new_test_user(
            self.env, login="role_director_hr", groups="dental_patient.group_director,hr.group_hr_user"
        )
        employee.with_user(director_hr).job_id = self.job_plain
        self.assertIn(self.role_admin.group_id, self.staff.groups_id)
        self.assertTrue(self.staff.has_group("dental_patient.group_section_schedule_edit"))


@tagged("post_install", "-at_install")
class TestSectionsPatients(DentalPatientCommon):
    """One test per section of dental_patient: the real outcome of each level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient.medical_note = "Allergic to lidocaine"

    def test_patients_read(self):
        user = section_user(self.env, "sec_patients_read", "patients_read")
        patient = self.patient.with_user(user)
        self.assertEqual(patient.name, "Kuznetsov Ivan Petrovich")
        with self.assertRaises(AccessError):
            patient.write({"email": "x@example.com"})
        with self.assertRaises(AccessError):
            self.env["dental.patient"].with_user(user).create({"last_name": "New", "first_name": "One"})
        with self.assertRaises(AccessError):
            patient.read(["medical_note"])

    def test_patients_edit(self):
        user = section_user(self.env, "sec_patients_edit", "patients_edit")
        created = self.env["dental.patient"].with_user(user).create({"last_name": "New", "first_name": "One"})
        self.patient.with_user(user).write({"email": "ivan@example.com"})
        self.assertEqual(self.patient.email, "ivan@example.com")
        with self.assertRaises(AccessError):
            self.patient.with_user(user).read(["medical_note"])
        with self.assertRaises(AccessError):
            self.patient.with_user(user).write({"medical_note": "none"})
        with self.assertRaises(AccessError):
            created.unlink()
        self.assertEqual(self.patient.medical_note, "Allergic to lidocaine")

    def test_medical_read_on_the_card(self):
        user = section_user(self.env, "sec_medical_read", "medical_read", "patients_edit")
        patient = self.patient.with_user(user)
        self.assertEqual(patient.medical_note, "Allergic to lidocaine")
        with self.assertRaises(AccessError):
            patient.write({"medical_note": "Nothing"})
        with self.assertRaises(AccessError):
            self.env["dental.patient"].with_user(user).create(
                {"last_name": "New", "first_name": "One", "medical_note": "x"}
            )
        self.assertEqual(self.patient.medical_note, "Allergic to lidocaine")

    def test_medical_edit_on_the_card(self):
        user = section_user(self.env, "sec_medical_edit", "medical_edit")
        self.patient.with_user(user).write({"medical_note": "Penicillin"})
        self.assertEqual(self.patient.medical_note, "Penicillin")

    def test_settings_read_and_edit(self):
        template = self.env.ref("dental_patient.document_template_contract")
        reader = section_user(self.env, "sec_settings_read", "settings_read")
        self.assertTrue(template.with_user(reader).name)
        with self.assertRaises(AccessError):
            template.with_user(reader).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["dental.patient.status"].with_user(reader).create({"name": "VIP"})
        with self.assertRaises(AccessError):
            self.patient.with_user(reader).read(["name"])
        editor = section_user(self.env, "sec_settings_edit", "settings_edit")
        template.with_user(editor).write({"name": "Changed"})
        self.env["dental.patient.status"].with_user(editor).create({"name": "VIP"})
        self.assertEqual(template.name, "Changed")
        # settings never include the roles: a section cannot hand out rights
        with self.assertRaises(AccessError):
            self.env["dental.role"].with_user(editor).create({"name": "Mine", "medical_access": "edit"})

    def test_no_section_no_patient(self):
        user = section_user(self.env, "sec_reports_read", "reports_read")
        with self.assertRaises(AccessError):
            self.patient.with_user(user).read(["name"])
