from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class DentalStockOrderWizard(models.TransientModel):
    """The seed's "наряд-заказ" of the warehouse: the storekeeper searches the materials (short ones, a group, a
    supplier's), sets the quantities and gets one request for quotation per supplier."""

    _name = "dental.stock.order.wizard"
    _description = "Order Materials"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    low_stock_only = fields.Boolean(
        string="Short Only",
        default=True,
        help="Materials at or below the minimum of their reordering rule (at or below zero without a rule).",
    )
    categ_id = fields.Many2one("product.category", string="Material Group")
    partner_id = fields.Many2one("res.partner", string="Supplier", help="Materials this supplier sells.")
    name = fields.Char(string="Material", help="A part of the material's name, reference or barcode.")
    line_ids = fields.One2many("dental.stock.order.wizard.line", "wizard_id", string="Materials")

    def action_search(self):
        """Fill the lines with the materials found (the quantities to reach the rules' maximum); reopen."""
        self.ensure_one()
        domain = [("dental_is_material", "=", True), ("purchase_ok", "=", True)]
        if self.categ_id:
            domain.append(("categ_id", "child_of", self.categ_id.id))
        if self.partner_id:
            domain.append(("seller_ids.partner_id", "child_of", self.partner_id.commercial_partner_id.id))
        if self.name:
            name = self.name
            domain += ["|", "|", ("name", "ilike", name), ("default_code", "ilike", name), ("barcode", "ilike", name)]
        materials = self.env["product.product"].with_company(self.company_id).search(domain, order="name")
        on_hand = self._on_hand(materials)
        rules = self._rules(materials)
        vals_list = []
        for material in materials:
            rule_min, rule_max = rules.get(material.id, (0.0, 0.0))
            qty = on_hand[material.id]
            short = float_compare(qty, rule_min, precision_rounding=material.uom_id.rounding) <= 0
            if self.low_stock_only and not short:
                continue
            seller = material._select_seller(partner_id=self.partner_id or None, quantity=None)
            to_order = max(rule_max - qty, rule_min - qty, 0.0)
            vals_list.append(
                {
                    "product_id": material.id,
                    "partner_id": (self.partner_id or seller.partner_id).id,
                    "qty_available": qty,
                    "min_qty": rule_min,
                    "product_qty": to_order or 1.0,
                }
            )
        self.line_ids = [fields.Command.clear()] + [fields.Command.create(vals) for vals in vals_list]
        return self._reopen()

    def _on_hand(self, materials):
        """``{material id: quantity}`` in the branch's internal locations: one grouped query."""
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", materials.ids),
                ("location_id.usage", "=", "internal"),
                ("company_id", "=", self.company_id.id),
            ],
            ["product_id"],
            ["quantity:sum"],
        )
        on_hand = defaultdict(float)
        on_hand.update({product.id: qty for product, qty in groups})
        return on_hand

    def _rules(self, materials):
        """``{material id: (min, max)}`` of the branch's reordering rules, summed over its warehouses."""
        groups = self.env["stock.warehouse.orderpoint"]._read_group(
            [("product_id", "in", materials.ids), ("company_id", "=", self.company_id.id)],
            ["product_id"],
            ["product_min_qty:sum", "product_max_qty:sum"],
        )
        return {product.id: (low, high) for product, low, high in groups}

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Order Materials"),
        }

    def action_create_rfq(self):
        """One request for quotation per supplier with the lines to order; open them."""
        self.ensure_one()
        lines = self.line_ids.filtered(
            lambda line: not float_is_zero(line.product_qty, precision_rounding=line.product_id.uom_id.rounding)
        )
        if not lines:
            raise UserError(_("Set a quantity to order for at least one material."))
        if any(line.product_qty < 0 for line in lines):
            raise UserError(_("The quantity to order cannot be negative."))
        missing = lines.filtered(lambda line: not line.partner_id)
        if missing:
            raise UserError(
                _(
                    "Choose a supplier for: %(materials)s.",
                    materials=", ".join(missing.product_id.mapped("display_name")),
                )
            )
        orders = self.env["purchase.order"]
        for partner in lines.partner_id:
            partner_lines = lines.filtered(lambda line, partner=partner: line.partner_id == partner)
            orders |= orders.create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "origin": _("Material order"),
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_qty": line.product_qty,
                                "product_uom": line.product_id.uom_id.id,
                            }
                        )
                        for line in partner_lines
                    ],
                }
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action.update({"domain": [("id", "in", orders.ids)], "context": {}})
        if len(orders) == 1:
            action.update({"res_id": orders.id, "views": [(False, "form")], "view_mode": "form"})
        return action


class DentalStockOrderWizardLine(models.TransientModel):
    _name = "dental.stock.order.wizard.line"
    _description = "Material to Order"

    wizard_id = fields.Many2one("dental.stock.order.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", string="Material", required=True, domain=[("dental_is_material", "=", True)]
    )
    partner_id = fields.Many2one("res.partner", string="Supplier")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_available = fields.Float(string="On Hand", digits="Product Unit of Measure", readonly=True)
    min_qty = fields.Float(string="Minimum", digits="Product Unit of Measure", readonly=True)
    product_qty = fields.Float(string="To Order", digits="Product Unit of Measure", default=1.0)

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.partner_id:
            self.partner_id = self.product_id._select_seller(quantity=None).partner_id
