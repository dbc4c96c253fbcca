import csv

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import EgiszCommon


@tagged("post_install", "-at_install")
class TestIdentity(EgiszCommon):
    def test_employee_snils_vectors(self):
        """The doctor's СНИЛС is checked by its check number (the shared test vectors)."""
        path = file_path("dental_egisz/tests/data/snils_vectors.csv")
        with open(path, encoding="utf-8") as handle:
            vectors = [row for row in csv.DictReader(handle) if row["kind"] == "snils"]
        self.assertGreaterEqual(len(vectors), 10)
        employee = self.env["hr.employee"].create({"name": "Проверка"})
        for row in vectors:
            with self.subTest(value=row["value"]):
                if row["expected"] == "valid":
                    employee.egisz_snils = row["value"]
                else:
                    with self.assertRaises(ValidationError), self.env.cr.savepoint():
                        employee.egisz_snils = row["value"]

    def test_codes_of_their_dictionary(self):
        with self.assertRaises(ValidationError):
            self.doctor.egisz_position_id = self.specialty

    def _transfer(self):
        self.patient.sudo().egisz_transferred_date = "2026-01-10 10:00:00"

    def test_names_before_transfer_free(self):
        self.patient.write({"last_name": "Петров", "first_name": "Пётр"})
        self.assertEqual(self.patient.first_name, "Пётр")

    def test_name_parts_after_transfer(self):
        """After the first transfer one part of the name changes at a time, by any writer."""
        self._transfer()
        self.patient.last_name = "Петров"
        for vals in (
            {"first_name": "Пётр", "patronymic": "Петрович"},
            {"last_name": "Сидоров", "first_name": "Пётр", "patronymic": "Петрович"},
            {"last_name": "Сидоров", "patronymic": False},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, "one part of the name"):
                with self.env.cr.savepoint():
                    self.patient.sudo().write(vals)
            self.patient.invalidate_recordset()
        self.assertEqual((self.patient.last_name, self.patient.first_name), ("Петров", "Иван"))

    def test_anonymisation_after_transfer(self):
        """The law's anonymisation (dental_patient, a Director) removes the whole name of a transferred
        patient; a client's context naming the same key does not open the rule."""
        self._transfer()
        with self.assertRaisesRegex(ValidationError, "one part of the name"), self.env.cr.savepoint():
            self.patient.with_context(dental_anonymize_write=True).write({"last_name": "X", "first_name": "Y"})
        self.patient.invalidate_recordset()
        self.patient._dental_anonymize()
        self.assertTrue(self.patient.dental_anonymized)
        self.assertNotEqual(self.patient.first_name, "Иван")

    def test_birth_date_after_transfer(self):
        """A known year may be completed; a full date is neither changed nor removed."""
        self.patient.write({"birth_date": "1999-01-01", "birth_date_precision": "year"})
        self._transfer()
        self.patient.write({"birth_date": "1999-03-14", "birth_date_precision": "full"})  # refined
        self.assertEqual(str(self.patient.birth_date), "1999-03-14")
        for vals in (
            {"birth_date": "1999-03-15"},
            {"birth_date": "1999-04-14"},
            {"birth_date": False},
            {"birth_date_precision": "year"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, "more precise"):
                with self.env.cr.savepoint():
                    self.patient.write(vals)
            self.patient.invalidate_recordset()
        self.assertEqual(str(self.patient.birth_date), "1999-03-14")

    def test_birth_year_changed_after_transfer(self):
        self.patient.write({"birth_date": "1999-01-01", "birth_date_precision": "year"})
        self._transfer()
        with self.assertRaisesRegex(ValidationError, "more precise"):
            self.patient.write({"birth_date": "1998-03-14", "birth_date_precision": "full"})

    def test_employees_read_without_hr_rights(self):
        """A Director without HR rights still reads employees (their public profile): the codes stay HR's."""
        employee = self.env["hr.employee"].with_user(self.user_director).browse(self.doctor.id)
        self.assertEqual(employee.name, "Зубова Анна Петровна")
        self.assertTrue(employee.filtered("active"))
