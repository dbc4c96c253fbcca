import io

import openpyxl
from lxml import etree

from odoo.tests import tagged

from .common import DentalReportsCommon


@tagged("post_install", "-at_install")
class TestReportXlsx(DentalReportsCommon):
    def _read_back(self, xmlid, records):
        content, kind = self.env["ir.actions.report"]._render_xlsx(xmlid, records.ids, {})
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_services_export_has_the_list_columns_and_figures(self):
        rows = self.env["dental.report.service"].search(self._period())
        table = self._read_back("dental_reports.dental_report_service_xlsx", rows)
        labels = rows.fields_get(list(rows._dental_xlsx_columns), ["string"])
        self.assertEqual(table[0], [labels[name]["string"] for name in rows._dental_xlsx_columns])
        self.assertEqual(len(table), len(rows) + 1)
        amount_col = table[0].index(labels["amount"]["string"])
        self.assertAlmostEqual(sum(row[amount_col] for row in table[1:]), 45500.0)
        doctor_col = table[0].index(labels["doctor_id"]["string"])
        self.assertEqual({row[doctor_col] for row in table[1:]}, {"Dr. Zubova", "Dr. Lebedev"})

    def test_export_columns_are_the_list_columns(self):
        """Every report's Excel export has its list view's columns, in order."""
        for model in (
            "dental.report.service",
            "dental.report.payment",
            "dental.report.receipt",
            "dental.report.debt",
            "dental.report.appointment",
            "dental.report.patient",
            "dental.report.doctor",
            "dental.report.chair",
            "dental.report.xray",
            "dental.report.discount",
            "dental.report.dms.policy",
            "dental.report.recommendation",
            "dental.report.prosthetics",
            "dental.report.area",
        ):
            Report = self.env[model]
            arch = Report.get_view(view_type="list")["arch"]
            names = [
                node.get("name")
                for node in etree.fromstring(arch).xpath("/list/field")
                if node.get("column_invisible") not in ("1", "True")
            ]
            with self.subTest(model=model):
                self.assertEqual(tuple(names), Report._dental_xlsx_columns)

    def test_doctor_export_with_colour_and_payments(self):
        rows = self.env["dental.report.doctor"].search([("company_id", "=", self.company.id)])
        table = self._read_back("dental_reports.dental_report_doctor_xlsx", rows)
        self.assertEqual(len(table), 3)
        self.assertIn("Below Target", [cell for row in table[1:] for cell in row])
        payments = self.env["dental.report.payment"].search(self._period())
        table = self._read_back("dental_reports.dental_report_payment_xlsx", payments)
        self.assertEqual(sorted(row[table[0].index("Received")] for row in table[1:]), [3000.0, 4000.0])

    def test_xray_export_read_back(self):
        """The X-ray log of an image of 3 exposures and 7.5 µSv reads back with its figures."""
        image = self.env["dental.image"].create(
            {
                "patient_id": self.patient.id,
                "date": self.day,
                "kind": "bitewing",
                "doctor_id": self.doctor.id,
                "exposure_count": 3,
                "dose": 7.5,
            }
        )
        self.env.flush_all()  # the report is a view: it reads what is in the database
        rows = self.env["dental.report.xray"].search([("image_id", "=", image.id)])
        table = self._read_back("dental_reports.dental_report_xray_xlsx", rows)
        self.assertEqual(len(table), 2)
        record = dict(zip(table[0], table[1], strict=True))
        self.assertEqual(
            (record["Study Type"], record["Exposures"], record["Effective Dose (µSv)"]), ("Bitewing", 3, 7.5)
        )
        self.assertEqual(record["Doctor"], "Dr. Zubova")
