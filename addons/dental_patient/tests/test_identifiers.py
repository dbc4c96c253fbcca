import csv

from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, tagged
from odoo.tools.misc import file_path

from odoo.addons.dental_patient.tools import identifiers

from .common import DentalPatientCommon

VALIDATORS = {
    "snils": identifiers.validate_snils,
    "inn12": identifiers.validate_inn_person,
    "inn10": identifiers.validate_inn,
    "enp": identifiers.validate_oms_policy,
}


def is_valid(validate, *values):
    try:
        validate(*values)
    except ValueError:
        return False
    return True


@tagged("post_install", "-at_install")
class TestIdentifierValidators(BaseCase):
    def test_reference_vectors(self):
        path = file_path("dental_patient/tests/data/ru_identifier_test_vectors.csv")
        checked = 0
        with open(path, encoding="utf-8") as vectors:
            for row in csv.DictReader(vectors):
                validate = VALIDATORS.get(row["kind"])
                if validate:
                    with self.subTest(kind=row["kind"], value=row["value"]):
                        self.assertEqual(is_valid(validate, row["value"]), row["expected"] == "valid")
                    checked += 1
        self.assertGreater(checked, 40)

    def test_snils_canonical_form_and_small_numbers(self):
        self.assertEqual(identifiers.validate_snils("11223344595"), "112-233-445 95")
        self.assertEqual(identifiers.validate_snils("001-001-998 00"), "001-001-998 00")
        self.assertFalse(is_valid(identifiers.validate_snils, "123-456-789 01"))
        self.assertFalse(is_valid(identifiers.validate_snils, "123-456-789"))

    def test_inn_of_a_person_has_12_digits(self):
        self.assertTrue(is_valid(identifiers.validate_inn_person, "123456789047"))
        self.assertFalse(is_valid(identifiers.validate_inn_person, "7707083893"), "an organisation's INN")
        self.assertFalse(is_valid(identifiers.validate_inn_person, "123456789037"))

    def test_swedish_personnummer_and_samordningsnummer(self):
        valid = ["811228-9874", "19811228-9874", "8112289874", "701063-2391", "19701063-2391"]
        for number in valid:
            self.assertTrue(is_valid(identifiers.validate_se_personal_id, number), number)
        invalid = ["811228-9875", "811328-9873", "701093-2391", "701063-2392", "12345"]
        for number in invalid:
            self.assertFalse(is_valid(identifiers.validate_se_personal_id, number), number)
        self.assertTrue(identifiers.is_se_coordination_number("701063-2391"))
        self.assertFalse(identifiers.is_se_coordination_number("811228-9874"))

    def test_russian_documents(self):
        self.assertEqual(identifiers.validate_ru_passport("45 12", "345678"), ("45 12", "345678"))
        self.assertFalse(is_valid(identifiers.validate_ru_passport, "451", "345678"))
        self.assertEqual(identifiers.validate_ru_birth_certificate("iv-аг", "123456"), ("IV-АГ", "123456"))
        self.assertFalse(is_valid(identifiers.validate_ru_birth_certificate, "IV-A1", "123456"))


@tagged("post_install", "-at_install")
class TestPatientIdentifiers(DentalPatientCommon):
    def test_valid_identifiers_accepted(self):
        self.patient.write(
            {
                "snils": "112-233-445 95",
                "inn": "123456789047",
                "oms_policy": "7700000000000016",
                "se_personal_id": "701063-2391",
                "id_document_type": "passport_ru",
                "id_document_series": "4512",
                "id_document_number": "345678",
            }
        )
        self.assertTrue(self.patient.se_coordination_number)

    def test_invalid_identifier_names_the_field_and_changes_nothing(self):
        cases = {
            "snils": ("123-456-789 01", "SNILS"),
            "inn": ("123456789037", "INN"),
            "oms_policy": ("7700000000000017", "OMS Policy"),
            "se_personal_id": ("811228-9875", "Swedish Personal ID"),
        }
        for fname, (value, label) in cases.items():
            with self.subTest(field=fname):
                with self.assertRaises(ValidationError) as error:
                    with self.env.cr.savepoint():
                        self.patient.write({fname: value})
                self.assertIn(label, str(error.exception))
                self.patient.invalidate_recordset()
                self.assertFalse(self.patient[fname])

    def test_document_formats_by_type(self):
        with self.assertRaises(ValidationError):
            self.patient.write(
                {"id_document_type": "passport_ru", "id_document_series": "45", "id_document_number": "1"}
            )
        with self.assertRaises(ValidationError):
            self.patient.write(
                {"id_document_type": "birth_certificate", "id_document_series": "4512", "id_document_number": "123456"}
            )
        # a foreign document has no fixed format
        self.patient.write(
            {"id_document_type": "passport_foreign", "id_document_series": "", "id_document_number": "X1234"}
        )
        self.assertEqual(self.patient.id_document_number, "X1234")
