from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestReportsUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.company
        cls.company = cls.env["res.company"].create({"name": "Reports Tour Branch", "parent_id": main.id})
        cls.env.cr.precommit.run()  # the branch's accounting set-up
        cls.director = mail_new_test_user(
            cls.env,
            login="reports_tour_director",
            groups="dental_patient.group_director",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
            lang="en_US",
        )
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        patient = env["dental.patient"].create(
            {"last_name": "Tourova", "first_name": "Olga", "company_id": cls.company.id}
        )
        service = env["product.product"].create({"name": "Tour service", "is_dental_service": True})
        cls.invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": patient.partner_id.id,
                "invoice_date": "2020-01-15",
                "invoice_line_ids": [
                    Command.create({"product_id": service.id, "price_unit": price, "tax_ids": [Command.clear()]})
                    for price in (40000.0, 6000.0)
                ],
            }
        )
        cls.invoice.action_post()

    def test_dashboard_js_unit_tests(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&tag=dental_reports",
            "",
            "",
            login="admin",
            success_signal="[HOOT] test suite succeeded",
            error_checker=unit_test_error_checker,
            timeout=600,
        )

    def test_director_drills_into_the_income(self):
        self.start_tour(
            "/odoo/action-dental_reports.dental_dashboard_action",
            "dental_reports_dashboard",
            login="reports_tour_director",
        )
        self.assertEqual(self.invoice.state, "posted")
