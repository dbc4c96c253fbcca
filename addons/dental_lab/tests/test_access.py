from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabAccess(DentalLabCommon):
    """Lab data for the clinical staff and the front desk, costs for Directors and accountants, branches apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_employee_plain = mail_new_test_user(cls.env, login="lab_plain_employee", groups="base.group_user")

    def test_doctor_and_registrar_work_with_orders(self):
        for user in (self.user_doctor, self.user_registrar, self.user_assistant):
            order = self._order().with_user(user)
            order.write({"shade": "B2", "material": "E.max"})
            order.action_send()
            self.assertEqual(order.state, "sent")
            self.assertEqual(order.teeth_text, "11")
            self.assertEqual(order.line_ids.product_id, self.crown)
            # the purchase order is not theirs to read
            with self.assertRaises(AccessError):
                order.read(["purchase_order_id"])

    def test_doctor_creates_an_order_with_the_labs_price(self):
        order = (
            self.env["dental.lab.order"]
            .with_user(self.user_doctor)
            .create(
                {
                    "patient_id": self.patient.id,
                    "doctor_id": self.doctor.id,
                    "lab_id": self.lab.id,
                    "line_ids": [(0, 0, {"product_id": self.crown.id, "product_qty": 1})],
                }
            )
        )
        self.assertEqual(order.sudo().line_ids.price_unit, 5000.0)
        with self.assertRaises(AccessError):
            order.line_ids.write({"price_unit": 1.0})

    def test_coordinator_reads_only(self):
        order = self._order()
        self.assertEqual(order.with_user(self.user_coordinator).shade, "A2")
        with self.assertRaises(AccessError):
            order.with_user(self.user_coordinator).write({"shade": "B1"})

    def test_other_branch_orders_are_hidden(self):
        patient_b = self.env["dental.patient"].create(
            {"last_name": "Branch", "first_name": "Patient", "company_id": self.branch_b.id}
        )
        doctor_b = self.env["hr.employee"].create({"name": "Dr. B", "company_id": self.branch_b.id})
        order_b = (
            self.env["dental.lab.order"]
            .with_company(self.branch_b)
            .create(
                {
                    "company_id": self.branch_b.id,
                    "patient_id": patient_b.id,
                    "doctor_id": doctor_b.id,
                    "lab_id": self.lab.id,
                }
            )
        )
        for user in (self.user_doctor, self.user_registrar, self.user_director):
            self.assertFalse(self.env["dental.lab.order"].with_user(user).search([("id", "=", order_b.id)]))
            with self.assertRaises(AccessError):
                order_b.with_user(user).read(["shade"])

    def test_no_dental_role_sees_no_orders(self):
        order = self._order()
        with self.assertRaises(AccessError):
            order.with_user(self.user_employee_plain).read(["shade"])
