from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalPatientCommon


@tagged("post_install", "-at_install")
class TestAccessRights(DentalPatientCommon):
    def test_front_desk_roles_create_and_edit_patients(self):
        for user in (self.user_registrar, self.user_coordinator, self.user_doctor, self.user_director):
            patient = self.env["dental.patient"].with_user(user).create({"last_name": "Role", "first_name": user.login})
            patient.phone = "+7 900 000-00-00"
            self.assertEqual(patient.name, f"Role {user.login}")

    def test_assistant_reads_and_edits_but_cannot_create(self):
        patient = self.patient.with_user(self.user_assistant)
        self.assertEqual(patient.name, "Kuznetsov Ivan Petrovich")
        patient.email = "ivan@example.com"
        with self.assertRaises(AccessError):
            self.env["dental.patient"].with_user(self.user_assistant).create({"last_name": "X", "first_name": "Y"})

    def test_only_director_deletes(self):
        for user in (self.user_registrar, self.user_doctor, self.user_coordinator, self.user_assistant):
            with self.assertRaises(AccessError):
                self.patient.with_user(user).unlink()
        self.patient.with_user(self.user_director).unlink()
        self.assertFalse(self.patient.exists())

    def test_employee_without_dental_role_has_no_access(self):
        with self.assertRaises(AccessError):
            self.patient.with_user(self.user_employee).read(["name"])

    def test_branch_isolation(self):
        other = self.env["dental.patient"].create(
            {"last_name": "Other", "first_name": "Branch", "company_id": self.branch_b.id}
        )
        Patient = self.env["dental.patient"].with_user(self.user_registrar)
        self.assertIn(self.patient, Patient.search([]))
        self.assertNotIn(other, Patient.search([]))
        with self.assertRaises(AccessError):
            other.with_user(self.user_registrar).read(["name"])
