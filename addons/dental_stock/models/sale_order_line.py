from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.dental_patient.models.dental_server_fields import is_server_write

from .product_template import COST_GROUPS


class SaleOrderLine(models.Model):
    """A plan's procedure consumes the materials of its service's norm when it is completed."""

    _inherit = "sale.order.line"

    dental_consumption_ids = fields.One2many(
        "dental.stock.consumption", "sale_line_id", string="Materials Consumed", readonly=True
    )
    dental_material_cost = fields.Float(
        string="Material Cost",
        compute="_compute_dental_material_cost",
        store=True,
        digits="Product Price",
        groups=COST_GROUPS,
        help="Valuation of the materials written off for the procedure, returns deducted (for payroll).",
    )

    @api.depends("dental_consumption_ids.cost")
    def _compute_dental_material_cost(self):
        for line in self:
            line.dental_material_cost = sum(line.dental_consumption_ids.mapped("cost"))

    def write(self, vals):
        # Undoing a completion (the server lowering the done quantity) returns the materials of the part undone.
        undone = {}
        if "qty_delivered" in vals and is_server_write(self.env, self._name):
            # sudo: whether the procedure consumed materials, whoever undoes it (the front desk reads no ledger)
            for line in self.sudo().filtered(lambda line: line.dental_consumption_ids).with_env(self.env):
                if float_compare(vals["qty_delivered"], line.qty_delivered, 2) < 0 and line.qty_delivered > 0:
                    undone[line] = 1 - vals["qty_delivered"] / line.qty_delivered
        res = super().write(vals)
        for line, share in undone.items():
            line._dental_stock_return(share)
        return res

    # ------------------------------------------------------------------ completion
    def _dental_complete(self, qty=None, date=None, doctor=None):
        day = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        done = {
            line: (line.product_uom_qty - line.qty_delivered if qty is None else qty)
            for line in self._dental_stock_lines()
        }
        plan = self._dental_stock_plan(done, day) if done else []
        if plan:
            self._dental_stock_check_available(plan)
        res = super()._dental_complete(qty=qty, date=date, doctor=doctor)
        if done:
            self._dental_stock_consume(plan, done, day, doctor)
        return res

    def _dental_stock_lines(self):
        """The procedures whose completion consumes materials: lines of a patient's treatment plan."""
        return self.filtered(
            lambda line: not line.display_type
            and not line.is_downpayment
            and line.order_id.is_treatment_plan
            and line.order_id.patient_id
            and line.product_id
            and line.state == "sale"
        )

    def _dental_stock_location(self):
        """``{line: stock.location}`` the procedures take their materials from: the branch's write-off location.

        dental_calendar_stock routes to the chair of the procedure's visit.
        """
        sources = {company: company._dental_stock_source_location() for company in self.order_id.company_id}
        return {line: sources[line.order_id.company_id] for line in self}

    def _dental_stock_plan(self, done, day):
        """What the completion of ``done`` (``{line: qty}``) consumes: a list of dicts, one per line and material."""
        lines = self.browse([line.id for line in done])
        locations = lines._dental_stock_location()
        Norm = self.env["dental.consumption.norm"].sudo()  # sudo: norms are configuration every doctor applies
        plan = []
        for company in lines.order_id.company_id:
            company_lines = lines.filtered(lambda line, company=company: line.order_id.company_id == company)
            norms = Norm._dental_norms_for(company_lines.product_id, company, day)
            advanced = company.dental_stock_mode == "advanced"
            for line in company_lines:
                norm = norms.get(line.product_id.id)
                if not norm or float_is_zero(done[line], precision_digits=6):
                    continue
                for norm_line in norm.line_ids:
                    material = norm_line.product_id
                    qty = norm_line._dental_qty(done[line], company)
                    plan.append(
                        {
                            "line": line,
                            "norm": norm,
                            "material": material,
                            "expected": qty,
                            "write_off": advanced or material.dental_piece_material,
                            "location": locations[line],
                            "company": company,
                        }
                    )
        self._dental_stock_route(plan)
        return plan

    def _dental_stock_route(self, plan):
        """Send each material of ``plan`` where it is stocked: a material the warehouse of its location does not
        stock (materials attached to warehouses) comes from the stock of the branch's warehouse stocking it.

        dental_calendar_stock sends first a material the chair does not stock to the branch's write-off location.
        """
        # sudo: the branches' warehouses and what they stock, whoever completes the procedure (routing only)
        Warehouse = self.env["stock.warehouse"].sudo()
        warehouses = Warehouse.search([("company_id", "in", [item["company"].id for item in plan])])
        attached = warehouses.filtered(lambda wh: wh.dental_material_ids or wh.dental_material_categ_ids)
        if not attached:
            return  # one query when no warehouse restricts its materials
        for item in plan:
            location = item["location"]
            warehouse = warehouses.filtered(
                lambda wh, location=location: (location.parent_path or "").startswith(wh.view_location_id.parent_path)
            )[:1]
            if not warehouse or warehouse._dental_stocks(item["material"]):
                continue
            other = attached.filtered(
                lambda wh, item=item: wh.company_id == item["company"] and wh._dental_stocks(item["material"])
            )[:1]
            if other:
                item["location"] = other.lot_stock_id.with_env(self.env)

    def _dental_stock_check_available(self, plan):
        """Refuse (forbidding branches) or warn when a written-off material is short at its location."""
        needed = defaultdict(float)
        for item in plan:
            if item["write_off"]:
                needed[item["location"], item["material"]] += item["expected"]
        if not needed:
            return
        locations = self.env["stock.location"].union(*[location for location, __ in needed])
        materials = self.env["product.product"].union(*[material for __, material in needed])
        # sudo: the quantity on hand where the procedure takes from, whoever completes it (figures only)
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [("location_id", "child_of", locations.ids), ("product_id", "in", materials.ids)],
                ["location_id", "product_id"],
                ["quantity:sum"],
            )
        )
        # the write-offs recorded and not posted yet have not left the quants: they are not available either
        # sudo: the queue of the locations, figures only
        queued = (
            self.env["dental.stock.consumption"]
            .sudo()
            ._read_group(
                [
                    ("state", "in", ("pending", "failed")),
                    ("location_id", "child_of", locations.ids),
                    ("product_id", "in", materials.ids),
                ],
                ["location_id", "product_id"],
                ["qty:sum"],
            )
        )
        on_hand = defaultdict(float)
        for quant_location, material, quantity in [*groups, *((loc, mat, -qty) for loc, mat, qty in queued)]:
            for location in locations:
                if quant_location.parent_path.startswith(location.parent_path):
                    on_hand[location, material] += quantity
        short = [
            (location, material, qty, on_hand[location, material])
            for (location, material), qty in needed.items()
            if float_compare(on_hand[location, material], qty, precision_rounding=material.uom_id.rounding) < 0
        ]
        if not short:
            return
        text = "\n".join(
            self.env._(
                "%(material)s at %(location)s: %(needed)s %(unit)s needed, %(available)s on hand",
                material=material.display_name,
                location=location.display_name,
                needed=round(qty, 4),
                available=round(available, 4),
                unit=material.uom_id.name,
            )
            for location, material, qty, available in short
        )
        companies = self.order_id.company_id.filtered("dental_stock_forbid_negative")
        if any(item["company"] in companies for item in plan if item["write_off"]):
            raise UserError(_("Not enough material to complete the procedure:\n%(text)s", text=text))
        message = _("Completed with materials out of stock (the stock goes negative):\n%(text)s", text=text)
        for order in self.order_id:
            order.message_post(body=message)
        self.env.user._bus_send(
            "simple_notification", {"type": "warning", "title": _("Materials out of stock"), "message": message}
        )

    def _dental_stock_consume(self, plan, done, day, doctor=None):
        """Write off the planned materials (to the branch's consumption location) and record them."""
        consumptions_vals = []
        for item in plan:
            vals = self._dental_prepare_consumption_vals(item, day, doctor)
            if item["write_off"]:
                vals["qty"] = item["expected"]
            consumptions_vals.append(vals)
        self._dental_stock_record(consumptions_vals)

    def _dental_stock_record(self, consumptions_vals):
        """Record the ledger rows; a row with a quantity (``qty``: positive out of ``location_id``, negative back
        to it, ``origin_move_id`` the move a return brings back) writes off: it is queued for the poster, which
        makes its stock move (``dental.stock.consumption._dental_prepare_move_vals``), or posted at once in a
        branch posting immediately. The completion costs the ledger's insert, not the moves'."""
        pending = False
        for vals in consumptions_vals:
            vals["cost"] = 0.0  # no move yet: nothing valued (set here, not recomputed by one more UPDATE)
            if vals.get("qty"):
                vals["state"] = "pending"
                pending = True
        # sudo: the write-off is the consequence of the clinical act the user was allowed to do (complete the
        # procedure); the ledger is written by the server only (no client has create rights on it), and doctors and
        # assistants have no rights on stock moves and valuation layers
        consumptions = self.env["dental.stock.consumption"].sudo().create(consumptions_vals)
        if pending:
            queued = consumptions.filtered(lambda row: row.state == "pending")
            now = queued.filtered(lambda row: row.company_id.dental_stock_post_immediately)
            now._dental_post(raise_on_error=True)
            if queued - now:
                # the cron posts the queue once this transaction is committed (Odoo notifies the cron workers then)
                # (the xmlid's id is cached: no existence check per completion)
                cron_id = self.env["ir.model.data"]._xmlid_to_res_id("dental_stock.ir_cron_dental_stock_post")
                self.env["ir.cron"].sudo().browse(cron_id)._trigger()
        return consumptions

    def _dental_prepare_consumption_vals(self, item, day, doctor=None):
        line = item["line"]
        return {
            "sale_line_id": line.id,
            "company_id": item["company"].id,
            "date": day,
            "kind": "consume",
            "patient_id": line.order_id.patient_id.id,
            "doctor_id": (doctor or line.doctor_id or line.order_id.doctor_id).id,
            "service_id": line.product_id.id,
            "norm_id": item["norm"].id,
            "product_id": item["material"].id,
            "expected_qty": item["expected"],
            "location_id": item["location"].id,
        }

    def _dental_prepare_stock_move_vals(self, material, qty, location, location_dest, day, origin_move=None):
        self.ensure_one()
        return {
            "name": _("%(service)s: %(patient)s", service=self.product_id.display_name, patient=self.order_id.name),
            "origin": self.order_id.name,
            "company_id": self.order_id.company_id.id,
            "product_id": material.id,
            "product_uom": material.uom_id.id,
            "product_uom_qty": qty,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "dental_sale_line_id": self.id,
            "dental_date": day,
            "origin_returned_move_id": origin_move.id if origin_move else False,
            "move_line_ids": [
                fields.Command.create(
                    {
                        "product_id": material.id,
                        "product_uom_id": material.uom_id.id,
                        "quantity": qty,
                        "location_id": location.id,
                        "location_dest_id": location_dest.id,
                    }
                )
            ],
            "picked": True,
        }

    def _dental_stock_return(self, share=1.0):
        """Return ``share`` of what the procedures' completions wrote off (and take back the expected quantities)."""
        day = fields.Date.context_today(self)
        consumptions_vals = []
        # sudo: the ledger of the procedures being undone (server code; the caller may not read it)
        lines = self.sudo()
        queued = lines.dental_consumption_ids.filtered(lambda row: row.state in ("pending", "failed"))
        if queued and float_compare(share, 1.0, precision_digits=6) >= 0:
            # the whole completion undone before its moves were made: they never will be (no move, no return)
            queued = queued._dental_lock([("id", "in", queued.ids), ("state", "in", ("pending", "failed"))])
            queued.write({"state": "cancelled"})
        elif queued:
            # a part undone: post the write-offs first, then return the part as usual
            queued._dental_post(states=("pending", "failed"), raise_on_error=True)
        for line in lines:
            # net per (material, location, norm): write-offs minus earlier returns
            net = defaultdict(lambda: [0.0, 0.0, None])
            for consumption in line.dental_consumption_ids:
                if consumption.state == "cancelled":
                    continue
                key = (consumption.product_id, consumption.location_id, consumption.norm_id)
                net[key][0] += consumption.expected_qty
                net[key][1] += consumption.qty
                if consumption.kind == "consume" and consumption.move_id:
                    net[key][2] = consumption.move_id
            for (material, location, norm), (expected, qty, origin) in net.items():
                expected, qty = expected * share, qty * share
                if float_is_zero(expected, precision_digits=6) and float_is_zero(qty, precision_digits=6):
                    continue
                consumptions_vals.append(
                    {
                        "sale_line_id": line.id,
                        "company_id": line.order_id.company_id.id,
                        "date": day,
                        "kind": "return",
                        "patient_id": line.order_id.patient_id.id,
                        "doctor_id": (line.doctor_id or line.order_id.doctor_id).id,
                        "service_id": line.product_id.id,
                        "norm_id": norm.id,
                        "product_id": material.id,
                        "expected_qty": -expected,
                        "location_id": location.id,
                        "qty": -qty if qty > 0 else 0.0,
                        "origin_move_id": origin.id if origin and qty > 0 else False,
                    }
                )
        return self._dental_stock_record(consumptions_vals)

    # ------------------------------------------------------------------ adjustments (at billing)
    def _dental_stock_written_off(self):
        """``{(line, material): [qty, location]}``: what the procedures' write-offs took, returns deducted, and
        where from (the place of the latest write-off). One read of the ledger for all the lines."""
        result = {}
        # sudo: the procedures' ledger, for the server's adjustment (the front desk reads no ledger)
        for consumption in self.sudo().dental_consumption_ids.sorted("id"):
            if consumption.state == "cancelled" or (consumption.state == "done" and not consumption.move_id):
                continue  # expected only (normal mode): nothing left the stock; or undone before it was posted
            key = (consumption.sale_line_id.with_env(self.env), consumption.product_id.with_env(self.env))
            entry = result.setdefault(key, [0.0, consumption.location_id.with_env(self.env)])
            entry[0] += consumption.qty
            if consumption.kind == "consume":
                entry[1] = consumption.location_id.with_env(self.env)
        return result

    def _dental_stock_adjust(self, wanted, day=None):
        """Bring the write-offs of the procedures to ``wanted`` (``{(line, material): qty}`` in the material's
        unit; a material absent keeps its write-off): the difference leaves or returns to the stock as one more
        move of the procedure, recorded in the ledger with no expected quantity (the norm did not change).

        Server API of the billing's adjustment (dental_cash_stock); the caller checks the branch allows it.
        """
        day = day or fields.Date.context_today(self)
        current = self._dental_stock_written_off()
        locations = self._dental_stock_location()
        consumptions_vals = []
        for (line, material), qty in wanted.items():
            if line not in self:
                raise UserError(_("%(procedure)s is not among the procedures adjusted.", procedure=line.display_name))
            if not material.dental_is_material:
                raise UserError(_("%(name)s is not a dental material.", name=material.display_name))
            if float_compare(qty, 0.0, precision_rounding=material.uom_id.rounding) < 0:
                raise UserError(_("The quantity of %(name)s cannot be negative.", name=material.display_name))
            done, location = current.get((line, material), (0.0, locations[line]))
            delta = qty - done
            if float_is_zero(delta, precision_rounding=material.uom_id.rounding):
                continue
            company = line.order_id.company_id
            consume = delta > 0
            consumptions_vals.append(
                {
                    "sale_line_id": line.id,
                    "company_id": company.id,
                    "date": day,
                    "kind": "consume" if consume else "return",
                    "patient_id": line.order_id.patient_id.id,
                    "doctor_id": (line.doctor_id or line.order_id.doctor_id).id,
                    "service_id": line.product_id.id,
                    "product_id": material.id,
                    "expected_qty": 0.0,
                    "location_id": location.id,
                    "qty": delta,
                }
            )
        return self._dental_stock_record(consumptions_vals)
