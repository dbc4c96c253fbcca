from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class DentalPayrollMyEarnings(models.TransientModel):
    """A doctor's (or assistant's) own running earnings this month: never anyone else's.

    The employee is always the current user's; nothing in the request chooses it.
    """

    _name = "dental.payroll.my.earnings"
    _description = "My Earnings This Month"

    employee_id = fields.Many2one("hr.employee", compute="_compute_figures", string="Employee")
    date_from = fields.Date(compute="_compute_figures", string="From")
    date_to = fields.Date(compute="_compute_figures", string="To")
    currency_id = fields.Many2one("res.currency", compute="_compute_figures")
    revenue = fields.Monetary(compute="_compute_figures", string="Procedures Paid")
    lab_cost = fields.Monetary(compute="_compute_figures", string="Lab Costs Deducted")
    material_cost = fields.Monetary(compute="_compute_figures", string="Material Costs Deducted")
    share = fields.Monetary(compute="_compute_figures", string="My Share")
    fixed = fields.Monetary(compute="_compute_figures", string="Fixed Pay (Month)")
    bonus = fields.Monetary(compute="_compute_figures", string="Permanent Bonus")

    def _compute_figures(self):
        figures = self._dental_my_figures()
        for wizard in self:
            wizard.update(figures)

    @api.model
    def _dental_my_figures(self, day=None):
        """This month's figures of the current user's employee, up to today."""
        employee = self.env.user.employee_id
        company = employee.company_id or self.env.company
        today = day or company._dental_today()
        date_from = today.replace(day=1)
        date_to = date_from + relativedelta(months=1, days=-1)
        result = {
            "employee_id": employee.id,
            "date_from": date_from,
            "date_to": date_to,
            "currency_id": company.currency_id.id,
            "revenue": 0.0,
            "lab_cost": 0.0,
            "material_cost": 0.0,
            "share": 0.0,
            "fixed": 0.0,
            "bonus": 0.0,
        }
        if not employee:
            return result
        # The user's own contract, read as superuser: employees have no access to contracts.
        contract = employee.sudo()._get_contracts(date_from, date_to)[:1]
        if not contract:
            return result
        figures = self.env["dental.payroll.revenue"]._dental_figures(contract, date_from, today)
        result.update(
            revenue=figures["revenue"],
            lab_cost=figures["lab"],
            material_cost=figures["material"],
            share=figures["share"],
            fixed=contract.wage if contract.dental_wage_type == "month" else 0.0,
            bonus=contract.dental_permanent_bonus,
        )
        return result

    def action_open_procedures(self):
        """The rows of the ledger behind the figures (the record rule shows the user's own only)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_payroll.dental_payroll_revenue_action_my")
        action["domain"] = [("payroll_date", ">=", self.date_from), ("payroll_date", "<=", self.date_to)]
        return action
