from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

EXPENSE_FIELDS = (
    "clinic_expenses",
    "extra_pay",
    "rent",
    "bonus",
    "marketing",
    "depreciation",
    "profit_tax",
    "credit",
    "insurance_contributions",
    "salaries",
)


class DentalEbitda(models.Model):
    """EBITDA and final profit of a branch for a period, with the seed's formulas; each record is a saved snapshot.

    The clinic's figures (income, card receipts, lab costs, cash-desk expenses, staff) are read from the reports
    when the snapshot is computed (``action_compute``) and then kept as they were; the expenses are typed in.
    Profit = income − lab costs − salaries; EBITDA = profit − acquiring − clinic expenses − extra pay − rent −
    bonus − marketing − depreciation; final profit = EBITDA − profit tax − credit − insurance contributions;
    average % = profit × 100 / income; final % = final profit × 100 / income.
    """

    _name = "dental.ebitda"
    _description = "EBITDA Snapshot"
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    computed_on = fields.Datetime(readonly=True, copy=False)
    # read from the clinic's records by action_compute
    income = fields.Monetary(readonly=True, help="Services rendered: the income of the patients' invoices.")
    card_receipts = fields.Monetary(readonly=True, help="Payments received by card (the acquiring's base).")
    lab_cost = fields.Monetary(string="Lab Costs", readonly=True, help="Lab orders done in the period.")
    cash_expenses = fields.Monetary(
        string="Cash Desk Expenses", readonly=True, help="Posted expenses of the cash desk (not bank hand-overs)."
    )
    employee_count = fields.Integer(string="Employees", readonly=True)
    # typed in
    acquiring_pct = fields.Float(string="Acquiring (%)", digits=(5, 2))
    salaries = fields.Monetary(help="Salaries of the staff for the period.")
    clinic_expenses = fields.Monetary(help="Running expenses; filled with the cash-desk expenses when computed.")
    extra_pay = fields.Monetary(string="Extra Pay")
    rent = fields.Monetary()
    bonus = fields.Monetary()
    marketing = fields.Monetary()
    depreciation = fields.Monetary()
    profit_tax = fields.Monetary(string="Profit Tax")
    credit = fields.Monetary(string="Credit Payments")
    insurance_contributions = fields.Monetary()
    # the seed's formulas
    acquiring = fields.Monetary(compute="_compute_figures", store=True)
    profit = fields.Monetary(compute="_compute_figures", store=True)
    average_pct = fields.Float(string="Average %", compute="_compute_figures", store=True, digits=(5, 2))
    ebitda = fields.Monetary(string="EBITDA", compute="_compute_figures", store=True)
    final_profit = fields.Monetary(compute="_compute_figures", store=True)
    final_pct = fields.Float(string="Final %", compute="_compute_figures", store=True, digits=(5, 2))

    @api.depends("company_id", "date_from", "date_to")
    def _compute_name(self):
        for snapshot in self:
            snapshot.name = f"{snapshot.company_id.name or ''} {snapshot.date_from or ''} – {snapshot.date_to or ''}"

    @api.depends("income", "card_receipts", "lab_cost", "acquiring_pct", *EXPENSE_FIELDS)
    def _compute_figures(self):
        for snap in self:
            snap.acquiring = snap.currency_id.round(snap.card_receipts * snap.acquiring_pct / 100.0)
            snap.profit = snap.income - snap.lab_cost - snap.salaries
            snap.ebitda = (
                snap.profit
                - snap.acquiring
                - snap.clinic_expenses
                - snap.extra_pay
                - snap.rent
                - snap.bonus
                - snap.marketing
                - snap.depreciation
            )
            snap.final_profit = snap.ebitda - snap.profit_tax - snap.credit - snap.insurance_contributions
            snap.average_pct = snap.profit * 100.0 / snap.income if snap.income else 0.0
            snap.final_pct = snap.final_profit * 100.0 / snap.income if snap.income else 0.0

    @api.constrains("date_from", "date_to", "acquiring_pct", *EXPENSE_FIELDS)
    def _check_inputs(self):
        for snap in self:
            if snap.date_from > snap.date_to:
                raise ValidationError(_("The period of an EBITDA snapshot must not end before it starts."))
            if not 0.0 <= snap.acquiring_pct <= 100.0:
                raise ValidationError(_("The acquiring percentage must be between 0 and 100."))
            if any(snap[name] < 0 for name in EXPENSE_FIELDS):
                raise ValidationError(_("Expenses of an EBITDA snapshot cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        snapshots = super().create(vals_list)
        snapshots.action_compute()
        return snapshots

    def action_compute(self):
        """Read the clinic's figures of the period again (the typed-in expenses stay)."""
        for snap in self:
            snap.write(snap._ebitda_figures())
        return True

    def _ebitda_period(self):
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]

    def _ebitda_figures(self):
        """The figures read from the reports, with the caller's rights (Directors and accountants)."""
        self.ensure_one()
        period = self._ebitda_period()
        [[income]] = self.env["dental.report.service"]._read_group(period, [], ["amount:sum"])
        [[card]] = self.env["dental.report.payment"]._read_group([*period, ("method", "=", "card")], [], ["amount:sum"])
        # what the cash desk's expenses put on expense accounts (a hand-over to the bank is a transfer, not this)
        [[cash_expenses]] = self.env["account.move.line"]._read_group(
            [
                *period,
                ("parent_state", "=", "posted"),
                ("move_id.dental_cash_operation_id", "!=", False),
                ("account_id.internal_group", "=", "expense"),
            ],
            [],
            ["balance:sum"],
        )
        start = fields.Datetime.to_datetime(self.date_from)
        stop = fields.Datetime.to_datetime(fields.Date.add(self.date_to, days=1))
        [[lab_cost]] = self.env["dental.lab.order"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("date_done", ">=", start),
                ("date_done", "<", stop),
            ],
            [],
            ["lab_cost:sum"],
        )
        employees = self.env["hr.employee"].search_count([("company_id", "=", self.company_id.id)])
        figures = {
            "income": income or 0.0,
            "card_receipts": card or 0.0,
            "lab_cost": lab_cost or 0.0,
            "cash_expenses": cash_expenses or 0.0,
            "employee_count": employees,
            "computed_on": fields.Datetime.now(),
        }
        if not self.clinic_expenses:
            figures["clinic_expenses"] = cash_expenses or 0.0
        return figures
