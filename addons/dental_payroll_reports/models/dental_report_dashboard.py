from odoo import _, api, fields, models


class DentalReportDashboard(models.AbstractModel):
    _inherit = "dental.report.dashboard"

    @api.model
    def _dashboard_sections(self, date_from, date_to):
        sections = super()._dashboard_sections(date_from, date_to)
        if self._dashboard_can_read("hr.payslip") and self._dashboard_can_read("hr.payslip.line"):
            sections.append(
                {
                    "key": "salaries",
                    "title": _("Salaries (Net)"),
                    "money": True,
                    "sequence": 20,
                    "rows": self._dashboard_salaries(date_from, date_to),
                }
            )
        return sections

    @api.model
    def _dashboard_salaries(self, date_from, date_to):
        """Net pay (the payslip lines of code NET) per employee, of the payslips of the user's branches ending in
        the period, computed or confirmed (not drafts, not rejected: as ``hr.payslip._dental_salary_summary``; a
        refund payslip negative); a click opens the employee's payslips. Read with the user's rights."""
        slips = [
            ("company_id", "in", self.env.companies.ids),
            ("state", "in", ("verify", "done")),
            ("date_to", ">=", fields.Date.to_string(date_from)),
            ("date_to", "<=", fields.Date.to_string(date_to)),
        ]
        lines = [("code", "=", "NET"), *[(f"slip_id.{name}", op, value) for name, op, value in slips]]
        rows = []
        # a refund payslip's lines keep positive totals in OCA payroll: the signed amount counts them negatively
        groups = self.env["hr.payslip.line"]._read_group(
            lines, ["employee_id"], ["dental_signed_total:sum"], order="dental_signed_total:sum desc"
        )
        for employee, total in groups:
            rows.append(
                {
                    "label": employee.display_name,
                    "value": total or 0.0,
                    "model": "hr.payslip",
                    "domain": [*slips, ("employee_id", "=", employee.id)],
                }
            )
        return rows
