import base64
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalPatientCommon

HEADER = ["Last name", "First name", "Patronymic", "Mobile", "Date of birth (DD.MM.YYYY or DD.MM)", "Marketing channel"]


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return base64.b64encode(output.getvalue())


def csv(rows, separator=","):
    return base64.b64encode("\n".join(separator.join(row) for row in rows).encode())


@tagged("post_install", "-at_install")
class TestBookImport(DentalPatientCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["utm.source"].create({"name": "Billboard"})

    def _import(self, book, file, filename="book.xlsx"):
        wizard = self.env["dental.book.import"].create({"book": book, "file": file, "filename": filename})
        wizard.action_import()
        return wizard

    def test_good_file_creates_and_normalises(self):
        wizard = self._import(
            "patients",
            xlsx(
                [
                    HEADER,
                    ["Belova", "Irina", "Olegovna", "8 (903) 111-22-33", "05.06.1980", "Billboard"],
                    ["Belov", "Oleg", "", "+7 903 111-22-34", "17.02", ""],
                ]
            ),
        )
        self.assertEqual((wizard.state, wizard.created_count, wizard.updated_count), ("done", 2, 0))
        irina = self.env["dental.patient"].search([("first_name", "=", "Irina"), ("last_name", "=", "Belova")])
        self.assertEqual(irina.mobile, "+79031112233")
        self.assertEqual(str(irina.birth_date), "1980-06-05")
        self.assertEqual(irina.source_id, self.channel)
        oleg = self.env["dental.patient"].search([("first_name", "=", "Oleg"), ("last_name", "=", "Belov")])
        self.assertEqual(oleg.birth_date_precision, "day_month")
        self.assertTrue(oleg.card_number)

    def test_bad_rows_import_nothing_and_are_reported(self):
        count = self.env["dental.patient"].search_count([])
        wizard = self._import(
            "patients",
            xlsx(
                [
                    HEADER,
                    ["Good", "Row", "", "+7 903 000-00-01", "01.01.1990", ""],
                    ["Bad", "Phone", "", "12", "01.01.1990", ""],
                    ["Bad", "Date", "", "", "31.02.1990", ""],
                ]
            ),
        )
        self.assertEqual(wizard.state, "failed")
        self.assertEqual(wizard.failed_count, 2)
        self.assertEqual(self.env["dental.patient"].search_count([]), count, "all or nothing")
        self.assertIn("<td>3</td>", wizard.result_html, "row numbers as in the spreadsheet (header = row 1)")
        self.assertIn("<td>4</td>", wizard.result_html)
        self.assertIn("31.02.1990", wizard.result_html)

    def test_update_by_id_and_by_name_and_birth_date(self):
        by_id = self._import(
            "patients",
            csv(
                [
                    ["ID", "Last name", "First name", "Mobile"],
                    [str(self.patient.id), "Kuznetsov", "Ivan", "+7 916 555-00-00"],
                ]
            ),
            "patients.csv",
        )
        self.assertEqual((by_id.created_count, by_id.updated_count), (0, 1))
        self.assertEqual(self.patient.mobile, "+79165550000")
        by_name = self._import(
            "patients",
            xlsx(
                [
                    HEADER,
                    ["KUZNETSOV", "Ivan", "Petrovich", "+7 916 555-00-01", "17.05.1990", ""],
                    ["Kuznetsov", "Ivan", "Petrovich", "+7 916 555-00-02", "18.05.1990", ""],
                ]
            ),
        )
        self.assertEqual((by_name.created_count, by_name.updated_count), (1, 1))
        self.assertEqual(self.patient.mobile, "+79165550001", "same full name and birth date: updated")

    def test_headers_in_russian_and_unknown_columns(self):
        wizard = self._import(
            "patients",
            csv([["Фамилия", "Имя", "Мобильный"], ["Орлова", "Вера", "+7 926 000 11 22"]], ";"),
            "patients.csv",
        )
        self.assertEqual(wizard.created_count, 1)
        with self.assertRaises(UserError) as error:
            self._import("patients", xlsx([["Last name", "Shoe size"], ["X", "42"]]))
        self.assertIn("Shoe size", str(error.exception))
        with self.assertRaises(UserError):
            self._import("patients", xlsx([HEADER]))

    def test_employees_and_counterparties(self):
        nurse = self.env["hr.employee"].create({"name": "Anna Nurse"})
        wizard = self._import(
            "employees",
            xlsx(
                [
                    ["Name", "Mobile", "Date of birth (DD.MM.YYYY)"],
                    ["Anna Nurse", "+7 900 100-00-00", "02.03.1991"],
                    ["Boris Doctor", "", "15.07.1975"],
                ]
            ),
        )
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, 1))
        self.assertEqual(str(nurse.birthday), "1991-03-02")
        lab = self.env["res.partner"].create({"name": "Dental Lab", "is_company": True})
        wizard = self._import(
            "partners",
            xlsx(
                [
                    ["Name", "INN", "KPP", "Phone"],
                    ["Dental Lab", "7707083893", "770701001", "+7 495 111-11-11"],
                    ["Supplier Co", "", "", ""],
                ]
            ),
        )
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, 1))
        self.assertEqual(lab.dental_kpp, "770701001")
        self.assertTrue(self.env["res.partner"].search([("name", "=", "Supplier Co")]).is_company)

    def test_template_and_export_round_trip(self):
        Wizard = self.env["dental.book.import"]
        template = openpyxl.load_workbook(io.BytesIO(Wizard._book_xlsx("patients"))).active
        header = [cell.value for cell in template[1]]
        self.assertEqual(len(header), len(Wizard._get_book_columns("patients")))
        self.assertEqual(template.max_row, 1)
        export = openpyxl.load_workbook(io.BytesIO(Wizard._book_xlsx("patients", with_data=True))).active
        rows = {row[0]: row for row in export.iter_rows(min_row=2, values_only=True)}
        self.assertIn(str(self.patient.id), rows)
        row = list(rows[str(self.patient.id)])
        row[header.index(Wizard.with_context(lang=self.env.lang)._get_book_columns("patients")[4][1])] = (
            "+7 916 777-77-77"
        )
        wizard = self._import("patients", xlsx([header, row]))
        self.assertEqual((wizard.created_count, wizard.updated_count), (0, 1))
        self.assertEqual(self.patient.mobile, "+79167777777")

    def test_import_templates_offered_in_native_import(self):
        for model, url in (("dental.patient", "patients"), ("hr.employee", "employees"), ("res.partner", "partners")):
            templates = self.env[model].get_import_templates()
            self.assertIn(f"/dental_patient/book/{url}.xlsx", [t["template"] for t in templates])

    def test_selection_cells_take_first_letters_and_the_template_lists_values(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        header = [*HEADER, "Gender"]
        wizard = self._import(
            "patients",
            xlsx(
                [
                    header,
                    ["Sokolova", "Vera", "", "", "", "", "Ж"],
                    ["Sokolov", "Petr", "", "", "", "", "м"],
                    ["Sokolova", "Nina", "", "", "", "", "Female"],
                ]
            ),
        )
        self.assertEqual(wizard.state, "done", wizard.result_html)
        Patient = self.env["dental.patient"]
        genders = {p.first_name: p.gender for p in Patient.search([("last_name", "like", "Sokolov")])}
        self.assertEqual(genders, {"Vera": "female", "Petr": "male", "Nina": "female"})
        # a value no label starts with: refused, the report names the allowed values in the user's language
        wizard = (
            self.env["dental.book.import"]
            .with_context(lang="ru_RU")
            .create({"book": "patients", "file": xlsx([header, ["Sokolova", "Inna", "", "", "", "", "X"]])})
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "failed")
        self.assertIn("Мужской, Женский", wizard.result_html)
        self.assertIn("<th>Строка</th>", wizard.result_html, "the clinic's word for a spreadsheet row")
        # the template: the header's note and the cells' drop-down list the values
        template = openpyxl.load_workbook(
            io.BytesIO(self.env["dental.book.import"].with_context(lang="ru_RU")._book_xlsx("patients"))
        ).active
        header_cells = {cell.value: cell for cell in template[1]}
        self.assertIn("Мужской, Женский", header_cells["Пол"].comment.text)
        validations = template.data_validations.dataValidation
        self.assertIn('"Мужской,Женский"', [validation.formula1 for validation in validations])

    def test_failed_import_consumes_no_card_number(self):
        Patient = self.env["dental.patient"]
        sequence = Patient._card_sequence(self.company)
        before = sequence.number_next_actual
        wizard = self._import(
            "patients",
            xlsx(
                [
                    HEADER,
                    ["Good", "One", "", "", "", ""],
                    ["Good", "Two", "", "", "", ""],
                    ["Bad", "Phone", "", "12", "", ""],
                ]
            ),
        )
        self.assertEqual(wizard.state, "failed")
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, before, "a refused file gives no card number")
        # a test run of Odoo's own import ("Test": run, then rolled back) gives none either
        importer = self.env["base_import.import"].create(
            {"res_model": "dental.patient", "file": b"last_name,first_name\nDry,Run\n", "file_type": "text/csv"}
        )
        options = {"quoting": '"', "separator": ",", "has_headers": True}
        result = importer.execute_import(["last_name", "first_name"], [], options, dryrun=True)
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        self.assertFalse(Patient.search([("last_name", "=", "Dry")]), "rolled back")
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, before)
        wizard = self._import(
            "patients", xlsx([HEADER, ["Good", "One", "", "", "", ""], ["Good", "Two", "", "", "", ""]])
        )
        self.assertEqual(wizard.state, "done")
        one, two = (Patient.search([("last_name", "=", "Good"), ("first_name", "=", name)]) for name in ("One", "Two"))
        self.assertEqual((int(one.card_number), int(two.card_number)), (before, before + 1), "numbered in row order")

    def test_counterparties_contact_person_round_trip(self):
        lab = self.env["res.partner"].create({"name": "Smile Lab", "is_company": True})
        olga = self.env["res.partner"].create({"name": "Olga Petrova", "parent_id": lab.id, "type": "contact"})
        self.env["res.partner"].create({"name": "Second Contact", "parent_id": lab.id, "type": "contact"})
        Wizard = self.env["dental.book.import"].with_context(lang="en_US")
        export = openpyxl.load_workbook(io.BytesIO(Wizard._book_xlsx("partners", with_data=True))).active
        header = [cell.value for cell in export[1]]
        self.assertIn("Contact person", header)
        column = header.index("Contact person")
        [row] = [list(row) for row in export.iter_rows(min_row=2, values_only=True) if row[0] == str(lab.id)]
        self.assertEqual(row[column], "Olga Petrova", "the organisation's first contact")
        row[column] = "Olga Ivanova"
        new = [None] * len(header)
        new[header.index("Name")], new[column] = "Implant Supply", "Ivan Sidorov"
        wizard = self._import("partners", xlsx([header, row, new]))
        self.assertEqual((wizard.state, wizard.created_count, wizard.updated_count), ("done", 1, 1), wizard.result_html)
        self.assertEqual(olga.name, "Olga Ivanova", "the contact person renamed, not a second one added")
        self.assertEqual(len(lab.child_ids), 2)
        supply = self.env["res.partner"].search([("name", "=", "Implant Supply")])
        self.assertTrue(supply.is_company)
        self.assertEqual(supply.child_ids.mapped("name"), ["Ivan Sidorov"])
        self.assertEqual(supply.dental_contact_name, "Ivan Sidorov")
        # a person's ID in the counterparties is refused: it would turn the person into an organisation
        wizard = self._import("partners", xlsx([["ID", "Name"], [str(olga.id), "Olga Ivanova"]]))
        self.assertEqual(wizard.state, "failed")
        self.assertIn(f"<td>2</td><td>{olga.id} ", wizard.result_html, "the row and the ID refused")
        self.assertFalse(olga.is_company)
