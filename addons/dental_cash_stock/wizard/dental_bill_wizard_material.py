from odoo import api, fields, models


class DentalBillWizardMaterial(models.TransientModel):
    """A material written off for a procedure of the bill: the front desk may change its quantity, add or remove
    materials when the branch allows editing the automatic write-off at billing."""

    _name = "dental.bill.wizard.material"
    _description = "Material of a Billed Procedure"

    wizard_id = fields.Many2one("dental.bill.wizard", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", string="Procedure", required=True)
    product_id = fields.Many2one(
        "product.product", string="Material", required=True, domain=[("dental_is_material", "=", True)]
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure")
    written_off_qty = fields.Float(
        string="Written Off", digits="Product Unit of Measure", readonly=True, help="By the completion."
    )

    @api.depends("sale_line_id", "product_id")
    def _compute_display_name(self):
        for material in self:
            material.display_name = material.product_id.display_name
