import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DentalPatientCommon

SCRIPT = '<p>Text</p><script>alert("x")</script><img src="x" onerror="alert(1)">'


@tagged("post_install", "-at_install")
class TestSecurity(DentalPatientCommon):
    """Issue 13: printed documents, the search's candidate window, book exports, scans, blacklists."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("dental_patient.document_template_pd_consent")
        cls.Document = cls.env["dental.patient.document"]

    def _print(self, user, patient=None):
        wizard = (
            self.env["dental.document.print"]
            .with_user(user)
            .create({"patient_id": (patient or self.patient).id, "template_id": self.template.id})
        )
        wizard.action_print()
        return (patient or self.patient).document_ids[:1]

    # ------------------------------------------------------------------ printed text
    def test_printed_text_only_from_the_print_wizard(self):
        for user in (self.user_registrar, self.user_assistant, self.user_coordinator):
            Document = self.Document.with_user(user)
            with self.assertRaises(AccessError):
                Document.create({"name": "Forged", "patient_id": self.patient.id, "body_html": SCRIPT})
            with self.assertRaises(AccessError):
                Document.create({"name": "Forged", "patient_id": self.patient.id, "pdf_attachment_id": 1})
        self.assertFalse(self.patient.document_ids, "nothing was stored")
        # the wizard prints, the patient's data escaped
        self.patient.last_name = "<script>alert(1)</script>Kuznetsov"
        document = self._print(self.user_registrar)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;Kuznetsov", document.body_html)
        self.assertNotIn("<script", document.body_html)
        self.assertTrue(document.pdf_attachment_id)
        as_registrar = document.with_user(self.user_registrar)
        with self.assertRaises(UserError):
            as_registrar.write({"body_html": SCRIPT})
        with self.assertRaises(UserError):
            as_registrar.write({"patient_id": self.other_patient().id})
        with self.assertRaises(AccessError):
            as_registrar.write({"pdf_attachment_id": False})
        # even server code writing it directly gets a sanitised text (no script, no event handler)
        forged = self.Document.create({"name": "Server", "patient_id": self.patient.id, "body_html": SCRIPT})
        self.assertIn("<p>Text</p>", forged.body_html)
        self.assertNotIn("script", forged.body_html)
        self.assertNotIn("onerror", forged.body_html)

    def other_patient(self):
        return self.env["dental.patient"].create({"last_name": "Second", "first_name": "Patient"})

    # ------------------------------------------------------------------ the search's candidate window
    def test_medical_condition_never_searched_without_the_rules(self):
        Patient = self.env["dental.patient"]
        Patient.create(
            {"last_name": "Oraclova", "first_name": "Hidden", "company_id": self.branch_b.id, "medical_note": "Diabet"}
        )
        Registrar = Patient.with_user(self.user_registrar)
        for note in ("diabet", "nothing-like-it"):
            for name_leaf in (("search_name", "ilike", "oraclov"), ("display_name", "ilike", "oraclov")):
                with self.assertRaises(AccessError, msg=f"{name_leaf} {note}"):
                    Registrar.search([name_leaf, ("medical_note", "ilike", note)], limit=80)
            with self.assertRaises(AccessError):
                Registrar.name_search("oraclov", [("medical_note", "ilike", note)])
        # a clinical role may search medical data, in its own branch only
        Assistant = Patient.with_user(self.user_assistant)
        self.assertFalse(
            Assistant.search([("search_name", "ilike", "oraclov"), ("medical_note", "ilike", "diabet")], limit=80)
        )
        self.assertFalse(Registrar.search([("search_name", "ilike", "oraclov")], limit=80))

    def test_only_the_name_fragment_condition_is_searched_without_the_rules(self):
        Patient = self.env["dental.patient"]
        name = ("search_name", "ilike", "oraclov")
        self.assertEqual(Patient._dental_fragment_conjunct([name, ("medical_note", "ilike", "x")]), [name])
        box = ["|", "|", name, ("card_number", "=ilike", "oraclov"), ("any_phone", "ilike", "oraclov")]
        self.assertEqual(Patient._dental_fragment_conjunct([("active", "=", True), *box]), box)
        self.assertIsNone(Patient._dental_fragment_conjunct(["|", name, ("medical_note", "ilike", "x")]))
        self.assertIsNone(Patient._dental_fragment_conjunct(["!", name]))
        self.assertIsNone(Patient._dental_fragment_conjunct([("search_name", "ilike", "ab")]))

    # ------------------------------------------------------------------ book export and import
    def _export(self, user, book="patients"):
        user.groups_id += self.env.ref("base.group_allow_export")  # Odoo's own right to export data
        content = self.env["dental.book.import"].with_user(user)._book_xlsx(book, with_data=True)
        return openpyxl.load_workbook(io.BytesIO(content)).active

    def test_export_writes_text_never_formulas(self):
        values = {
            "street": '=HYPERLINK("http://evil.example","click")',
            "city": "+1+2",
            "zip": "-2+3",
            "patronymic": "@SUM(1)",
        }
        self.patient.write(values)
        sheet = self._export(self.user_registrar)
        [row] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == str(self.patient.id)]
        cells = {cell.value: cell for cell in row}
        for value in values.values():
            self.assertIn(value, cells)
            self.assertEqual(cells[value].data_type, "s", value)

    def test_export_for_the_wizard_roles_within_the_limit(self):
        Wizard = self.env["dental.book.import"].with_context(lang="en_US")
        for user in (self.user_assistant, self.user_coordinator, self.user_employee):
            with self.assertRaises(AccessError):
                Wizard.with_user(user)._book_xlsx("patients", with_data=True)
            self.assertTrue(Wizard.with_user(user)._book_xlsx("patients"), "the empty template stays available")
        self.assertTrue(self._export(self.user_director).max_row >= 2)
        self.env["ir.config_parameter"].set_param("dental_patient.book_max_rows", "1")
        self.other_patient()
        with self.assertRaisesRegex(UserError, "more than 1 records"):
            Wizard.with_user(self.user_registrar)._book_xlsx("patients", with_data=True)

    def test_import_limits(self):
        Wizard = self.env["dental.book.import"].with_user(self.user_registrar).with_context(lang="en_US")
        rows = ["Last name,First name", "Aa,Bb", "Cc,Dd", "Ee,Ff"]
        self.env["ir.config_parameter"].set_param("dental_patient.book_max_rows", "2")
        wizard = Wizard.create(
            {"book": "patients", "file": base64.b64encode("\n".join(rows).encode()), "filename": "p.csv"}
        )
        with self.assertRaisesRegex(UserError, "3 rows, more than the 2"):
            wizard.action_import()
        self.env["ir.config_parameter"].set_param("dental_patient.book_import_max_mb", "1")
        big = "\n".join([*rows, *(f"Name{i},{'x' * 100}" for i in range(11000))]).encode()
        wizard = Wizard.create({"book": "patients", "file": base64.b64encode(big), "filename": "p.csv"})
        with self.assertRaisesRegex(UserError, "larger than 1 MB"):
            wizard.action_import()
        self.assertFalse(self.env["dental.patient"].search([("last_name", "in", ["Aa", "Name1"])]))

    # ------------------------------------------------------------------ printed PDFs and signed scans
    def test_printed_copy_and_signed_scan_kept_from_front_desk(self):
        document = self._print(self.user_registrar)
        pdf = document.pdf_attachment_id
        for user in (self.user_registrar, self.user_assistant, self.user_coordinator):
            with self.assertRaises(AccessError):
                pdf.with_user(user).unlink()
            with self.assertRaises(AccessError):
                pdf.with_user(user).write({"raw": b"forged"})
        # the first signed scan is uploaded by the front desk; replacing or removing it is for a Director
        as_registrar = document.with_user(self.user_registrar)
        as_registrar.write({"signed_file": base64.b64encode(b"scan"), "signed_filename": "scan.pdf"})
        self.assertEqual(document.state, "signed")
        scan = self.env["ir.attachment"].search(
            [("res_model", "=", document._name), ("res_id", "=", document.id), ("res_field", "=", "signed_file")]
        )
        self.assertTrue(scan)
        for user in (self.user_registrar, self.user_assistant):
            for vals in ({"signed_file": base64.b64encode(b"other")}, {"signed_file": False}, {"state": "printed"}):
                with self.assertRaises(AccessError):
                    document.with_user(user).write(vals)
            with self.assertRaises(AccessError):
                scan.with_user(user).unlink()
        self.assertEqual(base64.b64decode(document.signed_file), b"scan")
        document.with_user(self.user_director).write({"signed_file": base64.b64encode(b"better scan")})
        self.assertEqual(base64.b64decode(document.signed_file), b"better scan")
        pdf.with_user(self.user_director).unlink()
        self.assertFalse(document.pdf_attachment_id)

    # ------------------------------------------------------------------ blacklists
    def test_consent_lifts_only_numbers_every_holder_consents_to(self):
        Blacklist = self.env["phone.blacklist"]
        number = self.patient.mobile
        other = self.env["dental.patient"].create(
            {"last_name": "Sharing", "first_name": "Phone", "company_id": self.branch_b.id, "mobile": number}
        )
        other.sms_consent = False
        self.assertTrue(Blacklist.search([("number", "=", number)]))
        registrar_patient = self.patient.with_user(self.user_registrar)
        registrar_patient.sms_consent = False
        registrar_patient.sms_consent = True
        self.assertTrue(Blacklist.search([("number", "=", number)]), "the other patient still refuses")
        # the other patient consents, but the registrar cannot see them: not the registrar's to lift
        other.sms_consent = True  # superuser: both consent, the number is lifted
        self.assertFalse(Blacklist.search([("number", "=", number)]))
        Blacklist._add([number])
        registrar_patient.sms_consent = False
        registrar_patient.sms_consent = True
        self.assertTrue(Blacklist.search([("number", "=", number)]), "a patient of another branch has the number")
        # e-mail: same rule
        MailBlacklist = self.env["mail.blacklist"]
        self.patient.email = other.email = "shared@example.com"
        other.email_consent = False
        registrar_patient.email_consent = False
        registrar_patient.email_consent = True
        self.assertTrue(MailBlacklist.search([("email", "=", "shared@example.com")]))
        # alone with the number and consenting: lifted
        other.write({"mobile": False, "email": False})
        registrar_patient.write({"sms_consent": False, "email_consent": False})
        registrar_patient.write({"sms_consent": True, "email_consent": True})
        self.assertFalse(Blacklist.search([("number", "=", number)]))
        self.assertFalse(MailBlacklist.search([("email", "=", "shared@example.com")]))
