from odoo import api, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._dental_check_plans_billable()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if "sale_line_ids" in vals:
            self._dental_check_plans_billable()
        return res

    def _dental_check_plans_billable(self):
        """No invoice line may bill a procedure of a treatment plan the patient has not approved, nor be made by
        a user who does not bill plans (a hand-made invoice line linked to the plan is an invoice of it)."""
        # sudo: the rule holds whatever the user may read; only the plan status is looked at.
        invoices = self.sudo().filtered(lambda line: line.move_id.move_type != "out_refund")
        orders = invoices.sale_line_ids.order_id.filtered("is_treatment_plan")
        orders.with_env(self.env)._dental_check_biller()
        orders._dental_check_billable()
