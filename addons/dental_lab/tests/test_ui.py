from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestLabUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env.ref("dental_lab.res_partner_category_laboratory")
        cls.lab = cls.env["res.partner"].create(
            {"name": "Tour Lab", "is_company": True, "category_id": [Command.link(category.id)]}
        )
        cls.crown = cls.env["product.product"].create(
            {
                "name": "Tour crown",
                "type": "service",
                "dental_is_lab_service": True,
                "purchase_ok": True,
                "seller_ids": [Command.create({"partner_id": cls.lab.id, "price": 7000.0, "delay": 5})],
            }
        )
        cls.patient = cls.env["dental.patient"].create({"last_name": "Tourlabova", "first_name": "Anna"})
        cls.doctor_user = mail_new_test_user(
            cls.env,
            login="lab_tour_doctor",
            groups="dental_patient.group_doctor",
            lang="en_US",
            tz="Europe/Moscow",
        )
        cls.doctor = cls.env["hr.employee"].create({"name": "Dr. Tour", "user_id": cls.doctor_user.id})

    def test_tooth_picker_js_unit_tests(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&tag=dental_lab",
            "",
            "",
            login="admin",
            success_signal="[HOOT] test suite succeeded",
            error_checker=unit_test_error_checker,
            timeout=600,
        )

    def test_doctor_sends_an_order_on_teeth_11_and_21(self):
        self.start_tour(
            "/odoo/action-dental_lab.dental_lab_order_action", "dental_lab_order_send", login="lab_tour_doctor"
        )
        order = self.env["dental.lab.order"].search([("patient_id", "=", self.patient.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(sorted(order.tooth_ids.mapped("code")), ["11", "21"])
        self.assertEqual(order.doctor_id, self.doctor)
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.shade, "A2")
        self.assertEqual(order.purchase_order_id.order_line.price_unit, 7000.0)

    def test_lab_moves_an_order_to_fitting_in_the_portal(self):
        lab_user = mail_new_test_user(
            self.env,
            login="tour_lab_portal",
            groups="base.group_portal",
            lang="en_US",
            partner_id=self.env["res.partner"].create({"name": "Tour Lab Tech", "parent_id": self.lab.id}).id,
        )
        order = self.env["dental.lab.order"].create(
            {
                "patient_id": self.patient.id,
                "doctor_id": self.doctor.id,
                "lab_id": self.lab.id,
                "tooth_ids": [Command.set(self.env.ref("dental_chart.tooth_11").ids)],
                "line_ids": [Command.create({"product_id": self.crown.id})],
            }
        )
        order.action_send()
        order.action_start()
        self.start_tour(f"/my/lab_orders/{order.id}", "dental_lab_portal_fitting", login=lab_user.login)
        self.assertEqual(order.state, "fitting")
        self.assertTrue(order.date_fitting)
        # the lab's notice to the doctor (beside the tracking of the stage, also the lab user's)
        notice = order.message_ids.filtered(
            lambda m: m.author_id == lab_user.partner_id and self.doctor_user.partner_id in m.partner_ids
        )
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.message_type, "comment")
