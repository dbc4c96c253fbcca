from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dental_patient.models.dental_server_fields import server_context

from .common import DentalStockCommon


@tagged("post_install", "-at_install")
class TestDeferredWriteOff(DentalStockCommon):
    """Completing a procedure records its write-offs; the poster makes the stock moves afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dental_stock_mode = "advanced"
        cls.Consumption = cls.env["dental.stock.consumption"]
        cls.Move = cls.env["stock.move"]

    def _moves(self, line):
        return self.Move.search([("dental_sale_line_id", "=", line.id)])

    def _undo(self, line, qty):
        line.with_context(**server_context(line._name)).write({"qty_delivered": qty})

    def test_completion_records_pending_rows_and_makes_no_move(self):
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        cron = self.env.ref("dental_stock.ir_cron_dental_stock_post")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        line._dental_complete(date="2030-03-02")
        rows = line.dental_consumption_ids
        self.assertEqual(set(rows.mapped("state")), {"pending"})
        self.assertEqual(
            {(row.product_id, round(row.qty, 4)) for row in rows},
            {(self.matrix, 2.0), (self.etchant, 0.01), (self.composite, 4.0)},
        )
        self.assertFalse(rows.move_id)
        self.assertFalse(self._moves(line))
        self.assertEqual(self._on_hand(self.composite), 20, "the quants move when the write-off is posted")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
            "the poster is triggered for after the commit",
        )
        # the norm-vs-actual report counts what is recorded (once, before and after posting)
        report = self.env["dental.stock.norm.report"]
        domain = [("company_id", "=", self.company.id), ("product_id", "=", self.composite.id)]
        self.assertEqual(report._read_group(domain, [], ["expected_qty:sum", "actual_qty:sum"]), [(4.0, 4.0)])
        self._post_write_offs()
        self.assertEqual(report._read_group(domain, [], ["expected_qty:sum", "actual_qty:sum"]), [(4.0, 4.0)])

    def test_poster_makes_done_moves_with_quantities_and_valuation(self):
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        line._dental_complete(date="2030-03-02")
        self.assertAlmostEqual(line.dental_material_cost, 0.0, msg="no valuation before the moves")
        posted = self.Consumption._dental_cron_post()
        self.assertEqual(posted, line.dental_consumption_ids)
        self.assertEqual(set(posted.mapped("state")), {"done"})
        for row in posted:
            self.assertEqual(row.move_id.state, "done")
            self.assertAlmostEqual(row.move_id.quantity, row.qty)
            self.assertEqual(row.move_id.product_id, row.product_id)
            self.assertEqual(row.move_id.location_id, self.stock_location)
            self.assertEqual(row.move_id.location_dest_id, self.company.dental_consumption_location_id)
            self.assertEqual(row.move_id.dental_date, self._day("2030-03-02"))
        self.assertEqual(self._on_hand(self.composite), 16)
        self.assertAlmostEqual(self._on_hand(self.etchant), 0.99)
        # 2 x 40 + 0.01 x 2000 + 4 x 300, from the moves' valuation layers
        self.assertAlmostEqual(line.dental_material_cost, 80 + 20 + 1200)
        self.assertAlmostEqual(-sum(posted.move_id.stock_valuation_layer_ids.mapped("value")), 1300)

    def test_branch_posting_immediately_moves_at_completion(self):
        self.company.dental_stock_post_immediately = True
        line = self._approved_filling().order_line
        line._dental_complete(date="2030-03-02")
        self.assertEqual(set(line.dental_consumption_ids.mapped("state")), {"done"})
        self.assertEqual(self._on_hand(self.composite), 18)
        self._undo(line, 0)
        self.assertEqual(self._on_hand(self.composite), 20)

    def test_undo_before_posting_cancels_the_rows_and_moves_nothing(self):
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        line._dental_complete(date="2030-03-02")
        self._undo(line, 0)
        rows = line.dental_consumption_ids
        self.assertEqual(set(rows.mapped("state")), {"cancelled"})
        self.assertEqual(rows.mapped("kind"), ["consume"] * 3, "no return of what never left")
        self._post_write_offs()
        self.assertFalse(self._moves(line), "no move, neither out nor back")
        self.assertEqual(self._on_hand(self.composite), 20)
        self.assertFalse(line._dental_stock_written_off())
        figures = self.env["dental.stock.norm.report"]._read_group(
            [("service_id", "=", self.service_filling.id)], [], ["expected_qty:sum", "actual_qty:sum"]
        )
        self.assertEqual(figures, [(0.0, 0.0)], "an undone completion counts nowhere")
        # completed again: written off again, as usual
        self._complete(line, date="2030-03-03")
        self.assertEqual(self._on_hand(self.composite), 16)

    def test_partial_undo_before_posting_posts_then_returns_the_part(self):
        line = self._approved_filling(self.tooth_36 | self.tooth_37).order_line
        line._dental_complete(date="2030-03-02")
        self._undo(line, 1)
        consumed = line.dental_consumption_ids.filtered(lambda row: row.kind == "consume")
        self.assertEqual(set(consumed.mapped("state")), {"done"}, "posted before the part is returned")
        self._post_write_offs()
        self.assertEqual(self._on_hand(self.composite), 18)
        composite = line.dental_consumption_ids.filtered(lambda row: row.product_id == self.composite)
        self.assertEqual(
            sorted((row.kind, row.expected_qty, row.qty) for row in composite),
            [
                ("consume", 4.0, 4.0),
                ("return", -2.0, -2.0),
            ],
        )

    def test_undo_after_posting_returns_with_a_move(self):
        line = self._approved_filling().order_line
        self._complete(line, date="2030-03-02")
        self._undo(line, 0)
        returns = line.dental_consumption_ids.filtered(lambda row: row.kind == "return")
        self.assertEqual(set(returns.mapped("state")), {"pending"})
        self.assertEqual(self._on_hand(self.composite), 18, "the return moves when posted")
        self._post_write_offs()
        composite = returns.filtered(lambda row: row.product_id == self.composite)
        consumed = line.dental_consumption_ids.filtered(
            lambda row: row.kind == "consume" and row.product_id == self.composite
        )
        self.assertEqual(composite.move_id.location_dest_id, self.stock_location)
        self.assertEqual(composite.move_id.origin_returned_move_id, consumed.move_id)
        self.assertEqual(self._on_hand(self.composite), 20)
        self.assertAlmostEqual(line.dental_material_cost, 0.0)

    def test_billing_adjustment_of_a_pending_write_off(self):
        line = self._approved_filling().order_line
        line._dental_complete(date="2030-03-02")
        written_off = {material: qty for (__, material), (qty, __) in line._dental_stock_written_off().items()}
        self.assertEqual(written_off[self.composite], 2.0, "a pending write-off is written off for the billing")
        line._dental_stock_adjust({(line, self.composite): 3.0, (line, self.matrix): 0.0})
        self._post_write_offs()
        self.assertEqual((self._on_hand(self.composite), self._on_hand(self.matrix)), (17, 10))

    def test_posting_is_idempotent(self):
        line = self._approved_filling().order_line
        line._dental_complete(date="2030-03-02")
        rows = line.dental_consumption_ids
        stale = self.Consumption.browse(rows.ids)
        stale.mapped("state")  # a second poster read them pending
        self.assertEqual(self.Consumption._dental_cron_post(), rows)
        # the second poster (the cron again, a stock manager's "Post Now" on its stale list) posts nothing twice:
        # each poster takes the rows by SELECT ... FOR UPDATE [SKIP LOCKED] on their state in the database
        self.assertFalse(self.Consumption._dental_cron_post())
        self.assertFalse(stale._dental_post(states=("pending", "failed")))
        self.assertFalse(stale._dental_lock([("id", "in", rows.ids), ("state", "=", "pending")], skip_locked=True))
        self.assertEqual(len(self._moves(line)), 3)
        self.assertEqual(self._on_hand(self.composite), 18)

    def test_failing_row_keeps_its_error_and_does_not_block_the_others(self):
        line = self._approved_filling().order_line
        line._dental_complete(date="2030-03-02")
        Consumption = type(self.Consumption)
        prepare = Consumption._dental_prepare_move_vals

        def broken(row):
            if row.product_id == self.composite:
                raise RuntimeError("The composite is archived")
            return prepare(row)

        with patch.object(Consumption, "_dental_prepare_move_vals", autospec=True, side_effect=broken):
            self.Consumption._dental_cron_post()
        rows = line.dental_consumption_ids
        failed = rows.filtered(lambda row: row.state == "failed")
        self.assertEqual(failed.product_id, self.composite)
        self.assertIn("archived", failed.post_error)
        self.assertFalse(failed.move_id)
        self.assertEqual(set((rows - failed).mapped("state")), {"done"})
        self.assertEqual((self._on_hand(self.matrix), self._on_hand(self.composite)), (9, 20))
        self.assertFalse(self.Consumption._dental_cron_post(), "the cron does not retry a failed row")
        # a stock manager posts it again once fixed; others may not
        with self.assertRaises(AccessError):
            failed.with_user(self.user_doctor).action_dental_post()
        storekeeper = self.env["res.users"].create(
            {
                "name": "Store Keeper",
                "login": "deferred_storekeeper",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "groups_id": [(6, 0, [self.env.ref("dental_stock.group_storekeeper").id])],
            }
        )
        failed.with_user(storekeeper).action_dental_post()
        self.assertEqual((failed.state, failed.post_error), ("done", False))
        self.assertEqual(self._on_hand(self.composite), 18)

    def test_locking_past_periods_posts_their_write_offs_first(self):
        line = self._approved_filling().order_line
        line._dental_complete(date="2030-03-02")
        later = self._approved_filling().order_line
        later._dental_complete(date="2030-03-05")
        self.company.dental_past_edit_until = "2030-03-02"
        self.assertEqual(set(line.dental_consumption_ids.mapped("state")), {"done"})
        self.assertEqual(set(later.dental_consumption_ids.mapped("state")), {"pending"}, "a later day waits")

    def test_out_of_stock_check_counts_the_pending_write_offs(self):
        self.company.dental_stock_forbid_negative = True
        first = self._approved_filling(self.Tooth.browse(), qty=6).order_line  # 12 of the 20 composite
        first._dental_complete(date="2030-03-02")
        second = self._approved_filling(self.Tooth.browse(), qty=6).order_line  # 12 more: 8 left once posted
        with self.assertRaisesRegex(UserError, "Composite"):
            second._dental_complete(date="2030-03-02")
        self.assertFalse(second.dental_consumption_ids)
