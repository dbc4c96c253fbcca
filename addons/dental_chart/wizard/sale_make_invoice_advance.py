from odoo import models


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        # A down payment is invoiced by the wizard itself, as the superuser, without the plan's own
        # ``_create_invoices`` (which checks the delivered method): the same check for a patient's plan.
        if self.advance_payment_method != "delivered":
            sale_orders._dental_check_billable()
        return super()._create_invoices(sale_orders)
