from odoo import api, fields, models


class DentalBillWizardLine(models.TransientModel):
    _name = "dental.bill.wizard.line"
    _description = "Procedure to Bill"

    wizard_id = fields.Many2one("dental.bill.wizard", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    sale_line_id = fields.Many2one("sale.order.line", string="Plan Procedure", readonly=True)
    product_id = fields.Many2one("product.product", string="Service", required=True, domain=[("type", "=", "service")])
    name = fields.Char(string="Description", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(string="Price")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    program_id = fields.Many2one("loyalty.program", string="Discount Programme", readonly=True)
    tax_ids = fields.Many2many("account.tax", string="Taxes", domain=[("type_tax_use", "=", "sale")])
    tooth_ids = fields.Many2many("dental.tooth", string="Teeth")
    doctor_id = fields.Many2one("hr.employee", string="Doctor")
    assistant_id = fields.Many2one("hr.employee", string="Assistant")
    gross = fields.Monetary(compute="_compute_subtotal", help="Before the discount, without taxes.")
    untaxed = fields.Monetary(compute="_compute_subtotal", help="After the discount, without taxes.")
    subtotal = fields.Monetary(compute="_compute_subtotal", help="After the discount, taxes included.")

    @api.depends("quantity", "price_unit", "discount", "tax_ids")
    def _compute_subtotal(self):
        for line in self:
            currency = line.currency_id or self.env.company.currency_id
            # like the invoice line: a price including a tax is split into the service and its tax
            before = line.tax_ids.compute_all(line.price_unit, currency, line.quantity, product=line.product_id)
            price = line.price_unit * (1 - line.discount / 100.0)
            after = line.tax_ids.compute_all(price, currency, line.quantity, product=line.product_id)
            line.gross = before["total_excluded"]
            line.untaxed = after["total_excluded"]
            line.subtotal = after["total_included"]

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.sale_line_id:
            self.name = self.product_id.display_name
            self.price_unit = self.product_id.lst_price
            company = self.wizard_id.company_id or self.env.company
            self.tax_ids = self.product_id.taxes_id._filter_taxes_by_company(company)

    @api.onchange("discount")
    def _onchange_discount(self):
        self.program_id = False

    def _prepare_invoice_line_vals(self):
        self.ensure_one()
        if self.sale_line_id:
            vals = self.sale_line_id._prepare_invoice_line(quantity=self.quantity)
        else:
            vals = {"product_id": self.product_id.id, "quantity": self.quantity}
        vals.update(
            {
                "name": self.name,
                "price_unit": self.price_unit,
                "discount": self.discount,
                "tax_ids": [fields.Command.set(self.tax_ids.ids)],
                "dental_tooth_ids": [fields.Command.set(self.tooth_ids.ids)],
                "dental_doctor_id": self.doctor_id.id,
                "dental_assistant_id": self.assistant_id.id,
                "dental_discount_program_id": self.program_id.id,
            }
        )
        return vals
