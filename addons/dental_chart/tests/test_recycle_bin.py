from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import DentalBookCase

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestRecycleBin(DentalBookCase, DentalChartCommon):
    """The books of dental_chart: deleted only without history, archived to the Recycle Bin and restored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Diagnosis = cls.env["dental.diagnosis"]
        cls.own_diagnoses = cls.Diagnosis.create(
            [{"code": "Z99.1", "name": "Clinic's own, used"}, {"code": "Z99.2", "name": "Clinic's own, unused"}]
        )

    def _service(self, name):
        return self.env["product.template"].create({"name": name, "is_dental_service": True, "list_price": 100.0})

    def test_diagnosis(self):
        used, unused = self.own_diagnoses
        self._finding(self.tooth_36, "2026-01-10", diagnosis=used)
        self.assertDeleteRefused(used, "chart findings", user=self.user_director)
        self.assertBinRestores(used, "dental_chart.dental_diagnosis_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_diagnosis_of_a_visit_record(self):
        used = self.own_diagnoses[0]
        self.env["dental.visit.record"].create(
            {"patient_id": self.patient.id, "doctor_id": self.doctor.id, "other_diagnosis_ids": [Command.set(used.ids)]}
        )
        self.assertDeleteRefused(used, "visit records", user=self.user_director)

    def test_official_icd10_code_is_archived_not_deleted(self):
        code = self.Diagnosis.create({"code": "K99.9", "name": "Shipped", "is_icd10": True})
        self.assertDeleteRefused(code, "the official ICD-10 list", user=self.user_director)

    def test_diagnosis_category(self):
        used, unused = self.env["dental.diagnosis.category"].create([{"name": "Own block"}, {"name": "Empty block"}])
        self.own_diagnoses[0].category_id = used
        self.assertDeleteRefused(used, "diagnoses", user=self.user_director)
        self.assertBinRestores(used, "dental_chart.dental_diagnosis_category_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_condition(self):
        used, unused = self.env["dental.condition"].create(
            [{"name": "Chip", "code": "chip"}, {"name": "X", "code": "x"}]
        )
        self._finding(self.tooth_11, "2026-01-10", condition=used)
        self.assertDeleteRefused(used, "chart findings", user=self.user_director)
        self.assertBinRestores(used, "dental_chart.dental_condition_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_record_and_plan_templates_have_no_history(self):
        """Their text is copied into the record or the plan: nothing refers to them, they may be deleted."""
        record_template = self.env["dental.record.template"].create({"name": "Caries", "complaints": "Pain"})
        plan_template = self.env["dental.plan.template"].create({"name": "Caries treatment"})
        self.assertBinRestores(record_template, "dental_chart.dental_record_template_action_archived", self.user_doctor)
        self.assertBinRestores(plan_template, "dental_chart.dental_plan_template_action_archived", self.user_doctor)
        self.assertDeleted(record_template, user=self.user_director)
        self.assertDeleted(plan_template, user=self.user_director)

    def test_nsi_service(self):
        used, unused = self.env["dental.nsi.service"].create(
            [{"code": "A99.07.001", "name": "Used"}, {"code": "A99.07.002", "name": "Unused"}]
        )
        self.service_filling.dental_nsi_service_id = used
        self.assertDeleteRefused(used, "services", user=self.user_director)
        self.assertBinRestores(used, "dental_chart.dental_nsi_service_action_archived", self.user_director)
        self.assertDeleted(unused, user=self.user_director)

    def test_service_on_a_plan(self):
        self._plan([(self.service_filling, self.tooth_36, 1)])
        template = self.service_filling.product_tmpl_id
        self.assertDeleteRefused(template, "treatment plans and orders")
        # deleting the variant (product.product) is refused as well, the template stays
        self.assertDeleteRefused(self.service_filling, "treatment plans and orders")
        self.assertTrue(template.exists())

    def test_service_of_a_finding(self):
        service = self._service("Sealing")
        self._finding(self.tooth_36, "2026-01-10", product_id=service.product_variant_id.id)
        self.assertDeleteRefused(service, "chart findings")

    def test_service_bin_and_deletion(self):
        service, unused = self._service("Whitening"), self._service("Unused")
        goods = self.env["product.template"].create({"name": "Toothpaste", "type": "consu"})
        goods.action_archive()
        self.assertBinRestores(service, "dental_chart.product_template_action_archived")
        self.assertTrue(service.product_variant_id.active, "restoring the service restores its variant")
        self.assertFalse(
            self._bin_records("dental_chart.product_template_action_archived").filtered(
                lambda product: not product.is_dental_service
            ),
            "the bin of services lists dental services only",
        )
        self.assertNotIn(goods, self._bin_records("dental_chart.product_template_action_archived"))
        self.assertDeleted(unused)

    def test_other_products_keep_odoo_deletion(self):
        """A product that is not a dental service is deleted as Odoo decides, history or not."""
        product = self.env["product.product"].create({"name": "Toothbrush", "type": "consu", "list_price": 300.0})
        self.env["dental.chart.finding"].create(
            {"patient_id": self.patient.id, "tooth_ids": [Command.set(self.tooth_36.ids)], "product_id": product.id}
        )
        product.product_tmpl_id.unlink()
        self.assertFalse(product.exists())

    def test_doctor_and_registrar_cannot_restore_or_delete(self):
        """Doctors edit the clinical books (restore) but do not delete them; the front desk does neither."""
        template = self.env["dental.record.template"].create({"name": "Pulpitis"})
        template.action_archive()
        with self.assertRaises(AccessError):
            template.with_user(self.user_doctor).unlink()
        for record in (
            self.own_diagnoses[1],
            self.env["dental.diagnosis.category"].create({"name": "Block"}),
            template,
            self.env["dental.plan.template"].create({"name": "Plan"}),
            self.env["dental.condition"].create({"name": "Y", "code": "y"}),
            self.env["dental.nsi.service"].create({"code": "A99.07.003", "name": "N"}),
            self._service("Polishing"),
        ):
            with self.subTest(model=record._name):
                self.assertBinDenied(record, self.user_registrar)

    def test_bin_menus(self):
        actions = [menu.action for menu in self.env.ref("dental_patient.dental_recycle_bin_menu").child_id]
        for xmlid in (
            "product_template_action_archived",
            "dental_diagnosis_action_archived",
            "dental_diagnosis_category_action_archived",
            "dental_record_template_action_archived",
            "dental_plan_template_action_archived",
            "dental_condition_action_archived",
            "dental_nsi_service_action_archived",
        ):
            self.assertIn(self.env.ref(f"dental_chart.{xmlid}"), actions)
