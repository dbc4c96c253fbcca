from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, sql

ROLES = [("doctor", "Doctor"), ("assistant", "Assistant")]


class DentalPayrollRevenue(models.Model):
    """Ledger of paid procedure revenue per employee: the base of the variable pay.

    A row is written when money settles a patient's invoice (a reconciliation with a payment or a deposit),
    dated on the day of that settlement, for the doctor and for the assistant of each procedure line, in
    proportion to the part of the invoice settled. A settlement undone (a rollback, an unreconciled payment)
    writes the opposite row on the branch's today; a refund paid out from a credit note writes a negative row
    on its day. Rows are never changed afterwards: a month's base is the sum of its rows, so a procedure paid
    late counts in the month it is paid and a refund reverses its share in the month of the refund.
    Written by the server only (no one has write access).
    """

    _name = "dental.payroll.revenue"
    _description = "Paid Procedure Revenue"
    _order = "date desc, id desc"

    employee_id = fields.Many2one("hr.employee", string="Employee", required=True, index=True, readonly=True)
    role = fields.Selection(ROLES, required=True, readonly=True)
    date = fields.Date(required=True, index=True, readonly=True)
    payroll_date = fields.Date(
        string="Counted On",
        compute="_compute_payroll_date",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="The day the row counts in payroll: its date, or the first day after the employee's confirmed "
        "payslips when it is dated in their period (a payment or a refund entered late): a confirmed payslip "
        "never changes, the next one counts the row.",
    )
    company_id = fields.Many2one("res.company", string="Branch", required=True, readonly=True, index=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True, index=True, ondelete="set null")
    move_line_id = fields.Many2one("account.move.line", string="Procedure", readonly=True, ondelete="set null")
    sale_line_id = fields.Many2one("sale.order.line", string="Plan Procedure", readonly=True, ondelete="set null")
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    categ_id = fields.Many2one("product.category", string="Service Category", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Paid Revenue", readonly=True, help="Untaxed revenue of the procedure paid.")
    fraction = fields.Float(
        digits=(16, 8), readonly=True, help="Part of the procedure paid (negative when reversed or refunded)."
    )
    partial_ref = fields.Integer(readonly=True, index=True, help="The reconciliation that wrote this row.")

    def _auto_init(self):
        # a ledger installed before the field: its rows count on their own date, filled in SQL (the ORM would
        # compute a clinic's whole history row by row)
        cr = self.env.cr
        if sql.table_exists(cr, self._table) and not sql.column_exists(cr, self._table, "payroll_date"):
            sql.create_column(cr, self._table, "payroll_date", "date")
            cr.execute(SQL("UPDATE %s SET payroll_date = date", SQL.identifier(self._table)))
        return super()._auto_init()

    @api.depends("date")
    def _compute_payroll_date(self):
        for row in self:
            row.payroll_date = row.date

    # ------------------------------------------------------------------ ledger (server side)
    @api.model
    def _dental_settled(self, partials, carry=True):
        """Write the rows of new reconciliations (called as superuser by account.partial.reconcile).

        ``carry``: rows dated in a confirmed payslip's period count in the next one (``_dental_carry``); the
        install's backfill of past reconciliations does not carry (no payslip counted them before).
        """
        vals_list = []
        for partial in partials:
            doc, sign = self._dental_document(partial)
            if not doc:
                continue
            total = abs(doc.amount_total_signed)
            if not total:
                continue
            fraction = sign * partial.amount / total
            vals_list += self._dental_rows(doc, fraction, partial.max_date, partial.id)
        if vals_list:
            if carry:
                self._dental_carry(vals_list)
            self.create(vals_list)

    @api.model
    def _dental_unsettled(self, partials):
        """Reverse the rows of reconciliations being removed, on the branch's today."""
        rows = self.search([("partial_ref", "in", partials.ids)])
        vals_list = []
        for row in rows:
            vals = row.copy_data()[0]
            vals.update(
                amount=-row.amount,
                fraction=-row.fraction,
                date=row.company_id._dental_today(),
                partial_ref=0,
            )
            vals_list.append(vals)
        if vals_list:
            self._dental_carry(vals_list)
            self.create(vals_list)

    @api.model
    def _dental_carry(self, vals_list):
        """Set ``payroll_date`` of new rows: a row dated in the period of a confirmed payslip of its employee
        (a payment or a refund entered with a past date) counts on the first day after that payslip's period, and
        after the next one while that is confirmed too, so the next open payslip counts it and no confirmed one
        changes. A refunded payslip (OCA's correction) no longer closes its period. One query for all the rows.
        """
        first = min(fields.Date.to_date(vals["date"]) for vals in vals_list)
        # sudo: the server writes the ledger for whoever settled the invoice (a registrar reads no payslip)
        slips = (
            self.env["hr.payslip"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", list({vals["employee_id"] for vals in vals_list})),
                    ("state", "=", "done"),
                    ("credit_note", "=", False),
                    ("date_to", ">=", first),
                ],
                order="date_from, id",
            )
        )
        closed = defaultdict(list)
        for slip in slips:
            if not (slip.refunded_id and slip.refunded_id.state != "cancel"):
                closed[slip.employee_id.id].append((slip.date_from, slip.date_to))
        for vals in vals_list:
            day = fields.Date.to_date(vals["date"])
            for date_from, date_to in closed[vals["employee_id"]]:
                if date_from <= day <= date_to:
                    day = date_to + timedelta(days=1)
            vals["payroll_date"] = day

    @api.model
    def _dental_document(self, partial):
        """(the procedures' document, sign) of a reconciliation, or (None, 0) when it pays no procedure.

        An invoice settled by a payment or a deposit counts (+); a credit note paid out (a refund) counts (−);
        an invoice and its credit note reconciled together move no money: nothing.
        """
        debit, credit = partial.debit_move_id.move_id, partial.credit_move_id.move_id
        if debit.move_type == "out_invoice" and credit.move_type != "out_refund":
            return debit, 1.0
        if credit.move_type == "out_refund" and debit.move_type != "out_invoice":
            return credit, -1.0
        return None, 0.0

    @api.model
    def _dental_rows(self, doc, fraction, date, partial_id):
        rows = []
        for line in doc.invoice_line_ids.filtered(lambda ml: ml.display_type == "product"):
            amount = doc.company_currency_id.round(abs(line.balance) * fraction)
            base = {
                "date": date,
                "company_id": doc.company_id.id,
                "move_id": doc.id,
                "move_line_id": line.id,
                "sale_line_id": line.sale_line_ids[:1].id,
                "product_id": line.product_id.id,
                "categ_id": line.product_id.categ_id.id,
                "amount": amount,
                "fraction": fraction,
                "partial_ref": partial_id,
            }
            for role, employee in (("doctor", line.dental_doctor_id), ("assistant", line.dental_assistant_id)):
                if employee:
                    rows.append({**base, "employee_id": employee.id, "role": role})
        return rows

    # ------------------------------------------------------------------ figures
    @api.model
    def _dental_costs(self, sale_lines):
        """{plan procedure id: (lab cost, material cost)}; 0 where dental_lab / dental_stock are not installed.

        Read as superuser: the costs carry the cost groups, and only their per-procedure figures are used here
        for the share of the employee whose pay is computed by the caller (checked by the caller).
        """
        Line = self.env["sale.order.line"].sudo()
        names = [name for name in ("dental_lab_cost", "dental_material_cost") if name in Line._fields]
        result = defaultdict(lambda: (0.0, 0.0))
        if not names or not sale_lines:
            return result
        for line in Line.browse(sale_lines.ids):
            result[line.id] = (
                line.dental_lab_cost if "dental_lab_cost" in names else 0.0,
                line.dental_material_cost if "dental_material_cost" in names else 0.0,
            )
        return result

    @api.model
    def _dental_groups(self, employee, date_from, date_to):
        """[(service, role, plan procedure, revenue, paid fraction)] of an employee's rows in a period.

        One grouped read: the share is linear in the rows, so a group's sums give the same figures as the rows one
        by one. Read as superuser: the caller (payroll or the employee's own earnings) decided whose rows these are.
        """
        return self.sudo()._read_group(
            [
                ("employee_id", "=", employee.id),
                ("payroll_date", ">=", date_from),
                ("payroll_date", "<=", date_to),
            ],
            ["product_id", "role", "sale_line_id"],
            ["amount:sum", "fraction:sum"],
        )

    @api.model
    def _dental_revenue_carried(self, employee, date_from, date_to):
        """The revenue counted in a period that is dated before it (read as superuser, as ``_dental_groups``)."""
        groups = self.sudo()._read_group(
            [
                ("employee_id", "=", employee.id),
                ("payroll_date", ">=", date_from),
                ("payroll_date", "<=", date_to),
                ("date", "<", date_from),
            ],
            [],
            ["amount:sum"],
        )
        return groups[0][0] or 0.0

    @api.model
    def _dental_figures(self, contract, date_from, date_to):
        """The variable pay of a contract's employee for a period, from the ledger:
        {"revenue", "revenue_carried", "lab", "material", "carried", "base", "share"}.

        The revenue is that of the rows counted in the period (``payroll_date``); ``revenue_carried`` is its part
        dated before the period (a payment or a refund entered late into a confirmed payslip's period). The costs deducted are those of the procedures paid in the period plus the costs that became known (a lab
        bill posted late, a write-off changed) for procedures of payslips already confirmed (``carried``, part of
        "lab" and "material"): see ``dental.payroll.cost``.
        """
        employee = contract.employee_id
        groups = self._dental_groups(employee, date_from, date_to)
        rules = contract.sudo().dental_share_rule_ids
        costs = self._dental_costs(self.env["sale.order.line"].union(*(group[2] for group in groups)))
        figures = {
            "revenue": 0.0,
            "revenue_carried": self._dental_revenue_carried(employee, date_from, date_to),
            "lab": 0.0,
            "material": 0.0,
            "carried": 0.0,
            "base": 0.0,
            "share": 0.0,
        }
        matched = {}

        def deduct(product, role, revenue, lab_cost, material_cost):
            key = (product.id, role)
            if key not in matched:
                matched[key] = rules._dental_match(product, role)
            rule = matched[key]
            lab = lab_cost if rule.deduct_lab else 0.0
            material = material_cost if rule.deduct_material else 0.0
            figures["lab"] += lab
            figures["material"] += material
            if rule:
                base = revenue - lab - material
                figures["base"] += base
                figures["share"] += base * rule.percent / 100.0
            return lab + material

        for product, role, sale_line, amount, fraction in groups:
            lab_cost, material_cost = costs[sale_line.id] if sale_line else (0.0, 0.0)
            figures["revenue"] += amount
            deduct(product, role, amount, lab_cost * fraction, material_cost * fraction)
        for product, role, _sale_line, lab, material in self.env["dental.payroll.cost"]._dental_carried(
            employee, date_from
        ):
            figures["carried"] += deduct(product, role, 0.0, lab, material)
        currency = contract.company_id.currency_id
        return {key: currency.round(value) for key, value in figures.items()}

    @api.model
    def _dental_backfill(self):
        """Rows of every reconciliation made before the install (an install on a working clinic)."""
        customer = ("out_invoice", "out_refund")
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search(
                [
                    "|",
                    ("debit_move_id.move_id.move_type", "in", customer),
                    ("credit_move_id.move_id.move_type", "in", customer),
                ],
                order="id",
            )
        )
        self.sudo()._dental_settled(partials, carry=False)
