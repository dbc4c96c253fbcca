from odoo import _, fields, models
from odoo.exceptions import UserError


class HrPayslipRun(models.Model):
    """A month's batch is the clinic's salary archive: generated for every employee under contract, recomputed."""

    _inherit = "hr.payslip.run"

    dental_total = fields.Monetary(string="Net Pay", compute="_compute_dental_total", currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")

    def _compute_dental_total(self):
        groups = self.env["hr.payslip.line"]._read_group(
            [("slip_id.payslip_run_id", "in", self.ids), ("code", "=", "NET")], ["slip_id"], ["total:sum"]
        )
        totals = {}
        for slip, total in groups:
            totals[slip.payslip_run_id.id] = totals.get(slip.payslip_run_id.id, 0.0) + total
        for run in self:
            run.dental_total = totals.get(run.id, 0.0)

    def _dental_employees(self):
        """Employees of the batch's branch whose contract runs within the period and has a structure."""
        self.ensure_one()
        contracts = self.env["hr.contract"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("open", "close")),
                ("struct_id", "!=", False),
                ("date_start", "<=", self.date_end),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_start),
            ]
        )
        return contracts.employee_id - self.slip_ids.employee_id

    def action_dental_generate(self):
        """Payslips for every employee under contract who has none in the batch yet, computed."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("The batch %s is closed.", self.name))
        employees = self._dental_employees()
        if employees:
            wizard = self.env["hr.payslip.employees"].create({"employee_ids": [fields.Command.set(employees.ids)]})
            wizard.with_context(active_id=self.id).compute_sheet()
        return True

    def action_dental_recompute(self):
        """Compute every payslip of the batch again (late payments, refunds, corrected shifts)."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("The batch %s is closed.", self.name))
        self.slip_ids.action_dental_recompute()
        return True
