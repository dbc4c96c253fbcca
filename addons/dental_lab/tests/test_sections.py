from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import section_user

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabSections(DentalLabCommon):
    """The sections of a custom role over lab orders: medical records read/edit them, others do not."""

    def test_medical_read(self):
        order = self._order()
        user = section_user(self.env, "lab_sec_medical_read", "medical_read", lang="en_US")
        self.assertEqual(order.with_user(user).shade, "A2")
        with self.assertRaises(AccessError):
            order.with_user(user).write({"shade": "B1"})
        with self.assertRaises(AccessError):
            order.with_user(user).read(["lab_cost"])

    def test_medical_edit(self):
        order = self._order()
        user = section_user(self.env, "lab_sec_medical_edit", "medical_edit", lang="en_US")
        order.with_user(user).write({"shade": "B1"})
        order.with_user(user).action_send()
        self.assertEqual(order.state, "sent")
        with self.assertRaises(AccessError):
            order.with_user(user).unlink()

    def test_money_read_sees_orders_not_costs(self):
        order = self._order()
        user = section_user(self.env, "lab_sec_money_read", "money_read", lang="en_US")
        self.assertEqual(order.with_user(user).shade, "A2")
        with self.assertRaises(AccessError):
            order.with_user(user).write({"shade": "B1"})

    def test_schedule_and_settings_see_no_orders(self):
        order = self._order()
        user = section_user(self.env, "lab_sec_other", "schedule_edit", "settings_edit", lang="en_US")
        with self.assertRaises(AccessError):
            order.with_user(user).read(["shade"])
