from odoo import _, api, fields, models

from odoo.addons.payroll.models.base_browsable import BaseBrowsableObject

SUMMARY_CODES = ("FIX", "SHARE", "BONUS", "PENALTY", "GROSS", "NET")


class HrPayslip(models.Model):
    """Payslips fed with the clinic's figures: worked units from the shifts and the share of paid procedures."""

    _inherit = "hr.payslip"

    dental_revenue = fields.Monetary(string="Paid Procedures", readonly=True, currency_field="currency_id")
    dental_revenue_carried = fields.Monetary(
        string="Late Payments Counted",
        readonly=True,
        currency_field="currency_id",
        help="Procedures paid or refunded with a date in an earlier payslip's period that was already confirmed, "
        "counted here; included in the paid procedures.",
    )
    dental_lab_cost = fields.Monetary(string="Lab Costs Deducted", readonly=True, currency_field="currency_id")
    dental_material_cost = fields.Monetary(
        string="Material Costs Deducted", readonly=True, currency_field="currency_id"
    )
    dental_cost_carried = fields.Monetary(
        string="Late Costs Deducted",
        readonly=True,
        currency_field="currency_id",
        help="Lab and material costs known after an earlier payslip was confirmed (a lab bill posted late), "
        "deducted here; included in the lab and material costs deducted.",
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
                "dental_revenue_carried": figures["revenue_carried"],
                "dental_lab_cost": figures["lab"],
                "dental_material_cost": figures["material"],
                "dental_cost_carried": figures["carried"],
                "dental_share": figures["share"],
            }
        )
        return values

    # ------------------------------------------------------------------ numbering and confirmation
    @api.model
    def _dental_sequence(self, company):
        """The branch's own payslip sequence (code ``salary.slip``), created on its first payslip.

        OCA numbers with the sequence of the current company, its data sequence belongs to the head company:
        a branch's payslips would get no number.
        """
        # sudo: sequences are technical records; a payroll officer needs a number, not rights on ir.sequence
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", "salary.slip"), ("company_id", "=", company.id)], limit=1)
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": _("Salary Slip (%s)", company.name),
                    "code": "salary.slip",
                    "company_id": company.id,
                    "prefix": "SLIP/",
                    "padding": 3,
                }
            )
        return sequence

    def _dental_assign_numbers(self):
        for slip in self.filtered(lambda s: not s.number):
            slip.number = self._dental_sequence(slip.company_id).next_by_id()

    def compute_sheet(self):
        self._dental_assign_numbers()
        return super().compute_sheet()

    def copy(self, default=None):
        # OCA's refund copies the payslip and numbers the copy with the current company's sequence
        slips = super().copy(default)
        if (default or {}).get("credit_note"):
            slips._dental_assign_numbers()
        return slips

    def action_payslip_done(self):
        res = super().action_payslip_done()
        self.env["dental.payroll.cost"]._dental_record(self.filtered(lambda s: s.state == "done" and not s.credit_note))
        return res

    def refund_sheet(self):
        res = super().refund_sheet()
        for slip in self.filtered("refunded_id"):
            self.env["dental.payroll.cost"]._dental_reverse(slip, slip.refunded_id)
        return res

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

    # ------------------------------------------------------------------ salary summary
    @api.model
    def _dental_salary_summary(self, date_from, date_to, companies):
        """The salary summary of branches for a period, for a dashboard or a report.

        Payslips computed or confirmed (not drafts, not cancelled) of ``companies`` whose period ends between
        ``date_from`` and ``date_to``; a refund payslip counts negatively. Read with the caller's rights (payroll
        users see the payslips; others see none). Returns::

            {"employees": [{"employee_id", "employee_name", "company_id", "FIX", "SHARE", "BONUS", "PENALTY",
                            "GROSS", "NET"}, ...] (by name),
             "totals": {"FIX", "SHARE", "BONUS", "PENALTY", "GROSS", "NET", "employee_count"}}

        Amounts in the branches' currency (the clinic's branches share one).
        """
        domain = [
            ("code", "in", SUMMARY_CODES),
            ("slip_id.state", "in", ("verify", "done")),
            ("slip_id.company_id", "in", companies.ids),
            ("slip_id.date_to", ">=", date_from),
            ("slip_id.date_to", "<=", date_to),
        ]
        rows = {}
        totals = dict.fromkeys(SUMMARY_CODES, 0.0)
        for credit_note, sign in ((False, 1.0), (True, -1.0)):
            groups = self.env["hr.payslip.line"]._read_group(
                [*domain, ("slip_id.credit_note", "=", credit_note)],
                ["employee_id", "code"],
                ["total:sum"],
            )
            for employee, code, total in groups:
                row = rows.setdefault(
                    employee.id,
                    {
                        "employee_id": employee.id,
                        "employee_name": employee.name,
                        "company_id": employee.company_id.id,
                        **dict.fromkeys(SUMMARY_CODES, 0.0),
                    },
                )
                row[code] += sign * total
                totals[code] += sign * total
        return {
            "employees": sorted(rows.values(), key=lambda row: row["employee_name"] or ""),
            "totals": {**totals, "employee_count": len(rows)},
        }
