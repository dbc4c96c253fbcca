from odoo.tests import tagged

from .common import DentalBookCase, DentalPatientCommon


@tagged("post_install", "-at_install")
class TestRecycleBin(DentalBookCase, DentalPatientCommon):
    """The books of dental_patient: deleted only without history, archived to the Recycle Bin and restored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Template = cls.env["dental.document.template"]
        cls.Group = cls.env["dental.patient.group"]
        cls.Status = cls.env["dental.patient.status"]

    def test_document_template(self):
        used, unused = self.Template.create([{"name": "Consent", "body": "<p>{{fio}}</p>"}, {"name": "Unused"}])
        self.env["dental.patient.document"].create(
            {"name": "Consent", "patient_id": self.patient.id, "template_id": used.id, "body_html": "<p>x</p>"}
        )
        self.assertDeleteRefused(used, "printed documents", user=self.user_director)
        self.assertBinRestores(used, "dental_patient.dental_document_template_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_patient_group(self):
        used, unused = self.Group.create([{"name": "VIP"}, {"name": "Unused"}])
        self.patient.group_id = used
        self.patient.action_archive()  # an archived patient is history too
        self.assertDeleteRefused(used, "patients", user=self.user_director)
        self.assertBinRestores(used, "dental_patient.dental_patient_group_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_patient_status(self):
        used, unused = self.Status.create([{"name": "Debtor"}, {"name": "Unused"}])
        self.patient.manual_status_ids = used
        self.assertDeleteRefused(used, "patients", user=self.user_director)
        self.assertBinRestores(used, "dental_patient.dental_patient_status_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_refused_for_the_superuser_too(self):
        """The rule is an ondelete hook: no client, the superuser included, deletes history."""
        group = self.Group.create({"name": "Corporate"})
        self.patient.group_id = group
        self.assertDeleteRefused(group, "patients")
        self.assertEqual(self.patient.group_id, group)

    def test_history_of_another_branch(self):
        """History the deleting user cannot read (another branch's patient) still forbids deleting."""
        group = self.Group.create({"name": "Shared"})
        other = self.env["dental.patient"].create(
            {"last_name": "Petrov", "first_name": "Oleg", "company_id": self.branch_b.id, "group_id": group.id}
        )
        self.assertFalse(self.env["dental.patient"].with_user(self.user_director).search([("id", "=", other.id)]))
        self.assertDeleteRefused(group, "patients", user=self.user_director)

    def test_registrar_cannot_restore_or_delete(self):
        for record in (
            self.Template.create({"name": "Contract"}),
            self.Group.create({"name": "Kids"}),
            self.Status.create({"name": "New"}),
        ):
            with self.subTest(model=record._name):
                self.assertBinDenied(record, self.user_registrar)

    def test_bin_menus(self):
        """The Recycle Bin lists every book of the addon, for the Director."""
        actions = [menu.action for menu in self.env.ref("dental_patient.dental_recycle_bin_menu").child_id]
        for xmlid in (
            "dental_patient.dental_document_template_action_archived",
            "dental_patient.dental_patient_group_action_archived",
            "dental_patient.dental_patient_status_action_archived",
        ):
            self.assertIn(self.env.ref(xmlid), actions)
