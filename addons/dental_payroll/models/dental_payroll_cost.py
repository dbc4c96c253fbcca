from odoo import api, fields, models

from .dental_payroll_revenue import ROLES


class DentalPayrollCost(models.Model):
    """Ledger of the lab and material costs a confirmed payslip deducted before the share.

    Confirming a payslip writes, per plan procedure and role, the part paid in its period (``fraction``) and the
    costs deducted for it (the procedure's cost at that moment × the fraction). A lab bill or a material write-off
    changed afterwards never touches that payslip: the next payslip of the employee deducts the difference between
    what the confirmed part costs now and what was deducted (a carried row, fraction 0), like a refund reverses a
    share in the month it becomes known. Refunding a payslip writes the opposite rows. Written by the server only.
    """

    _name = "dental.payroll.cost"
    _description = "Procedure Costs Deducted in Payslips"
    _order = "date desc, id desc"

    employee_id = fields.Many2one("hr.employee", string="Employee", required=True, index=True, readonly=True)
    role = fields.Selection(ROLES, required=True, readonly=True)
    date = fields.Date(required=True, index=True, readonly=True, help="Last day of the payslip's period.")
    company_id = fields.Many2one("res.company", string="Branch", required=True, readonly=True, index=True)
    slip_id = fields.Many2one("hr.payslip", string="Payslip", readonly=True, index=True, ondelete="set null")
    sale_line_id = fields.Many2one("sale.order.line", string="Plan Procedure", readonly=True, ondelete="set null")
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    fraction = fields.Float(digits=(16, 8), readonly=True, help="Part of the procedure paid in the payslip's period.")
    lab_cost = fields.Monetary(string="Lab Cost", readonly=True)
    material_cost = fields.Monetary(string="Material Cost", readonly=True)
    is_carried = fields.Boolean(
        string="Carried", readonly=True, help="A cost known after an earlier payslip was confirmed."
    )

    @api.model
    def _dental_carried(self, employee, date_from):
        """[(product, role, plan procedure, lab, material)]: the costs of the procedures in the employee's
        payslips confirmed before ``date_from`` that were not deducted yet (negative: deducted too much).

        Read as superuser, like ``dental.payroll.revenue._dental_figures``: the caller chose the employee.
        """
        groups = self.sudo()._read_group(
            [("employee_id", "=", employee.id), ("date", "<", date_from), ("sale_line_id", "!=", False)],
            ["product_id", "role", "sale_line_id"],
            ["fraction:sum", "lab_cost:sum", "material_cost:sum"],
        )
        if not groups:
            return []
        costs = self.env["dental.payroll.revenue"]._dental_costs(
            self.env["sale.order.line"].union(*(group[2] for group in groups))
        )
        currency = employee.company_id.currency_id or self.env.company.currency_id
        result = []
        for product, role, sale_line, fraction, lab_done, material_done in groups:
            lab_cost, material_cost = costs[sale_line.id]
            lab = currency.round(lab_cost * fraction - lab_done)
            material = currency.round(material_cost * fraction - material_done)
            if lab or material:
                result.append((product, role, sale_line, lab, material))
        return result

    @api.model
    def _dental_record(self, slips):
        """Write the costs deducted by newly confirmed payslips (their period's procedures and the carried ones)."""
        Revenue = self.env["dental.payroll.revenue"]
        vals_list = []
        for slip in slips:
            employee = slip.employee_id
            base = {
                "employee_id": employee.id,
                "company_id": slip.company_id.id,
                "date": slip.date_to,
                "slip_id": slip.id,
            }
            groups = Revenue._dental_groups(employee, slip.date_from, slip.date_to)
            costs = Revenue._dental_costs(self.env["sale.order.line"].union(*(group[2] for group in groups)))
            currency = slip.company_id.currency_id
            for product, role, sale_line, _amount, fraction in groups:
                if not sale_line:
                    continue
                lab_cost, material_cost = costs[sale_line.id]
                vals_list.append(
                    {
                        **base,
                        "role": role,
                        "sale_line_id": sale_line.id,
                        "product_id": product.id,
                        "fraction": fraction,
                        "lab_cost": currency.round(lab_cost * fraction),
                        "material_cost": currency.round(material_cost * fraction),
                    }
                )
            for product, role, sale_line, lab, material in self._dental_carried(employee, slip.date_from):
                vals_list.append(
                    {
                        **base,
                        "role": role,
                        "sale_line_id": sale_line.id,
                        "product_id": product.id,
                        "fraction": 0.0,
                        "lab_cost": lab,
                        "material_cost": material,
                        "is_carried": True,
                    }
                )
        self.sudo().create(vals_list)

    @api.model
    def _dental_reverse(self, slip, refund):
        """The opposite rows of a refunded payslip's, on the refund: its costs count as never deducted."""
        vals_list = []
        for row in self.sudo().search([("slip_id", "=", slip.id)]):
            vals = row.copy_data()[0]
            vals.update(
                slip_id=refund.id,
                fraction=-row.fraction,
                lab_cost=-row.lab_cost,
                material_cost=-row.material_cost,
            )
            vals_list.append(vals)
        self.sudo().create(vals_list)
