import io
import json
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DentalPatientCommon


@tagged("post_install", "-at_install")
class TestPrivacy(DentalPatientCommon):
    """Personal-data duties: consent history, export of everything held, anonymisation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient.write({"email": "ivan@example.com", "snils": False, "street": "Lenina 1", "city": "Moscow"})

    def _document(self):
        return self.env["dental.patient.document"].create({"name": "Signed consent", "patient_id": self.patient.id})

    # ------------------------------------------------------------------ consents
    def test_consent_records_drive_the_card_and_stay_as_evidence(self):
        document = self._document()
        consent = (
            self.env["dental.patient.consent"]
            .with_user(self.user_registrar)
            .create(
                {
                    "patient_id": self.patient.id,
                    "kind": "pd",
                    "given": True,
                    "date": "2026-03-01",
                    "document_id": document.id,
                }
            )
        )
        self.assertTrue(self.patient.pd_consent)
        self.assertEqual(str(self.patient.pd_consent_date), "2026-03-01")
        self.assertEqual(consent.source, "record")
        for user in (self.user_registrar, self.user_director):
            with self.assertRaises(UserError):
                consent.with_user(user).write({"given": False})
        with self.assertRaises(UserError):
            consent.sudo().unlink()
        with self.assertRaises(AccessError):
            consent.with_user(self.user_director).unlink()
        # ticking the card records the withdrawal with its date and author
        self.patient.with_user(self.user_registrar).write({"sms_consent": False})
        withdrawal = self.patient.consent_ids.filtered(lambda c: c.kind == "sms")
        self.assertEqual((withdrawal.given, withdrawal.source), (False, "card"))
        self.assertEqual(withdrawal.create_uid, self.user_registrar)  # recorded for the registrar who ticked it
        # another patient's document is refused as evidence
        other = self.env["dental.patient"].create({"last_name": "Petrov", "first_name": "Oleg"})
        with self.assertRaises(UserError):
            self.env["dental.patient.consent"].create(
                {"patient_id": other.id, "kind": "pd", "document_id": document.id}
            )

    # ------------------------------------------------------------------ export
    def test_export_holds_everything_and_is_directors_only(self):
        document = self._document()
        scan = self.env["ir.attachment"].create(
            {"name": "scan.pdf", "raw": b"%PDF-scan", "res_model": document._name, "res_id": document.id}
        )
        self.patient.write({"sms_consent": False})
        for user in (self.user_registrar, self.user_doctor, self.user_coordinator):
            with self.assertRaises(AccessError):
                self.patient.with_user(user).action_export_personal_data()
        # from the web client's reading context (bin_size): the files' contents are exported, not their sizes
        action = self.patient.with_user(self.user_director).with_context(bin_size=True).action_export_personal_data()
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "dental.patient"),
                ("res_id", "=", self.patient.id),
                ("mimetype", "=", "application/zip"),
            ]
        )
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        with zipfile.ZipFile(io.BytesIO(attachment.raw)) as archive:
            names = archive.namelist()
            data = json.loads(archive.read("personal_data.json"))
            # in test mode Odoo renders reports as HTML (wkhtmltopdf is not run): the printout's content
            printout = archive.read("personal_data.pdf").decode()
            self.assertEqual(archive.read(f"files/{scan.id}_scan.pdf"), b"%PDF-scan")
        self.assertIn("Kuznetsov", printout)
        self.assertIn("ivan@example.com", printout)
        self.assertIn("personal_data.pdf", names)
        sections = {section["model"]: section for section in data["sections"]}
        card = sections["dental.patient"]["records"][0]
        self.assertEqual(card["Email"], "ivan@example.com")
        self.assertEqual(card["Last Name"], "Kuznetsov")
        self.assertEqual(len(sections["dental.patient.document"]["records"]), 1)
        self.assertEqual(len(sections["dental.patient.consent"]["records"]), 1)
        self.assertIn(self.user_director.name, self.patient.message_ids[0].body)  # "exported by", in any language

    def test_export_of_another_branch_refused(self):
        self.patient.company_id = self.branch_b
        with self.assertRaises(AccessError):
            self.patient.with_user(self.user_director).action_export_personal_data()

    # ------------------------------------------------------------------ anonymisation
    def test_anonymisation_removes_identity_keeps_the_card(self):
        self.patient.write({"phone_ids": [(0, 0, {"number": "+7 916 000-00-09", "kind": "home"})]})
        document = self._document()
        self.patient.message_post(body="Called Ivan Kuznetsov about his crown")
        wizard = (
            self.env["dental.patient.anonymize.wizard"]
            .with_user(self.user_director)
            .create({"patient_id": self.patient.id, "reason": "Written request of 1 March"})
        )
        with self.assertRaises(UserError):  # not confirmed
            wizard.action_anonymize()
        wizard.confirm = True
        wizard.action_anonymize()
        patient = self.patient
        self.assertTrue(patient.exists() and patient.dental_anonymized)
        self.assertNotIn("Kuznetsov", patient.name)
        self.assertFalse(patient.partner_id.name.count("Ivan"))
        self.assertFalse(patient.mobile or patient.email or patient.street or patient.patronymic)
        self.assertEqual((patient.birth_date.month, patient.birth_date.day), (1, 1))
        self.assertEqual(patient.birth_date.year, 1990)
        self.assertFalse(patient.phone_ids)
        self.assertFalse(document.exists())
        bodies = " ".join(patient.message_ids.mapped("body"))
        self.assertNotIn("Kuznetsov", bodies)
        self.assertFalse(patient.message_ids.tracking_value_ids)
        self.assertIn("Written request of 1 March", bodies)
        # nobody finds the patient by the old name any more
        self.assertFalse(self.env["dental.patient"].search([("name", "ilike", "Kuznetsov")]))
        # once only
        with self.assertRaises(UserError):
            self.env["dental.patient.anonymize.wizard"].with_user(self.user_director).create(
                {"patient_id": patient.id, "reason": "again", "confirm": True}
            ).action_anonymize()

    def test_anonymisation_is_directors_only_and_not_forged(self):
        for user in (self.user_registrar, self.user_doctor):
            with self.assertRaises(AccessError):
                self.patient.with_user(user).action_anonymize_wizard()
            with self.assertRaises(AccessError):
                self.env["dental.patient.anonymize.wizard"].with_user(user).create(
                    {"patient_id": self.patient.id, "reason": "x", "confirm": True}
                )
        # the flag is never written directly, not even by a Director
        with self.assertRaises(AccessError):
            self.patient.with_user(self.user_director).write({"dental_anonymized": True})
        self.assertFalse(self.patient.dental_anonymized)
