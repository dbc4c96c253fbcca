from odoo import fields, models


class DentalBillWizardLine(models.TransientModel):
    """The bill dialog sells goods too (toothbrushes, pastes: storable products for sale); the patient's invoice
    takes them out of the branch's stock when posted (account.move of this addon)."""

    _inherit = "dental.bill.wizard.line"

    product_id = fields.Many2one(
        string="Service or Goods",
        domain="['|', ('type', '=', 'service'), '&', ('is_storable', '=', True), ('sale_ok', '=', True)]",
    )
