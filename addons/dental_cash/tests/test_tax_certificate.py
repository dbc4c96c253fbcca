from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestTaxCertificate(DentalCashCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.root_id.write({"vat": "7707083893", "dental_kpp": "770701001", "dental_license_number": "Л041-1"})
        cls.relative.write(
            {
                "inn": "500100732259",
                "id_document_type": "passport_ru",
                "id_document_series": "4512",
                "id_document_number": "345678",
            }
        )
        cls.year = cls.day.year
        # the relative pays 40 000 (implant, code 2) + 1 000 (consultation, code 1) for the patient
        invoice = cls._invoice(41000.0, product=cls.service_consult)
        invoice.button_draft()
        invoice.invoice_line_ids.write({"price_unit": 1000.0})
        invoice.write(
            {
                "invoice_line_ids": [
                    (0, 0, {"product_id": cls.service_implant.id, "price_unit": 40000.0, "tax_ids": [(5,)]})
                ]
            }
        )
        invoice.action_post()
        cls._pay(41000.0, mode="pay", invoice=invoice, payer=cls.relative)
        # the patient pays a consultation himself, and keeps a deposit (not counted until used)
        own = cls._invoice(1000.0)
        cls._pay(1500.0, mode="pay", invoice=own)

    def _certificate(self, taxpayer):
        return self.env["dental.tax.certificate"].create(
            {"patient_id": self.patient.id, "taxpayer_id": taxpayer.id, "year": self.year}
        )

    def test_amounts_by_service_code_and_payer(self):
        certificate = self._certificate(self.relative)
        certificate.with_user(self.user_registrar).action_issue()
        self.assertEqual(certificate.state, "issued")
        self.assertTrue(certificate.name)
        self.assertEqual((certificate.amount_code1, certificate.amount_code2), (1000.0, 40000.0))
        self.assertFalse(certificate.taxpayer_is_patient)
        self.assertEqual(certificate.taxpayer_inn, "500100732259")
        self.assertEqual(certificate.taxpayer_doc_code, "21")
        self.assertEqual(certificate.company_inn, "7707083893")
        self.assertEqual(certificate.company_kpp, "770701001")
        own = self._certificate(self.patient)
        self.patient.inn = "500100732259"
        own.action_issue()
        self.assertEqual((own.amount_code1, own.amount_code2), (1000.0, 0.0), "the deposit is not counted")
        self.assertTrue(own.taxpayer_is_patient)
        self.assertNotEqual(own.name, certificate.name)

    def test_xml(self):
        certificate = self._certificate(self.relative)
        certificate.action_issue()
        filename, content = certificate._dental_xml()
        self.assertTrue(filename.startswith("UT_SVOPLMEDUSL_7707083893770701001_"))
        root = etree.fromstring(content)
        document = root.find("Документ")
        self.assertEqual(document.get("КНД"), "1151156")
        self.assertEqual(document.get("НомСпр"), certificate.name)
        self.assertEqual(document.get("НомКорр"), "0")
        self.assertEqual(document.get("ОтчГод"), str(self.year))
        self.assertEqual(document.get("ПрПациент"), "0")
        self.assertEqual(document.find("СвМедОрг").get("КПП"), "770701001")
        self.assertEqual(document.find("СвНП").get("ИННФЛ"), "500100732259")
        self.assertEqual(document.find("СвНП/ФИО").get("Фамилия"), "Kuznetsova")
        self.assertEqual(document.find("СвПац/ФИО").get("Фамилия"), "Kuznetsov")
        amounts = {node.get("КодУсл"): node.get("Сумма") for node in document.find("СумОпл")}
        self.assertEqual(amounts, {"1": "1000.00", "2": "40000.00"})
        action = certificate.action_download_xml()
        self.assertIn("/web/content/", action["url"])

    def test_correction_and_register(self):
        certificate = self._certificate(self.relative)
        certificate.action_issue()
        registrar = self.env(user=self.user_registrar)
        with self.assertRaises(UserError):
            certificate.with_env(registrar).write({"year": self.year - 1})
        with self.assertRaises(UserError):
            self._certificate(self.relative).with_env(registrar).write({"amount_code1": 5.0})
        forged = registrar["dental.tax.certificate"].create(
            {
                "patient_id": self.patient.id,
                "taxpayer_id": self.relative.id,
                "year": self.year,
                "state": "issued",
                "amount_code2": 1e6,
            }
        )
        self.assertEqual((forged.state, forged.amount_code2), ("draft", 0.0), "issuing alone sets them")
        with self.assertRaises(UserError):
            self._certificate(self.relative).action_issue()  # issued twice: a correction is due
        action = certificate.action_correct()
        correction = self.env["dental.tax.certificate"].browse(action["res_id"])
        self.assertEqual(correction.name, certificate.name)
        self.assertEqual(correction.correction_number, 1)
        self.assertEqual(correction.previous_id, certificate)
        self.assertEqual(certificate.state, "replaced")
        self.assertEqual(correction.state, "issued")
        register = self.env["dental.tax.certificate"].search(
            [("taxpayer_id", "=", self.relative.id), ("state", "!=", "draft")]
        )
        self.assertEqual(register, certificate | correction)

    def test_pdf_in_russian_with_amounts_in_words(self):
        certificate = self._certificate(self.relative)
        certificate.action_issue()
        self.assertIn("сорок тысяч", certificate._dental_amount_words(40000.0).lower())
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dental_cash.action_report_tax_certificate", certificate.ids)[0]
            .decode()
        )
        self.assertIn("об оплате медицинских услуг", html)
        self.assertIn("40000.00", html)

    def test_taxpayer_identity_required(self):
        certificate = self._certificate(self.patient)
        with self.assertRaises(UserError):
            certificate.action_issue()  # neither INN nor identity document on the patient's card
