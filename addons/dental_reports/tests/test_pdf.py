from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalReportsCommon


@tagged("post_install", "-at_install")
class TestReportPdf(DentalReportsCommon):
    def _html(self, xmlid, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.env.user)
        html, kind = Report._render_qweb_html(xmlid, records.ids)
        self.assertEqual(kind, "html")
        return html.decode()

    def test_debtors_print(self):
        """Debtors: invoice A owes 2,000, B 40,000; the total 42,000."""
        rows = self.env["dental.report.debt"].search([("company_id", "=", self.company.id)])
        html = self._html("dental_reports.dental_report_debt_pdf", rows)
        self.assertIn("Debtors", html)
        for patient in (self.patient, self.patient_2):
            self.assertIn(patient.name, html)
        self.assertRegex(html, r"42\D000\D00")  # the total, in the user's number format
        self.assertIn("Days Overdue", html)

    def test_services_and_doctors_print(self):
        rows = self.env["dental.report.service"].search(self._period())
        html = self._html("dental_reports.dental_report_service_pdf", rows)
        self.assertRegex(html, r"45\D500\D00")
        self.assertIn("Dr. Lebedev", html)
        doctors = self.env["dental.report.doctor"].search([("company_id", "=", self.company.id)])
        html = self._html("dental_reports.dental_report_doctor_pdf", doctors)
        self.assertIn("Dr. Zubova", html)

    def test_print_reads_with_the_users_rights(self):
        """A doctor prints their own services only; the debtors are not theirs to print."""
        rows = self.env["dental.report.service"].search(self._period())
        with self.assertRaises(AccessError):
            self._html("dental_reports.dental_report_service_pdf", rows, self.user_doctor)
        own = rows.filtered(lambda row: row.doctor_id == self.doctor)
        self.assertIn("Dr. Zubova", self._html("dental_reports.dental_report_service_pdf", own, self.user_doctor))
        debts = self.env["dental.report.debt"].search([("company_id", "=", self.company.id)])
        with self.assertRaises(AccessError):
            self._html("dental_reports.dental_report_debt_pdf", debts, self.user_doctor)
