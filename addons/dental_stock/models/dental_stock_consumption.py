from odoo import _, api, fields, models

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

from .product_template import COST_GROUPS


class DentalStockConsumption(models.Model):
    """One material of one completed procedure: what its norm expected and what was written off (the stock move).

    Append-only, written by the server when a procedure is completed (``kind`` consume) or its completion is
    undone (``kind`` return, negative quantities); the expected quantities feed the norm-vs-actual report, the
    moves' valuation the procedure's material cost. Materials the control mode does not write off (normal mode:
    piece materials only) have an expected quantity and no move.
    """

    _name = "dental.stock.consumption"
    _inherit = ["dental.lock.mixin"]
    _description = "Material Consumption of a Procedure"
    _order = "date desc, id desc"

    sale_line_id = fields.Many2one(
        "sale.order.line", string="Procedure", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True, readonly=True)
    date = fields.Date(required=True, index=True, readonly=True)
    kind = fields.Selection(
        [("consume", "Write-off"), ("return", "Return")], required=True, default="consume", readonly=True
    )
    patient_id = fields.Many2one("dental.patient", string="Patient", index=True, readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", index=True, readonly=True)
    service_id = fields.Many2one("product.product", string="Service", index=True, readonly=True)
    norm_id = fields.Many2one("dental.consumption.norm", string="Norm", index=True, readonly=True)
    product_id = fields.Many2one("product.product", string="Material", required=True, index=True, readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    expected_qty = fields.Float(digits="Product Unit of Measure", readonly=True, help="By the norm, in the unit.")
    qty = fields.Float(string="Written Off", digits="Product Unit of Measure", readonly=True)
    location_id = fields.Many2one("stock.location", string="Taken From", readonly=True)
    move_id = fields.Many2one("stock.move", string="Stock Move", index="btree_not_null", readonly=True)
    cost = fields.Float(
        compute="_compute_cost",
        store=True,
        digits="Product Price",
        groups=COST_GROUPS,
        help="Value of the move in the stock valuation (negative for a return).",
    )

    @api.depends("move_id.stock_valuation_layer_ids.value")
    def _compute_cost(self):
        for consumption in self:
            consumption.cost = -sum(consumption.move_id.sudo().stock_valuation_layer_ids.mapped("value"))

    # ------------------------------------------------------------------ closed days (dental.lock.mixin)
    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, None)

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY:
            pairs = [*pairs, (self.company_id, self.date)]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY:
            return _("A material write-off")
        return super()._dental_lock_label(lock)
