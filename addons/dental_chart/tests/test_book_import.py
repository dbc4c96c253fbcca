import base64
import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalChartCommon


def xlsx(sheets):
    """An .xlsx file of ``sheets`` ({name: rows}), base64 as the wizard's field takes it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return base64.b64encode(output.getvalue())


def read_xlsx(content):
    """{sheet name: rows (lists of cell values, None read as "")} of an .xlsx file."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        sheet.title: [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


@tagged("post_install", "-at_install")
class TestPriceListBooks(DentalChartCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["dental.book.import"]
        for user in (cls.user_registrar, cls.user_director):
            user.groups_id += cls.env.ref("base.group_allow_export")  # Odoo's own right to export data
        cls.filling_tmpl = cls.service_filling.product_tmpl_id
        cls.anesthesia_tmpl = cls.service_anesthesia.product_tmpl_id
        cls.doctor_b = cls.env["hr.employee"].create({"name": "Dr. Klykov"})
        cls.filling_tmpl.dental_doctor_ids = cls.doctor
        cls.gloves = cls.env["product.template"].create(
            {
                "name": "Nitrile gloves",
                "type": "consu",
                "default_code": "GL-100",
                "barcode": "4600000000017",
                "list_price": 15.0,
                "standard_price": 6.5,
            }
        )

    def _import(self, book, file, user=None):
        wizard = self.Wizard.with_user(user or self.env.user).create({"book": book, "file": file})
        wizard.action_import()
        return wizard

    def _export(self, book):
        return read_xlsx(self.Wizard._book_xlsx(book, with_data=True))

    def _row(self, rows, record_id):
        [row] = [row for row in rows[1:] if row[0] == str(record_id)]
        return row

    def test_services_round_trip_with_doctors_and_duration(self):
        sheets = self._export("services")
        self.assertEqual(list(sheets), ["Services", "Doctors"])
        services, doctors = sheets["Services"], sheets["Doctors"]
        header = services[0]
        self.assertEqual(
            header, ["ID", "Code", "Service name", "Category", "Price", "Unit", "Duration (HH:MM)", "Profession"]
        )
        filling = self._row(services, self.filling_tmpl.id)
        self.assertEqual(filling[header.index("Duration (HH:MM)")], "00:45")
        self.assertEqual(filling[header.index("Code")], "T-01")
        self.assertEqual(filling[header.index("Profession")], "Dental therapist")
        self.assertFalse([row for row in services[1:] if row[0] == str(self.gloves.id)], "goods are not services")
        self.assertEqual(doctors[0], ["Doctor ID", "Doctor", "Service ID", "Service"])
        self.assertIn([str(self.doctor.id), "Dr. Zubova", str(self.filling_tmpl.id), "Composite filling"], doctors)

        filling[header.index("Price")] = 5500
        filling[header.index("Duration (HH:MM)")] = "01:10"
        crown = ["", "P-07", "Zirconia crown", "", 30000, "", "02:30", "Dental therapist"]
        crown[header.index("Category")] = filling[header.index("Category")]
        crown[header.index("Unit")] = filling[header.index("Unit")]
        services.append(crown)
        doctors += [
            [str(self.doctor_b.id), "", str(self.filling_tmpl.id), ""],
            ["", "dr. klykov", "", "Zirconia crown"],
            ["", "Dr. Zubova", str(self.anesthesia_tmpl.id), "Infiltration anesthesia"],
        ]
        wizard = self._import("services", xlsx({"Services": services, "Doctors": doctors}))
        self.assertEqual(wizard.state, "done", wizard.result_html)
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, len(services) - 2))
        self.assertEqual(self.filling_tmpl.list_price, 5500)
        self.assertEqual(self.filling_tmpl.dental_duration, 70)
        self.assertEqual(self.filling_tmpl.dental_doctor_ids, self.doctor | self.doctor_b)
        self.assertEqual(self.anesthesia_tmpl.dental_doctor_ids, self.doctor)
        crown = self.env["product.template"].search([("name", "=", "Zirconia crown")])
        self.assertTrue(crown.is_dental_service)
        self.assertEqual(crown.type, "service")
        self.assertEqual((crown.dental_code, crown.dental_duration), ("P-07", 150))
        self.assertEqual(crown.categ_id, self.filling_tmpl.categ_id)
        self.assertEqual(crown.dental_job_id, self.job_therapist)
        self.assertEqual(crown.dental_doctor_ids, self.doctor_b)

    def test_bad_row_in_either_sheet_imports_nothing(self):
        header = ["ID", "Service name", "Price", "Duration (HH:MM)"]
        doctors_header = ["Doctor ID", "Doctor", "Service ID", "Service"]
        good_row = [str(self.filling_tmpl.id), "Composite filling", 9999, "00:50"]
        new_row = ["", "Veneer", 20000, "01:00"]
        doctors = [doctors_header, ["", "Dr. Klykov", "", "Veneer"]]
        # a bad duration on the sheet Services
        wizard = self._import(
            "services", xlsx({"Services": [header, good_row, new_row, ["", "Bad", 1, "1h"]], "Doctors": doctors})
        )
        self.assertEqual(wizard.state, "failed")
        self.assertIn("<td>Services</td><td>4</td>", wizard.result_html)
        self.assertIn("1h", wizard.result_html)
        # an unknown doctor on the sheet Doctors: the sheet Services is rolled back too
        doctors.append(["", "Dr. Nobody", str(self.filling_tmpl.id), ""])
        doctors.append(["999999", "", "", ""])
        wizard = self._import("services", xlsx({"Services": [header, good_row, new_row], "Doctors": doctors}))
        self.assertEqual(wizard.state, "failed")
        self.assertEqual(wizard.failed_count, 2)
        self.assertIn("<th>Sheet</th><th>Row</th>", wizard.result_html)
        self.assertIn("<td>Doctors</td><td>3</td><td>No doctor is named Dr. Nobody.</td>", wizard.result_html)
        self.assertIn("<td>Doctors</td><td>4</td><td>No doctor has the ID 999999.</td>", wizard.result_html)
        self.assertIn("Give the service's ID or name.", wizard.result_html)
        self.assertEqual(self.filling_tmpl.list_price, 5000, "nothing imported")
        self.assertEqual(self.filling_tmpl.dental_duration, 45)
        self.assertEqual(self.filling_tmpl.dental_doctor_ids, self.doctor)
        self.assertFalse(self.env["product.template"].search([("name", "=", "Veneer")]))
        # a good's ID in the services: refused, the good stays a good
        wizard = self._import("services", xlsx({"Services": [header, [str(self.gloves.id), "Gloves", 1, "00:10"]]}))
        self.assertEqual(wizard.state, "failed")
        self.assertIn("is not the ID of a record of this book", wizard.result_html)
        self.assertEqual((self.gloves.type, self.gloves.is_dental_service), ("consu", False))

    def test_services_in_russian_and_without_the_doctors_sheet(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        Wizard = self.Wizard.with_context(lang="ru_RU")
        sheets = read_xlsx(Wizard._book_xlsx("services"))
        self.assertEqual(list(sheets), ["Услуги", "Врачи"])
        self.assertIn("Продолжительность (ЧЧ:ММ)", sheets["Услуги"][0])
        wizard = Wizard.create(
            {
                "book": "services",
                "file": xlsx(
                    {"Лист1": [["ID", "Цена", "Продолжительность (ЧЧ:ММ)"], [self.filling_tmpl.id, 6000, "1:05"]]}
                ),
            }
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result_html)
        self.assertEqual((self.filling_tmpl.list_price, self.filling_tmpl.dental_duration), (6000, 65))
        self.assertEqual(self.filling_tmpl.dental_doctor_ids, self.doctor, "no sheet Doctors: doctors kept")

    def test_goods_round_trip(self):
        rows = self._export("goods")["Goods"]
        header = rows[0]
        self.assertEqual(
            header,
            [
                "ID",
                "Article",
                "Product name",
                "Category",
                "Sale price",
                "Purchase price",
                "Unit",
                "Purchase unit",
                "Barcode",
            ],
        )
        self.assertFalse([row for row in rows[1:] if row[0] == str(self.filling_tmpl.id)], "services are not goods")
        gloves = self._row(rows, self.gloves.id)
        self.assertEqual(gloves[header.index("Barcode")], "4600000000017")
        gloves[header.index("Sale price")] = 20
        gloves[header.index("Purchase price")] = 7.25
        new = ["", "TB-1", "Toothbrush", gloves[3], 350, 120, gloves[6], gloves[7], "4600000000024"]
        wizard = self._import("goods", xlsx({"Goods": [header, gloves, new]}))
        self.assertEqual(wizard.state, "done", wizard.result_html)
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, 1))
        self.assertEqual((self.gloves.list_price, self.gloves.standard_price), (20, 7.25))
        brush = self.env["product.template"].search([("default_code", "=", "TB-1")])
        self.assertEqual((brush.name, brush.type, brush.is_dental_service), ("Toothbrush", "consu", False))
        self.assertEqual((brush.list_price, brush.standard_price, brush.barcode), (350, 120, "4600000000024"))
        # a row without an ID updates the good of the same name
        wizard = self._import("goods", xlsx({"Goods": [["Product name", "Sale price"], ["Toothbrush", 400]]}))
        self.assertEqual((wizard.created_count, wizard.updated_count), (0, 1))
        self.assertEqual(brush.list_price, 400)

    def test_only_price_list_editors_import_services_and_goods(self):
        file = xlsx({"Services": [["ID", "Price"], [str(self.filling_tmpl.id), 1]]})
        for user in (self.user_registrar, self.user_director):
            for book in ("services", "goods"):
                with self.assertRaises(AccessError):
                    self._import(book, file, user)
            # the export (the price list is read by every role of the wizard) stays
            self.assertTrue(self.Wizard.with_user(user)._book_xlsx("services", with_data=True))
        self.assertEqual(self.filling_tmpl.list_price, 5000)
        self.user_director.groups_id += self.env.ref("sales_team.group_sale_manager")
        wizard = self._import("services", file, self.user_director)
        self.assertEqual(wizard.state, "done", wizard.result_html)
        self.assertEqual(self.filling_tmpl.list_price, 1)
