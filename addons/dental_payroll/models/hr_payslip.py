from odoo import _, api, fields, models

from odoo.addons.payroll.models.base_browsable import BaseBrowsableObject


class HrPayslip(models.Model):
    """Payslips fed with the clinic's figures: worked units from the shifts and the share of paid procedures."""

    _inherit = "hr.payslip"

    dental_revenue = fields.Monetary(string="Paid Procedures", readonly=True, currency_field="currency_id")
    dental_lab_cost = fields.Monetary(string="Lab Costs Deducted", readonly=True, currency_field="currency_id")
    dental_material_cost = fields.Monetary(
        string="Material Costs Deducted", readonly=True, currency_field="currency_id"
    )
    dental_share = fields.Monetary(string="Share of Procedures", readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")

    # ------------------------------------------------------------------ worked time
    @api.model
    def get_worked_day_lines(self, contracts, date_from, date_to):
        res = super().get_worked_day_lines(contracts, date_from, date_to)
        for contract in contracts.filtered(lambda c: not c.dental_remote):
            units = self._dental_shift_units(contract.employee_id, date_from, date_to)
            res.append(
                {
                    "name": _("Days at the Clinic"),
                    "sequence": 2,
                    "code": "DDAYS",
                    "number_of_days": units["days"],
                    "number_of_hours": units["hours"],
                    "contract_id": contract.id,
                }
            )
            res.append(
                {
                    "name": _("Shifts"),
                    "sequence": 3,
                    "code": "DSHIFT",
                    "number_of_days": units["shifts"],
                    "number_of_hours": units["hours"],
                    "contract_id": contract.id,
                }
            )
        return res

    @api.model
    def _dental_shift_units(self, employee, date_from, date_to):
        """{"days", "hours", "shifts"} of an employee's shifts starting within the period (branch-local days)."""
        company = employee.company_id or self.env.company
        start = company._dental_day_bounds(fields.Date.to_date(date_from))[0]
        stop = company._dental_day_bounds(fields.Date.to_date(date_to))[1]
        shifts = (
            self.env["dental.shift"]
            .sudo()
            .search([("employee_id", "=", employee.id), ("start", ">=", start), ("start", "<=", stop)])
        )
        days = {shift.company_id._dental_local_date(shift.start) for shift in shifts}
        hours = sum((shift.stop - shift.start).total_seconds() for shift in shifts) / 3600.0
        return {"days": len(days), "hours": round(hours, 2), "shifts": len(shifts)}

    def _dental_units(self, contract):
        """Worked units of this payslip, read from its worked-days lines (a payroll officer may correct them)."""
        self.ensure_one()
        lines = self.worked_days_line_ids.filtered(lambda wd: wd.contract_id == contract or not wd.contract_id)
        if contract.dental_remote:
            work = lines.filtered(lambda wd: wd.code == "WORK100")
            days = sum(work.mapped("number_of_days"))
            return {"days": days, "hours": sum(work.mapped("number_of_hours")), "shifts": days}
        day_lines = lines.filtered(lambda wd: wd.code == "DDAYS")
        shift_lines = lines.filtered(lambda wd: wd.code == "DSHIFT")
        return {
            "days": sum(day_lines.mapped("number_of_days")),
            "hours": sum(day_lines.mapped("number_of_hours")),
            "shifts": sum(shift_lines.mapped("number_of_days")),
        }

    # ------------------------------------------------------------------ salary rules' inputs
    @api.model
    def get_inputs(self, contracts, date_from, date_to):
        res = super().get_inputs(contracts, date_from, date_to)
        if res or self:
            return res
        # OCA reads the inputs of the payslip's structure; a payslip being created (the batch wizard) has none yet:
        # the inputs of its contracts' structures (one-off bonus, penalty).
        for contract in contracts:
            for rule_input in contract.struct_id.get_structure_with_parents().get_all_rules().input_ids:
                res.append({"name": rule_input.name, "code": rule_input.code, "contract_id": contract.id})
        return res

    def get_payroll_dict(self, contracts):
        """``payroll.dental.*`` for the salary rules: fixed, share, revenue, lab, material, bonus, penalty."""
        res = super().get_payroll_dict(contracts)
        contract = self.contract_id or contracts[:1]
        values = self._dental_values(contract) if contract else {}
        res["dental"] = BaseBrowsableObject(values)
        return res

    def _dental_values(self, contract):
        self.ensure_one()
        figures = self.env["dental.payroll.revenue"]._dental_figures(contract, self.date_from, self.date_to)
        units = self._dental_units(contract)
        inputs = self.input_line_ids
        values = {
            "fixed": contract.company_id.currency_id.round(
                contract._dental_fixed_pay(units, self.date_from, self.date_to)
            ),
            "share": figures["share"],
            "revenue": figures["revenue"],
            "lab": figures["lab"],
            "material": figures["material"],
            "bonus": contract.dental_permanent_bonus
            + sum(inputs.filtered(lambda i: i.code == "BONUS").mapped("amount")),
            "penalty": sum(inputs.filtered(lambda i: i.code == "PENALTY").mapped("amount")),
            **units,
        }
        self.write(
            {
                "dental_revenue": figures["revenue"],
                "dental_lab_cost": figures["lab"],
                "dental_material_cost": figures["material"],
                "dental_share": figures["share"],
            }
        )
        return values

    # ------------------------------------------------------------------ recalculation
    def action_dental_recompute(self):
        """Refresh the worked time and the paid procedures, keep the inputs typed, compute again."""
        slips = self.filtered(lambda s: s.state in ("draft", "verify"))
        for slip in slips:
            contracts = slip._get_employee_contracts()
            lines = slip.get_worked_day_lines(contracts, slip.date_from, slip.date_to)
            slip.worked_days_line_ids = [fields.Command.clear()] + [fields.Command.create(v) for v in lines]
        slips.compute_sheet()
        return True
