import logging
import re

from odoo.tests import HttpCase, tagged

from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestDentalPatientUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tours read English labels; a database created in Russian has no English active.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env.ref("base.user_admin").lang = "en_US"
        cls.env.company.dental_phone_country_id = cls.env.ref("base.ru")

    def test_create_patient_tour(self):
        self.start_tour("/odoo", "dental_patient_create", login="admin")
        patient = self.env["dental.patient"].search([("last_name", "=", "Tourova")])
        self.assertEqual(len(patient), 1)
        self.assertEqual(patient.name, "Tourova Vera Ivanovna")
        self.assertEqual(patient.mobile, "+79161112233")
        self.assertTrue(patient.card_number)

    def test_family_and_contract_tour(self):
        self.start_tour("/odoo", "dental_patient_family_contract", login="admin")
        patient = self.env["dental.patient"].search([("last_name", "=", "Semyonova")])
        self.assertEqual(len(patient), 1)
        self.assertTrue(patient.family_id, "the family was created from the card")
        self.assertIn("Semyonova", patient.family_id.name)
        contract = self.env.ref("dental_patient.document_template_contract")
        document = patient.document_ids
        self.assertEqual(document.template_id, contract)
        self.assertIn("Semyonova Olga", document.body_html)
        self.assertTrue(document.pdf_attachment_id)

    def test_import_patients_tour(self):
        self.start_tour("/odoo", "dental_patient_import", login="admin")
        imported = self.env["dental.patient"].search([("last_name", "in", ["Importova", "Importov"])])
        self.assertEqual(len(imported), 2)
        child = imported.filtered(lambda p: p.last_name == "Importov")
        self.assertEqual(child.mobile, "+79035550011")
        self.assertEqual(child.birth_date_precision, "day_month")

    def test_document_pdf_is_rendered(self):
        # An HttpCase: wkhtmltopdf fetches the report assets from the running server.
        patient = self.env["dental.patient"].create({"last_name": "Pdf", "first_name": "Check"})
        template = self.env.ref("dental_patient.document_template_pd_consent")
        document = self.env["dental.patient.document"].create(
            {
                "name": "Consent",
                "patient_id": patient.id,
                "template_id": template.id,
                "body_html": template._render_for_patient(patient),
            }
        )
        document.with_context(force_report_rendering=True)._render_pdf()
        self.assertTrue(document.pdf_attachment_id.raw.startswith(b"%PDF"))

    def test_js_unit_tests(self):
        lines = []
        collector = logging.Handler()
        collector.emit = lambda record: lines.append(record.getMessage())
        logger = logging.getLogger("odoo.addons.dental_patient")
        logger.addHandler(collector)
        try:
            self.browser_js(
                "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&tag=dental_patient",
                "",
                "",
                login="admin",
                timeout=300,
                success_signal="[HOOT] test suite succeeded",
                error_checker=unit_test_error_checker,
            )
        finally:
            logger.removeHandler(collector)
        passed = [int(n) for line in lines for n in re.findall(r"passed (\d+) tests", line)]
        self.assertEqual(passed, [7], "exactly the dental_patient suites ran")
