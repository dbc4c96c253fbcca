from datetime import datetime, timedelta

from odoo.tests import tagged

from odoo.addons.dental_lab.tests.common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabFitting(DentalLabCommon):
    """A fitting appointment booked before the lab's due date carries a warning, on the event and the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dental_outside_hours = "allow"
        cls.chair = cls.env["dental.chair"].create({"name": "Lab fitting chair", "company_id": cls.company.id})

    def _fitting(self, order, day):
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
        return self.env["calendar.event"].create(
            {
                "name": "Fitting",
                "patient_id": self.patient.id,
                "doctor_id": self.doctor.id,
                "chair_id": self.chair.id,
                "start": start,
                "stop": start + timedelta(minutes=30),
                "dental_lab_order_id": order.id,
            }
        )

    def test_fitting_before_due_date_warns(self):
        order = self._order()
        order.action_send()
        due = order.due_date
        early = self._fitting(order, due - timedelta(days=2))
        self.assertTrue(early.dental_lab_fitting_early)
        self.assertIn(order.name, early.dental_lab_warning)
        self.assertTrue(order.fitting_early)
        self.assertTrue(order.message_ids.filtered(lambda m: order.name in (m.body or "") and "fitting" in m.body))
        early.start = datetime.combine(due, datetime.min.time()) + timedelta(hours=12)
        self.assertFalse(early.dental_lab_fitting_early)
        self.assertFalse(order.fitting_early)

    def test_work_ready_no_warning(self):
        order = self._order()
        order.action_send()
        order.action_start()
        order.action_fitting()
        event = self._fitting(order, order.due_date - timedelta(days=3))
        self.assertFalse(event.dental_lab_fitting_early)
        self.assertEqual(order.fitting_event_ids, event)
