from odoo import api, fields, models


class DentalPlanWizardLine(models.TransientModel):
    _name = "dental.plan.wizard.line"
    _description = "Treatment Plan Wizard Line"
    _order = "visit_number, id"

    wizard_id = fields.Many2one("dental.plan.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", string="Service", required=True, domain=[("is_dental_service", "=", True)]
    )
    tooth_ids = fields.Many2many("dental.tooth", string="Teeth")
    surface_ids = fields.Many2many("dental.tooth.surface", string="Surfaces")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    visit_number = fields.Integer(string="Visit", default=1)
    doctor_id = fields.Many2one("hr.employee", string="Doctor")
    subtotal = fields.Float(compute="_compute_subtotal")

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.lst_price

    @api.depends("quantity", "price_unit", "discount")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.price_unit * (1 - (line.discount or 0.0) / 100.0)

    @api.onchange("tooth_ids")
    def _onchange_tooth_ids(self):
        if self.tooth_ids and self.product_id.dental_per_tooth:
            self.quantity = len(self.tooth_ids)

    def _prepare_sale_line_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom_qty": self.quantity,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tooth_ids": [fields.Command.set(self.tooth_ids.ids)],
            "surface_ids": [fields.Command.set(self.surface_ids.ids)],
            "visit_number": self.visit_number,
            "doctor_id": self.doctor_id.id or self.wizard_id.doctor_id.id,
        }
