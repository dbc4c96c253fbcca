from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.dental_patient.models.dental_server_fields import server_context

from .common import DentalStockCommon


@tagged("post_install", "-at_install")
class TestConsumption(DentalStockCommon):
    def test_normal_mode_writes_off_piece_materials_only(self):
        plan = self._approved_filling(self.tooth_36 | self.tooth_37)
        line = plan.order_line
        self._complete(line, date="2030-03-02")
        consumptions = line.dental_consumption_ids
        # every material of the norm is expected (2 teeth), only the piece material leaves the stock
        self.assertEqual(
            {(c.product_id, round(c.expected_qty, 4), round(c.qty, 4)) for c in consumptions},
            {(self.matrix, 2.0, 2.0), (self.etchant, 0.01, 0.0), (self.composite, 4.0, 0.0)},
        )
        self.assertEqual(self._on_hand(self.matrix), 8)
        self.assertEqual(self._on_hand(self.composite), 20)
        move = consumptions.move_id
        self.assertEqual(move.state, "done")
        self.assertEqual(move.location_id, self.stock_location)
        self.assertEqual(move.location_dest_id, self.company.dental_consumption_location_id)
        self.assertEqual(move.location_dest_id.usage, "inventory")
        self.assertEqual(
            (move.dental_patient_id, move.dental_doctor_id, move.dental_service_id),
            (self.patient, self.doctor, self.service_filling),
        )
        self.assertEqual(move.dental_date, self._day("2030-03-02"))
        # valuation: the layer of the move is the procedure's material cost (2 x 40)
        self.assertAlmostEqual(sum(move.stock_valuation_layer_ids.mapped("value")), -80.0)
        self.assertAlmostEqual(line.dental_material_cost, 80.0)

    def test_advanced_mode_writes_off_every_material_with_unit_conversion(self):
        self.company.dental_stock_mode = "advanced"
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        self._complete(line, date="2030-03-02")
        # 5 ml per tooth of a gel kept in litres: 0.01 l leaves the stock
        self.assertAlmostEqual(self._on_hand(self.etchant), 0.99)
        self.assertEqual(self._on_hand(self.composite), 16)
        self.assertEqual(self._on_hand(self.matrix), 8)
        # 2 x 40 + 0.01 x 2000 + 4 x 300
        self.assertAlmostEqual(line.dental_material_cost, 80 + 20 + 1200)

    def test_norm_by_amount_writes_off_what_the_amount_buys_at_the_current_cost(self):
        """A norm line by amount: 600 of composite per tooth is 2 units at 300, 3 units once the cost is 200."""
        self.company.dental_stock_mode = "advanced"
        norm = self.norm.copy({"date_from": "2030-01-01"})
        norm.line_ids.filtered(lambda nl: nl.product_id == self.composite).write({"norm_type": "amount", "amount": 600})
        norm.line_ids.filtered(lambda nl: nl.product_id == self.matrix).write({"norm_type": "amount", "amount": 40})
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        self._complete(line, qty=1, date="2030-03-02")
        composite = line.dental_consumption_ids.filtered(lambda c: c.product_id == self.composite)
        self.assertEqual((composite.expected_qty, composite.qty), (2, 2))
        self.assertEqual(self._on_hand(self.composite), 18)
        self.composite.standard_price = 200
        self._complete(line, qty=1, date="2030-03-03")
        self.assertEqual(self._on_hand(self.composite), 15, "600 buys 3 at the new cost")
        with self.assertRaises(ValidationError):
            self.env["dental.consumption.norm.line"].create(
                {
                    "norm_id": self.norm.copy({"date_from": "2031-01-01"}).id,
                    "product_id": self.matrix.id,
                    "norm_type": "amount",
                    "amount": 0,
                }
            )
        self.assertEqual(self._on_hand(self.matrix), 8, "40 buys one band at 40, twice")
        self.matrix.standard_price = 0
        other = self._approved_filling().order_line
        with self.assertRaisesRegex(UserError, "no cost"):
            self._complete(other, date="2030-03-04")
        self.assertFalse(other.dental_consumption_ids, "nothing changed")

    def test_partial_completion_consumes_the_quantity_done(self):
        self.company.dental_stock_mode = "advanced"
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        self._complete(line, qty=1, date="2030-03-02")
        self.assertEqual(self._on_hand(self.composite), 18)

    def test_norm_version_by_date(self):
        self.company.dental_stock_mode = "advanced"
        version_2 = self.norm.copy({"date_from": "2030-06-01"})
        version_2.line_ids.filtered(lambda nl: nl.product_id == self.composite).product_qty = 5
        early = self._approved_filling().order_line
        self._complete(early, date="2030-03-02")
        late = self._approved_filling().order_line
        self._complete(late, date="2030-06-01")
        self.assertEqual(early.dental_consumption_ids.norm_id, self.norm)
        self.assertEqual(late.dental_consumption_ids.norm_id, version_2)
        composite = lambda line: line.dental_consumption_ids.filtered(lambda c: c.product_id == self.composite)  # noqa: E731
        self.assertEqual(composite(early).qty, 2)
        self.assertEqual(composite(late).qty, 5)
        # an applied norm is history: its materials and dates are frozen, a new version is the way to change it
        self.assertTrue(self.norm.used)
        with self.assertRaises(UserError):
            self.norm.line_ids[0].product_qty = 3
        with self.assertRaises(UserError):
            self.norm.date_from = "2019-01-01"
        with self.assertRaises(UserError):
            self.norm.write({"line_ids": [Command.create({"product_id": self.matrix.id, "product_qty": 1})]})
        with self.assertRaises(UserError):
            self.norm.unlink()

    def test_branch_norm_wins_over_the_common_one(self):
        self.company.dental_stock_mode = "advanced"
        own = self.env["dental.consumption.norm"].create(
            {
                "service_id": self.service_filling.id,
                "company_id": self.company.id,
                "date_from": "2019-01-01",
                "line_ids": [Command.create({"product_id": self.composite.id, "product_qty": 3})],
            }
        )
        line = self._approved_filling().order_line
        self._complete(line, date="2030-03-02")
        self.assertEqual(line.dental_consumption_ids.norm_id, own)
        self.assertEqual(line.dental_consumption_ids.product_id, self.composite)
        norms = self.env["dental.consumption.norm"]._dental_norms_for(
            self.service_filling, self.branch_b, self._day("2030-03-02")
        )
        self.assertEqual(norms[self.service_filling.id], self.norm, "another branch keeps the common norm")

    def test_service_without_norm_consumes_nothing(self):
        line = self._plan([(self.service_anesthesia, self.Tooth, 1)], approve=True).order_line
        self._complete(line, date="2030-03-02")
        self.assertFalse(line.dental_consumption_ids)

    def test_forbid_out_of_stock_refuses_and_changes_nothing(self):
        self.company.write({"dental_stock_mode": "advanced", "dental_stock_forbid_negative": True})
        line = self._approved_filling(self.Tooth.browse(), qty=11).order_line  # 22 composite needed, 20 on hand
        with self.assertRaisesRegex(UserError, "Composite"):
            self._complete(line, date="2030-03-02")
        self.assertEqual(line.qty_delivered, 0)
        self.assertFalse(line.dental_consumption_ids)
        self.assertEqual(self._on_hand(self.composite), 20)

    def test_allow_negative_stock_warns(self):
        self.company.dental_stock_mode = "advanced"
        plan = self._approved_filling(self.Tooth.browse(), qty=11)
        self._complete(plan.order_line, date="2030-03-02")
        self.assertEqual(plan.order_line.qty_delivered, 11)
        self.assertEqual(self._on_hand(self.composite), -2)
        self.assertIn("out of stock", plan.message_ids[0].body)

    def test_cancelling_a_completion_returns_the_materials(self):
        self.company.dental_stock_mode = "advanced"
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        self._complete(line, date="2030-03-02")
        self.assertEqual(self._on_hand(self.composite), 16)
        # half of it undone, then the rest (as the server undoes a completion: the done quantity lowered)
        line.with_context(**server_context(line._name)).write({"qty_delivered": 1})
        self._post_write_offs()
        self.assertEqual(self._on_hand(self.composite), 18)
        line.with_context(**server_context(line._name)).write({"qty_delivered": 0})
        self._post_write_offs()
        self.assertEqual(self._on_hand(self.composite), 20)
        self.assertEqual(self._on_hand(self.matrix), 10)
        self.assertAlmostEqual(self._on_hand(self.etchant), 1.0)
        returns = line.dental_consumption_ids.filtered(lambda c: c.kind == "return")
        self.assertEqual(returns.move_id.location_dest_id, self.stock_location)
        self.assertAlmostEqual(sum(line.dental_consumption_ids.mapped("expected_qty")), 0.0)
        self.assertAlmostEqual(line.dental_material_cost, 0.0)

    def test_norm_vs_actual_report(self):
        self.company.dental_stock_mode = "normal"
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        self._complete(line, date="2030-03-02")
        # the chair's assistant writes off by hand 3 composite for the day (more than the norm's 4? less)
        scrap = self.env["stock.scrap"].create(
            {"product_id": self.composite.id, "scrap_qty": 3, "location_id": self.stock_location.id}
        )
        scrap.do_scrap()
        self.env.flush_all()
        Report = self.env["dental.stock.norm.report"]
        groups = Report._read_group(
            [
                ("company_id", "=", self.company.id),
                ("product_id", "in", (self.matrix | self.composite | self.etchant).ids),
            ],
            ["product_id"],
            ["expected_qty:sum", "actual_qty:sum", "difference_qty:sum"],
        )
        figures = {product: (round(e, 4), round(a, 4), round(d, 4)) for product, e, a, d in groups}
        self.assertEqual(
            figures,
            {
                self.matrix: (2.0, 2.0, 0.0),
                self.composite: (4.0, 3.0, -1.0),
                self.etchant: (0.01, 0.0, -0.01),
            },
        )
        by_service = Report._read_group(
            [("company_id", "=", self.company.id), ("service_id", "=", self.service_filling.id)],
            [],
            ["expected_qty:sum", "actual_qty:sum"],
        )
        self.assertAlmostEqual(by_service[0][0], 6.01)
        self.assertAlmostEqual(by_service[0][1], 2.0)

    def test_closed_day_locks_the_write_off(self):
        self.company.dental_stock_mode = "advanced"
        line = self._approved_filling().order_line
        self._complete(line, date="2030-03-02")
        self.company.dental_past_edit_until = "2030-03-02"
        consumption = line.dental_consumption_ids[:1]
        with self.assertRaises(UserError):
            consumption.move_id.write({"quantity": 5})
        with self.assertRaises(UserError):
            consumption.unlink()
        other = self._approved_filling().order_line
        with self.assertRaises(UserError):
            self._complete(other, date="2030-03-01")
        # an ordinary stock move of the branch is not a write-off: native Odoo stays free
        move = self.env["stock.move"].create(
            {
                "name": "Native",
                "product_id": self.composite.id,
                "product_uom_qty": 1,
                "product_uom": self.uom_unit.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        move.write({"product_uom_qty": 2})

    def test_closed_day_locks_the_manual_write_off(self):
        """A scrap (manual write-off with a reason) done on a closed day is refused like the day's money."""
        today = self.company._dental_today()

        def scrap():
            return self.env["stock.scrap"].create(
                {
                    "product_id": self.composite.id,
                    "scrap_qty": 1,
                    "location_id": self.stock_location.id,
                    "company_id": self.company.id,
                }
            )

        done = scrap()
        done.action_validate()
        self.assertEqual(self._on_hand(self.composite), 19)
        self.company.dental_past_edit_until = today
        with self.assertRaisesRegex(UserError, "manual write-off"):
            scrap().action_validate()
        self.assertEqual(self._on_hand(self.composite), 19, "nothing changed")
        with self.assertRaises(UserError), self.env.cr.savepoint():
            done.move_ids.write({"quantity": 2})
        with self.assertRaisesRegex(UserError, "manual write-off"), self.env.cr.savepoint():
            # the move's own lock, whatever the way to it
            self.env["stock.move"].create(scrap()._prepare_move_values())._action_done()
        self.company.dental_past_edit_until = fields.Date.subtract(today, days=1)
        scrap().action_validate()
        self.assertEqual(self._on_hand(self.composite), 18, "an open day takes scraps")

    def test_material_not_stocked_by_the_warehouse_comes_from_the_one_stocking_it(self):
        self.company.dental_stock_mode = "advanced"
        second = self.env["stock.warehouse"].create({"name": "Second", "code": "WH2", "company_id": self.company.id})
        self._put_in_stock(self.composite, 10, second.lot_stock_id)
        self.warehouse.dental_material_categ_ids = self.env.ref("dental_stock.product_category_materials")
        self.assertTrue(self.warehouse._dental_stocks(self.composite), "a group stocks its subgroups")
        self.warehouse.write({"dental_material_categ_ids": [Command.clear()], "dental_material_ids": self.matrix.ids})
        second.dental_material_ids = self.composite
        line = self._approved_filling().order_line
        self._complete(line, date="2030-03-02")
        by_material = {c.product_id: c.location_id for c in line.dental_consumption_ids}
        self.assertEqual(by_material[self.composite], second.lot_stock_id)
        self.assertEqual(by_material[self.matrix], self.stock_location)
        self.assertEqual(by_material[self.etchant], self.stock_location, "stocked nowhere else: the branch's")
        self.assertEqual(self._on_hand(self.composite, second.lot_stock_id), 8)
