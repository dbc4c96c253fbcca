from dateutil.relativedelta import relativedelta

from odoo import Command, api, models


class DentalPayrollDemo(models.AbstractModel):
    """Demo pay: a contract for every employee and the previous month's batch of every branch, computed.

    Idempotent: dental_clinic's demo calls it again once its own employees (assistants) exist.
    """

    _name = "dental.payroll.demo"
    _description = "Dental payroll demo generator"

    @api.model
    def _dental_generate_demo(self):
        structure = self.env.ref("dental_payroll.structure_dental")
        self._dental_demo_accounts()
        Contract = self.env["hr.contract"]
        employees = self.env["hr.employee"].search([("contract_ids", "=", False)])
        today = self.env.company._dental_today()
        start = today.replace(day=1) - relativedelta(months=3)
        doctors = self.env["dental.shift"].search([("employee_id.active", "=", True)]).employee_id
        root = self.env.ref("dental_chart.product_category_dental", raise_if_not_found=False)
        for employee in employees:
            company = employee.company_id or self.env.company
            vals = {
                "name": employee.name,
                "employee_id": employee.id,
                "company_id": company.id,
                "date_start": start,
                "state": "open",
                "struct_id": structure.id,
                "resource_calendar_id": (employee.resource_calendar_id or company.resource_calendar_id).id,
                "journal_id": self._dental_demo_journal(company).id,
            }
            if employee in doctors:
                vals.update(wage=30000.0, dental_wage_type="month", dental_permanent_bonus=5000.0)
                if root:
                    vals["dental_share_rule_ids"] = [
                        Command.create(
                            {"categ_id": root.id, "percent": 30.0, "deduct_lab": True, "deduct_material": True}
                        )
                    ]
            elif employee.user_id and employee.user_id.has_group("dental_patient.group_assistant") and root:
                vals.update(wage=35000.0, dental_wage_type="month")
                vals["dental_share_rule_ids"] = [
                    Command.create({"categ_id": root.id, "percent": 5.0, "role": "assistant"})
                ]
            else:
                vals.update(wage=45000.0, dental_wage_type="month")
            Contract.create(vals)
        self._dental_demo_batches(today)

    @api.model
    def _dental_demo_accounts(self):
        """The rules post to the main company's salary expense and a payable to the staff (shared by branches)."""
        company = self.env.ref("base.main_company")
        Account = self.env["account.account"].with_company(company)
        expense = Account.search([("account_type", "=", "expense"), ("company_ids", "in", company.id)], limit=1)
        payable = Account.search(
            [("account_type", "=", "liability_current"), ("company_ids", "in", company.id)], limit=1
        )
        if not (expense and payable):
            return
        net = self.env.ref("dental_payroll.rule_net")
        earning_rules = (
            self.env.ref("dental_payroll.rule_fixed")
            | self.env.ref("dental_payroll.rule_share")
            | self.env.ref("dental_payroll.rule_bonus")
            | self.env.ref("dental_payroll.rule_penalty")
        )
        earning_rules.filtered(lambda r: not r.account_debit).write({"account_debit": expense.id})
        if not net.account_credit:
            net.account_credit = payable.id

    @api.model
    def _dental_demo_journal(self, company):
        Journal = self.env["account.journal"]
        journal = Journal.search([("company_id", "=", company.id), ("code", "=", "SAL")], limit=1)
        if not journal:
            journal = Journal.create({"name": "Зарплата", "code": "SAL", "type": "general", "company_id": company.id})
        return journal

    @api.model
    def _dental_demo_batches(self, today):
        first = today.replace(day=1) - relativedelta(months=1)
        last = today.replace(day=1) - relativedelta(days=1)
        Run = self.env["hr.payslip.run"]
        for company in self.env["hr.contract"].search([("state", "=", "open")]).company_id:
            run = Run.search([("company_id", "=", company.id), ("date_start", "=", first)], limit=1)
            if not run:
                run = Run.create(
                    {
                        "name": first.strftime("%m.%Y") + " — " + company.name,
                        "company_id": company.id,
                        "date_start": first,
                        "date_end": last,
                    }
                )
            run.with_company(company).action_dental_generate()
