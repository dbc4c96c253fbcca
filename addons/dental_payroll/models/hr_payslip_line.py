from odoo import api, fields, models


class HrPayslipLine(models.Model):
    """The line's amount with the sign of its payslip, for the salary summary.

    OCA payroll's refund of a payslip is a copy flagged ``credit_note`` whose lines keep the original's positive
    totals; summed as they are, a refunded payslip would count twice instead of not at all.
    """

    _inherit = "hr.payslip.line"

    dental_signed_total = fields.Monetary(
        string="Amount (Refunds Negative)",
        compute="_compute_dental_signed_total",
        store=True,
        currency_field="currency_id",
        help="The line's total, negative on a refund payslip.",
    )

    @api.depends("total", "slip_id.credit_note")
    def _compute_dental_signed_total(self):
        for line in self:
            line.dental_signed_total = -line.total if line.slip_id.credit_note else line.total
