from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DentalPatientCommon


@tagged("post_install", "-at_install")
class TestAccessRights(DentalPatientCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient.medical_note = "Allergic to lidocaine"
        cls.other = cls.env["dental.patient"].create(
            {"last_name": "Other", "first_name": "Branch", "company_id": cls.branch_b.id}
        )
        cls.template = cls.env.ref("dental_patient.document_template_contract")

    def test_front_desk_roles_create_and_edit_patients(self):
        for user in (self.user_registrar, self.user_coordinator, self.user_doctor, self.user_director):
            patient = self.env["dental.patient"].with_user(user).create({"last_name": "Role", "first_name": user.login})
            patient.write({"mobile": "+7 900 000-00-00", "phone_ids": [(0, 0, {"number": "+7 901 000-00-00"})]})
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

    def test_medical_data_only_for_clinical_roles(self):
        for user in (self.user_assistant, self.user_doctor, self.user_director):
            self.assertEqual(self.patient.with_user(user).medical_note, "Allergic to lidocaine")
        for user in (self.user_registrar, self.user_coordinator):
            with self.assertRaises(AccessError):
                self.patient.with_user(user).read(["medical_note"])
            # the rest of the card stays readable
            self.assertTrue(self.patient.with_user(user).read(["name", "mobile", "card_number"]))

    def test_accountant_cannot_read_medical_data(self):
        groups = "base.group_user"
        if self.env.ref("account.group_account_invoice", raise_if_not_found=False):
            groups += ",account.group_account_invoice"
        accountant = mail_new_test_user(self.env, login="dental_accountant", groups=groups)
        with self.assertRaises(AccessError):
            self.patient.with_user(accountant).read(["medical_note"])
        # the accountant bills the partner, which carries no medical data
        self.assertEqual(self.patient.partner_id.with_user(accountant).name, "Kuznetsov Ivan Petrovich")
        self.assertNotIn("medical_note", self.env["res.partner"]._fields)

    def test_employee_without_dental_role_has_no_access(self):
        with self.assertRaises(AccessError):
            self.patient.with_user(self.user_employee).read(["name"])

    def test_branch_isolation(self):
        for role in ("registrar", "doctor", "assistant", "coordinator"):
            user = getattr(self, f"user_{role}")
            Patient = self.env["dental.patient"].with_user(user)
            self.assertIn(self.patient, Patient.search([]), role)
            self.assertNotIn(self.other, Patient.search([]), role)
            with self.assertRaises(AccessError):
                self.other.with_user(user).read(["name"])

    def test_rules_of_a_page_of_patients_checked_at_once(self):
        """From _DENTAL_SQL_RULE_CHECK records the rules are checked in one query: same answers as one by one."""
        Patient = self.env["dental.patient"]
        size = Patient._DENTAL_SQL_RULE_CHECK
        own = Patient.create([{"last_name": "Page", "first_name": f"Own {i}"} for i in range(size)])
        user = self.user_registrar
        self.assertEqual(own.with_user(user).read(["name"])[0]["name"], "Page Own 0")
        self.assertEqual(len(own.with_user(user)._filtered_access("read")), size)
        mixed = (own + self.other).with_user(user)
        with self.assertRaises(AccessError):
            mixed.read(["name"])
        self.assertEqual(mixed._filtered_access("read"), own.with_user(user))
        self.assertFalse(mixed.has_access("read"))
        # the same records below the threshold take Odoo's own check, with the same answers
        with self.assertRaises(AccessError):
            (own[:2] + self.other).with_user(user).read(["name"])
        # a deleted record is missing, not forbidden
        ghost = Patient.create({"last_name": "Ghost", "first_name": "Patient"})
        ids = [*own.ids, ghost.id]
        ghost.unlink()
        self.assertIsNone(Patient.browse(ids).with_user(user)._check_access("read"))

    def test_name_fragment_page_under_rules_equals_the_full_search(self):
        """The fragment search's rule-free candidate window never changes the page a user gets."""
        Patient = self.env["dental.patient"]
        # the first matches in name order belong to the other branch: the window holds no visible patient
        hidden = Patient.create(
            [
                {"last_name": f"Aazimov{i:03d}", "first_name": "Hidden", "company_id": self.branch_b.id}
                for i in range(120)
            ]
        )
        visible = Patient.create([{"last_name": f"Bazimov{i:03d}", "first_name": "Shown"} for i in range(5)])
        user = self.user_registrar
        UserPatient = Patient.with_user(user)
        domain = [("search_name", "ilike", "azimov")]
        self.assertEqual(UserPatient.search(domain, limit=3), visible[:3])
        self.assertEqual(UserPatient.search(domain, offset=3, limit=3), visible[3:])
        self.assertEqual([pid for pid, _name in UserPatient.name_search("azimov", limit=2)], visible[:2].ids)
        # a user seeing both branches gets the hidden ones first
        user.write({"company_ids": [(4, self.branch_b.id)]})
        both = Patient.with_user(user).with_context(allowed_company_ids=[self.company.id, self.branch_b.id])
        self.assertEqual(both.search(domain, limit=2), hidden[:2])
        self.assertEqual(both.search(domain, offset=119, limit=3), hidden[119:] + visible[:2])

    def test_head_company_patients_shared_with_branches(self):
        branch = self.env["res.company"].create({"name": "Child branch", "parent_id": self.company.id})
        user = self.user_registrar
        user.write({"company_ids": [(4, branch.id)], "company_id": branch.id})
        Patient = self.env["dental.patient"].with_user(user).with_company(branch)
        self.assertIn(self.patient, Patient.search([]))

    def test_templates_managed_by_director_only(self):
        for user in (self.user_registrar, self.user_doctor, self.user_coordinator, self.user_assistant):
            self.assertTrue(self.template.with_user(user).name)
            with self.assertRaises(AccessError):
                self.template.with_user(user).write({"name": "Changed"})
        self.template.with_user(self.user_director).write({"name": "Changed"})

    def test_staff_print_documents_and_manage_families(self):
        for user in (self.user_registrar, self.user_doctor, self.user_coordinator, self.user_assistant):
            wizard = (
                self.env["dental.document.print"]
                .with_user(user)
                .create({"patient_id": self.patient.id, "template_id": self.template.id})
            )
            wizard.action_print()
            family = self.env["dental.family"].with_user(user).create({"name": f"Family {user.login}"})
            family.member_ids = [(4, self.patient.id)]
            self.assertEqual(self.patient.family_id, family)
        self.assertEqual(len(self.patient.document_ids), 4)

    def test_reference_books_read_only_for_staff(self):
        group = self.env["dental.patient.group"].create({"name": "VIP"})
        status = self.env["dental.patient.status"].create({"name": "Lost", "condition": "no_visit_months"})
        for user in (self.user_registrar, self.user_doctor):
            self.assertEqual(group.with_user(user).name, "VIP")
            with self.assertRaises(AccessError):
                group.with_user(user).write({"name": "X"})
            with self.assertRaises(AccessError):
                status.with_user(user).unlink()
        group.with_user(self.user_director).write({"name": "Very important"})

    def test_consent_toggle_by_registrar_updates_blacklist(self):
        self.patient.with_user(self.user_registrar).sms_consent = False
        self.assertTrue(self.env["phone.blacklist"].search([("number", "=", self.patient.mobile)]))
