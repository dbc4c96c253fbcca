from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabOrderFlow(DentalLabCommon):
    """Stages draft → sent → in work → fitting → done / cancelled, their dates, and what a client may not set."""

    def test_price_and_due_date_from_the_labs_price_list(self):
        order = self._order(qty=2)
        self.assertEqual(order.line_ids.price_unit, 5000.0)
        self.assertEqual(order.line_ids.lead_days, 7)
        self.assertEqual(order.amount_ordered, 10000.0)
        self.assertEqual(order.due_date, fields.Date.add(self._today(), days=7))
        self.assertTrue(order.name.startswith("LAB/"))
        self.assertEqual(order.teeth_text, "11")
        other = self._order(lab=self.lab_other)
        self.assertEqual(other.line_ids.price_unit, 6500.0)
        self.assertEqual(other.due_date, fields.Date.add(self._today(), days=4))

    def test_stages_and_their_dates(self):
        order = self._order()
        self.assertEqual(order.state, "draft")
        with freeze_time("2026-03-02 09:00:00"):
            order.action_send()
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.date_sent, fields.Datetime.to_datetime("2026-03-02 09:00:00"))
        with freeze_time("2026-03-03 10:00:00"):
            order.action_start()
        with freeze_time("2026-03-06 11:00:00"):
            order.action_fitting()
        # the fitting shows a problem: back to work, then ready again and done
        with freeze_time("2026-03-07 12:00:00"):
            order.action_start()
        with freeze_time("2026-03-09 13:00:00"):
            order.action_fitting()
        with freeze_time("2026-03-10 14:00:00"):
            order.action_done()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.date_in_work, fields.Datetime.to_datetime("2026-03-07 12:00:00"))
        self.assertEqual(order.date_fitting, fields.Datetime.to_datetime("2026-03-09 13:00:00"))
        self.assertEqual(order.date_done, fields.Datetime.to_datetime("2026-03-10 14:00:00"))
        self.assertFalse(order.date_cancel)

    def test_stage_dates_are_tracked(self):
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        order = env["dental.lab.order"].create(
            {
                "patient_id": self.patient.id,
                "doctor_id": self.doctor.id,
                "lab_id": self.lab.id,
                "line_ids": [Command.create({"product_id": self.crown.id})],
            }
        )
        self.env.cr.precommit.run()
        order.action_send()
        self.env.cr.precommit.run()
        tracked = order.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("state", tracked)
        self.assertIn("date_sent", tracked)

    def test_refused_transitions(self):
        order = self._order()
        for action in (order.action_start, order.action_fitting, order.action_done, order.action_draft):
            with self.assertRaises(UserError):
                action()
        self.assertEqual(order.state, "draft")
        order.action_send()
        with self.assertRaises(UserError):
            order.action_send()
        with self.assertRaises(UserError):
            order.action_fitting()
        self.assertEqual(order.state, "sent")

    def test_send_needs_work_items_and_due_date(self):
        order = self._order()
        order.line_ids.unlink()
        with self.assertRaises(UserError):
            order.action_send()
        order = self._order()
        order.due_date = False
        with self.assertRaises(UserError):
            order.action_send()
        self.assertEqual(order.state, "draft")

    def test_cancel_and_reset(self):
        order = self._order()
        order.action_send()
        order.action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertTrue(order.date_cancel)
        self.assertEqual(order.purchase_order_id.state, "cancel")
        order.action_draft()
        self.assertEqual(order.state, "draft")
        order.action_send()
        self.assertEqual(len(order.purchase_order_ids), 2)
        self.assertEqual(order.purchase_order_id.state, "purchase")

    def test_sent_order_is_frozen(self):
        order = self._order()
        order.action_send()
        with self.assertRaises(UserError):
            order.write({"lab_id": self.lab_other.id})
        with self.assertRaises(UserError):
            order.write({"line_ids": [Command.create({"product_id": self.crown.id})]})
        with self.assertRaises(UserError):
            order.line_ids.write({"product_qty": 3})
        with self.assertRaises(UserError):
            self.env["dental.lab.order.line"].create({"order_id": order.id, "product_id": self.crown.id})
        with self.assertRaises(UserError):
            order.line_ids.unlink()
        self.assertEqual(order.line_ids.product_qty, 1)
        # what the doctor may still change
        order.write({"shade": "B1", "note": "Please add a shoulder"})
        self.assertEqual(order.shade, "B1")

    def test_client_cannot_set_server_fields(self):
        order = self._order().with_user(self.user_doctor)
        for vals in ({"state": "done"}, {"date_done": "2026-01-01 00:00:00"}, {"is_late": True}):
            with self.assertRaises(AccessError):
                order.write(vals)
        with self.assertRaises(AccessError):
            self.env["dental.lab.order"].with_user(self.user_doctor).create(
                {
                    "patient_id": self.patient.id,
                    "doctor_id": self.doctor.id,
                    "lab_id": self.lab.id,
                    "state": "sent",
                }
            )
        self.assertEqual(order.state, "draft")

    def test_lab_must_be_a_laboratory(self):
        with self.assertRaises(ValidationError):
            self._order(lab=self.supplier)

    def test_only_draft_or_cancelled_orders_are_deleted(self):
        order = self._order()
        order.action_send()
        with self.assertRaises(UserError):
            order.unlink()
        draft = self._order()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_print_for_the_lab(self):
        order = self._order()
        order.write({"internal_note": "Patient is anxious", "note": "Shoulder margin"})
        html = self.env["ir.actions.report"]._render_qweb_html("dental_lab.report_dental_lab_order", order.ids)[0]
        html = html.decode()
        self.assertIn(order.name, html)
        self.assertIn("Shoulder margin", html)
        self.assertIn("Kuznetsov", html)
        self.assertNotIn("Patient is anxious", html)
        self.assertNotIn("5,000", html)
