from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dental_cash.tests.common import DentalCashCommon


@tagged("post_install", "-at_install")
class TestClosingWriteOffs(DentalCashCommon):
    """Closing a cash day posts the procedures' write-offs of the day still waiting for the poster."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dental_stock_mode = "advanced"
        cls.composite = cls.env["product.product"].create(
            {
                "name": "Composite",
                "type": "consu",
                "is_storable": True,
                "dental_is_material": True,
                "standard_price": 300.0,
            }
        )
        cls.env["dental.consumption.norm"].create(
            {
                "service_id": cls.service_filling.id,
                "date_from": "2000-01-01",
                "line_ids": [Command.create({"product_id": cls.composite.id, "product_qty": 2})],
            }
        )
        cls.stock = cls.company._dental_stock_source_location()
        cls.env["stock.quant"]._update_available_quantity(cls.composite, cls.stock, 10)

    def _closing(self):
        closing = self.env["dental.cash.closing"].create({"company_id": self.company.id, "date": self.day})
        closing = closing.with_user(self.user_senior)
        closing.counted_cash = closing.cash_closing
        return closing

    def _completed_visit(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1)])
        self._appointment(plan_lines=plan.order_line)
        return plan.order_line

    def _on_hand(self):
        return self.composite.with_context(location=self.stock.id).qty_available

    def test_closing_posts_the_pending_write_offs_of_the_day(self):
        line = self._completed_visit()
        rows = line.dental_consumption_ids
        self.assertEqual((rows.state, rows.date), ("pending", self.day))
        self.assertEqual(self._on_hand(), 10)
        closing = self._closing()
        closing.action_close()
        self.assertEqual(closing.state, "closed")
        self.assertEqual(rows.state, "done")
        self.assertEqual(rows.move_id.state, "done")
        self.assertEqual(self._on_hand(), 8)
        with self.assertRaises(UserError):
            rows.move_id.write({"quantity": 5})  # the closed day locks the posted write-off

    def test_a_write_off_failing_to_post_keeps_the_day_open(self):
        line = self._completed_visit()
        Consumption = type(self.env["dental.stock.consumption"])
        closing = self._closing()
        with (
            patch.object(Consumption, "_dental_prepare_move_vals", side_effect=RuntimeError("Composite archived")),
            self.assertRaisesRegex(UserError, "could not be posted(.|\n)*Composite archived"),
        ):
            closing.action_close()
        self.assertEqual(closing.state, "open")
        # the cron meanwhile marked it failed: the closing retries it, and refuses while it fails
        with patch.object(Consumption, "_dental_prepare_move_vals", side_effect=RuntimeError("Composite archived")):
            self.env["dental.stock.consumption"]._dental_cron_post()
            self.assertEqual(line.dental_consumption_ids.state, "failed")
            with self.assertRaisesRegex(UserError, "could not be posted"):
                closing.action_close()
        self.assertEqual(closing.state, "open")
        # fixed: the day closes and the write-off is posted
        closing.action_close()
        self.assertEqual(closing.state, "closed")
        self.assertEqual(line.dental_consumption_ids.state, "done")
        self.assertEqual(self._on_hand(), 8)
