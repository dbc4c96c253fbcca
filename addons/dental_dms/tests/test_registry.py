import io
from datetime import datetime

import openpyxl

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DentalDmsCommon


@tagged("post_install", "-at_install")
class TestRegistry(DentalDmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.diagnosis = cls.env["dental.diagnosis"].search([("code", "=", "K02.1")], limit=1)
        cls.template = cls.env["dental.dms.report.template"].create(
            {
                "name": "Alfa monthly",
                "insurer_id": cls.insurer.id,
                "header": "<p>Registry of {{company_name}} for {{insurer_name}}, contract {{contract_number}}, "
                "{{date_from}} – {{date_to}}: {{line_count}} services, {{unknown}}</p>",
                "footer": "<p>Total {{total_amount}}</p>",
                "column_ids": [
                    Command.create({"sequence": seq, "data": data})
                    for seq, data in enumerate(
                        ("date", "patient", "policy_number", "service_code", "price_unit", "doctor", "diagnosis_code")
                    )
                ],
            }
        )

    def _billed(self):
        if self.diagnosis:
            self.env["dental.chart.finding"].create(
                {
                    "patient_id": self.patient.id,
                    "tooth_ids": [Command.set(self.tooth_36.ids)],
                    "diagnosis_id": self.diagnosis.id,
                    "sale_line_id": self.filling_line.id,
                }
            )
        self._approval()
        self._bill(self._visit(self.filling_line))
        return self.env["dental.dms.registry.wizard"].create(
            {
                "insurer_id": self.insurer.id,
                "company_id": self.company.id,
                "date_from": self.day.replace(day=1),
                "date_to": self.today,
            }
        )

    def test_template_rendering(self):
        wizard = self._billed()
        self.assertEqual(wizard.template_id, self.template)
        data = wizard._dms_data()
        self.assertIn(f"Registry of {self.company.name} for Insurer Alfa, contract A-77", data["header"])
        self.assertIn("1 services, {{unknown}}", data["header"], "an unknown placeholder stays as typed")
        self.assertNotIn("{{total_amount}}", data["footer"])
        self.assertEqual(
            [key for key, __ in data["columns"]],
            ["date", "patient", "policy_number", "service_code", "price_unit", "doctor", "diagnosis_code"],
        )
        code = self.diagnosis.code if self.diagnosis else ""
        self.assertEqual(data["rows"], [[self.day, self.patient.name, "POL-001", "T-101", 4000.0, "Dr. Zubova", code]])
        self.assertEqual(data["total"], 3600.0)
        # the placeholders' values are escaped
        self.insurer.name = "<b>Alfa</b>"
        self.assertIn("&lt;b&gt;Alfa&lt;/b&gt;", wizard._dms_data()["header"])
        html = self.env["ir.actions.report"]._render_qweb_html("dental_dms.action_report_dms_registry", wizard.ids)[0]
        self.assertIn(b"POL-001", html)
        self.assertIn(b"T-101", html)

    def test_medical_codes_only_where_the_contract_requires_them(self):
        wizard = self._billed()
        self.contract.registry_medical_codes = False
        self.assertNotIn("diagnosis_code", [key for key, __ in wizard._dms_data()["columns"]])
        other = self.env["res.partner"].create({"name": "Insurer Beta", "dental_is_insurer": True})
        with self.assertRaisesRegex(ValidationError, "cannot show ICD-10 codes"):
            self.env["dental.dms.report.template"].create(
                {
                    "name": "Beta",
                    "insurer_id": other.id,
                    "column_ids": [Command.create({"data": "diagnosis_code"})],
                }
            )

    def test_excel_registry_columns(self):
        wizard = self._billed()
        workbook = openpyxl.load_workbook(io.BytesIO(wizard._dms_xlsx()))
        sheet = workbook.active
        self.assertIn("Registry of", sheet.cell(1, 1).value)
        headings = [sheet.cell(3, col).value for col in range(1, 8)]
        self.assertEqual(
            headings, ["Service Date", "Patient", "Policy Number", "Service Code", "Price", "Doctor", "ICD-10 Code"]
        )
        row = [sheet.cell(4, col).value for col in range(1, 8)]
        code = self.diagnosis.code if self.diagnosis else None
        expected = [
            datetime.combine(self.day, datetime.min.time()),
            self.patient.name,
            "POL-001",
            "T-101",
            4000.0,
            "Dr. Zubova",
            code or "",
        ]
        for col, (got, want) in enumerate(zip(row, expected, strict=True), start=1):
            self.assertEqual(got or "", want or "", f"column {col}")
        self.assertEqual(sheet.cell(5, 1).value, "Total")
        self.assertEqual(sheet.cell(5, 7).value, 3600.0)
        self.assertIsNone(sheet.cell(4, 8).value, "only the template's columns")
        action = wizard.action_export_xlsx()
        self.assertTrue(action["url"].startswith("/web/content/"))

    def test_filters(self):
        wizard = self._billed()
        self.assertEqual(wizard.service_count, 1)
        wizard.invoice_state = "paid"
        self.assertEqual(wizard.service_count, 0)
        wizard.invoice_state = "to_invoice"
        wizard.approval_state = "approved"
        self.assertEqual(wizard.service_count, 1)
        wizard.policy_state = "inactive"
        self.assertEqual(wizard.service_count, 0)
