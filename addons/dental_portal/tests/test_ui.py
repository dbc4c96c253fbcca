from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import DentalPortalCommon, portal_user


@tagged("post_install", "-at_install")
class TestPortalUi(HttpCase, DentalPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only the test's branch and services are offered (the demo's are switched off)
        (cls.env["res.company"].search([]) - cls.company).dental_online_booking = False
        cls.env["product.template"].search([("id", "not in", cls.service.product_tmpl_id.ids)]).write(
            {"dental_online_booking": False}
        )

    def test_booking_tour(self):
        with patch("odoo.addons.dental_portal.models.dental_booking_request.secrets.randbelow", return_value=123456):
            self.start_tour("/booking", "dental_portal_booking")
        event = self.env["calendar.event"].search([("patient_id.last_name", "=", "Tourov")])
        self.assertEqual(event.booking_source, "online")
        self.assertEqual((event.start, event.doctor_id, event.chair_id), (self.at(10), self.doctor, self.chair_1))
        self.assertEqual(event.patient_id.mobile, "+79167770001")

    def test_sign_plan_tour(self):
        user = portal_user(self.env, "portal_sign", self.patient)
        plan = self.env["sale.order"].create(
            {
                "is_treatment_plan": True,
                "patient_id": self.patient.id,
                "partner_id": self.patient.partner_id.id,
                "order_line": [(0, 0, {"product_id": self.service.id, "product_uom_qty": 1, "price_unit": 1000})],
            }
        )
        plan.action_quotation_sent()
        self.assertTrue(plan.require_signature)
        self.start_tour("/my/plans", "dental_portal_sign_plan", login=user.login)
        self.assertTrue(plan.signature)
        self.assertEqual(plan.state, "sale")
