from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .dental_lab_order import COST_GROUPS


class DentalLabOrderLine(models.Model):
    """A work item of a lab order: a lab service, its quantity and the lab's price for it."""

    _name = "dental.lab.order.line"
    _description = "Lab Work Item"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one("dental.lab.order", string="Lab Order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        string="Lab Service",
        required=True,
        check_company=True,
        domain="[('dental_is_lab_service', '=', True)]",
    )
    name = fields.Char(string="Description", compute="_compute_name", store=True, readonly=False, precompute=True)
    product_qty = fields.Float(string="Quantity", default=1.0, digits="Product Unit of Measure", required=True)
    lead_days = fields.Integer(
        string="Lead Time (Days)",
        compute="_compute_price_unit",
        store=True,
        precompute=True,
        help="The lab's lead time for this service (its vendor price).",
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    price_unit = fields.Monetary(
        string="Lab Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        groups=COST_GROUPS,
        help="The lab's price (vendor price of the service for this lab).",
    )
    price_subtotal = fields.Monetary(
        string="Amount", compute="_compute_price_subtotal", store=True, precompute=True, groups=COST_GROUPS
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.display_name

    @api.depends("product_id", "product_qty", "order_id.lab_id")
    def _compute_price_unit(self):
        for line in self:
            seller = line._dental_seller()
            line.price_unit = (
                seller.currency_id._convert(
                    seller.price, line.currency_id, line.company_id, fields.Date.context_today(line)
                )
                if seller and line.currency_id
                else seller.price
            )
            line.lead_days = seller.delay if seller else 0

    @api.depends("price_unit", "product_qty")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.price_unit * line.product_qty

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._dental_check_draft()
        return lines

    def write(self, vals):
        self._dental_check_draft()
        res = super().write(vals)
        self._dental_check_draft()
        return res

    def unlink(self):
        self._dental_check_draft()
        return super().unlink()

    def _dental_check_draft(self):
        """The work items of a sent order are its purchase order's: they no longer change (server excepted)."""
        sent = self.order_id.filtered(lambda order: order.state != "draft")
        if sent:
            raise UserError(
                _(
                    "The order %(order)s was sent to the lab: its work items no longer change. Cancel it and reset "
                    "it to draft first.",
                    order=sent[0].name,
                )
            )

    def _dental_seller(self):
        """The lab's vendor price of the service (product.supplierinfo), for the quantity and today."""
        self.ensure_one()
        if not self.product_id or not self.order_id.lab_id:
            return self.env["product.supplierinfo"]
        # sudo: vendor prices are purchase data; only the price is copied onto the line (read by cost groups)
        return (
            self.product_id.sudo()
            .with_company(self.company_id)
            ._select_seller(
                partner_id=self.order_id.lab_id,
                quantity=self.product_qty,
                date=fields.Date.context_today(self),
                uom_id=self.product_id.uom_po_id,
            )
        )

    def _dental_prepare_purchase_line_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": self.name or self.product_id.display_name,
            "product_qty": self.product_qty,
            "product_uom": self.product_id.uom_po_id.id,
            "price_unit": self.sudo().price_unit,
            "date_planned": fields.Datetime.to_datetime(self.order_id.due_date),
        }
