from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.dental_patient.models.dental_server_fields import is_server_write

DMS_LINE_FIELDS = {"dental_dms_price_unit", "dental_dms_insurer_amount", "dental_dms_approval_line_id"}


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Set by the bill dialog only (server-side): the line of an insured service on the patient's invoice.
    dental_dms_price_unit = fields.Monetary(
        string="ДМС Price", readonly=True, copy=False, help="The insurer's price of the service (its price list)."
    )
    dental_dms_insurer_amount = fields.Monetary(
        string="Insurer Pays", readonly=True, copy=False, help="The insurer's part of the service (its registry)."
    )

    dental_dms_approval_line_id = fields.Many2one(
        "dental.dms.approval.line",
        string="ДМС Approved Procedure",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The insurer's approval the service is billed under: posting the invoice records it for the insurer.",
    )

    @api.model
    def _dms_line_vals(self, values):
        """The server-only values of a patient's invoice line split by ``dental.insurance.policy._dms_split``."""
        return {
            "dental_dms_price_unit": values["price_unit"],
            "dental_dms_insurer_amount": values["amount_insurer"],
            "dental_dms_approval_line_id": values["approval_line"].id,
        }

    def _dms_check_server_fields(self, vals_list):
        if any(DMS_LINE_FIELDS & set(vals) for vals in vals_list) and not is_server_write(self.env, self._name):
            raise AccessError(_("The insurer's part of an invoice line is set by the ДМС billing only."))

    @api.model_create_multi
    def create(self, vals_list):
        self._dms_check_server_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._dms_check_server_fields([vals])
        return super().write(vals)

    def _dental_effective_discount(self, plan_lines):
        """An insured service's patient part is no discount: what the patient and the insurer pay together is
        compared with the insurer's contract price, not with the clinic's."""
        if not self.dental_dms_price_unit or not self.quantity:
            return super()._dental_effective_discount(plan_lines)
        net = self.price_unit * (1.0 - (self.discount or 0.0) / 100.0) + self.dental_dms_insurer_amount / self.quantity
        return max(100.0 * (1.0 - net / self.dental_dms_price_unit), 0.0)
