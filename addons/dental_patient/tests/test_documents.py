import re

from markupsafe import Markup

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DentalPatientCommon


@tagged("post_install", "-at_install")
class TestDocuments(DentalPatientCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "name": "Smile Clinic",
                "vat": "7707083893",
                "dental_kpp": "770701001",
                "company_registry": "1027700132195",
                "phone": "+7 495 000-00-00",
                "dental_license_number": "ЛО-77-01-000001",
            }
        )
        cls.doctor = cls.env["hr.employee"].create({"name": "Doctor House"})
        cls.guardian = cls.env["res.partner"].create({"name": "Guardian Person"})
        cls.patient.write(
            {
                "gender": "male",
                "email": "ivan@example.com",
                "street": "Tverskaya 1",
                "city": "Moscow",
                "zip": "125009",
                "id_document_type": "passport_ru",
                "id_document_series": "4512",
                "id_document_number": "345678",
                "id_document_issued_by": "OVD Tverskoy",
                "snils": "112-233-445 95",
                "inn": "123456789047",
                "oms_policy": "7700000000000016",
                "actual_address_same": False,
                "actual_address": "Arbat 5",
                "representative_id": cls.guardian.id,
                "representative_document": "Power of attorney 1",
                "doctor_id": cls.doctor.id,
            }
        )
        cls.Template = cls.env["dental.document.template"]

    def test_every_placeholder_is_rendered(self):
        keys = list(self.Template._get_placeholders())
        template = self.Template.create(
            {
                "name": "All",
                "body": "<p>" + "|".join("%s={{%s}}" % (key, key) for key in keys) + "</p>",
            }
        )
        text = str(template._render_for_patient(self.patient))
        self.assertNotIn("{{", text)
        values = dict(pair.split("=", 1) for pair in re.sub(r"</?p>", "", text).split("|"))
        expected = {
            "fio": "Kuznetsov Ivan Petrovich",
            "last_name": "Kuznetsov",
            "first_name": "Ivan",
            "patronymic": "Petrovich",
            "birthdate": "17.05.1990",
            "card_number": self.patient.card_number,
            "phone": "+79160000001",
            "email": "ivan@example.com",
            "snils": "112-233-445 95",
            "inn": "123456789047",
            "oms_policy": "7700000000000016",
            "actual_address": "Arbat 5",
            "representative": "Guardian Person",
            "representative_document": "Power of attorney 1",
            "doctor": "Doctor House",
            "company_name": "Smile Clinic",
            "company_inn": "7707083893",
            "company_kpp": "770701001",
            "company_ogrn": "1027700132195",
            "company_phone": "+7 495 000-00-00",
        }
        for key, value in expected.items():
            self.assertEqual(values[key], value, key)
        self.assertIn("Tverskaya 1", values["address"])
        self.assertIn("Moscow", values["address"])
        self.assertIn("45 12 345678", values["passport"])
        self.assertIn("OVD Tverskoy", values["passport"])
        self.assertIn("ЛО-77-01-000001", values["company_license"])
        self.assertTrue(values["age"].isdigit())
        self.assertTrue(values["gender"])
        self.assertTrue(values["today"])
        self.assertEqual(set(values), set(keys), "every placeholder was checked")

    def test_values_are_escaped(self):
        self.patient.last_name = "<b>Evil</b>"
        template = self.Template.create({"name": "Esc", "body": "<p>{{last_name}}</p>"})
        rendered = template._render_for_patient(self.patient)
        self.assertIsInstance(rendered, Markup)
        self.assertIn("&lt;b&gt;Evil&lt;/b&gt;", rendered)

    def test_unknown_placeholder_refused_at_save(self):
        with self.assertRaises(ValidationError) as error:
            self.Template.create({"name": "Bad", "body": "<p>{{fio}} {{favourite_colour}}</p>"})
        self.assertIn("{{favourite_colour}}", str(error.exception))
        template = self.Template.create({"name": "Good", "body": "<p>{{ fio }}</p>"})
        with self.assertRaises(ValidationError):
            template.body = "<p>{{nope}}</p>"
        self.assertEqual(str(template.body), "<p>{{ fio }}</p>")

    def test_default_templates_render_completely(self):
        for xmlid in (
            "document_template_contract",
            "document_template_pd_consent",
            "document_template_informed_consent",
        ):
            template = self.env.ref(f"dental_patient.{xmlid}")
            rendered = template._render_for_patient(self.patient, self.doctor)
            self.assertNotIn("{{", rendered, xmlid)
            self.assertIn("Kuznetsov Ivan Petrovich", rendered)

    def test_print_from_the_card(self):
        contract = self.env.ref("dental_patient.document_template_contract")
        action = self.patient.action_print_document()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard_form.template_id = contract
        self.assertEqual(wizard_form.doctor_id, self.doctor, "the attending doctor by default")
        self.assertIn("Kuznetsov Ivan Petrovich", wizard_form.preview)
        result = wizard_form.save().action_print()
        document = self.patient.document_ids
        self.assertEqual(len(document), 1)
        self.assertEqual(self.patient.document_count, 1)
        self.assertEqual(document.state, "printed")
        self.assertIn("Kuznetsov Ivan Petrovich", document.body_html)
        attachment = document.pdf_attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id), ("dental.patient", self.patient.id))
        self.assertIn(str(attachment.id), result["url"])
        self.assertTrue(attachment.raw)
        # the printed text is frozen; the signed scan can be added later
        with self.assertRaises(UserError):
            document.body_html = "<p>changed</p>"
        document.write({"signed_file": "aGVsbG8=", "signed_filename": "signed.pdf"})
        self.assertEqual(document.state, "signed")
        self.assertIn("printed documents", self.patient.with_context(lang="en_US")._dental_history())

    def test_front_desk_without_email_prints(self):
        """The print's chatter line needs no sender address (a registrar may have no e-mail)."""
        self.user_registrar.email = False
        contract = self.env.ref("dental_patient.document_template_contract")
        patient = self.patient.with_user(self.user_registrar)
        action = patient.action_print_document()
        wizard_form = Form(
            self.env[action["res_model"]].with_user(self.user_registrar).with_context(**action["context"])
        )
        wizard_form.template_id = contract
        wizard_form.save().action_print()
        document = self.patient.document_ids
        self.assertEqual(len(document), 1)
        message = self.patient.message_ids.filtered(lambda m: document.pdf_attachment_id in m.attachment_ids)
        self.assertEqual(message.author_id, self.user_registrar.partner_id)
        self.assertIn(document.name, message.body)
