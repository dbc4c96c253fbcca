from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDmsTours(HttpCase):
    def setUp(self):
        super().setUp()
        self.startPatcher(freeze_time(datetime.combine(date.today(), time(12, 0))))
        self.company = self.env.ref("base.main_company")
        self.company.resource_calendar_id.tz = "UTC"
        self.company.write({"dental_outside_hours": "allow", "dental_past_edit_until": False})
        self.env["res.lang"]._activate_lang("en_US")
        self.env.ref("base.user_admin").write({"tz": "UTC", "lang": "en_US", "company_id": self.company.id})
        self.today = fields.Date.today()
        category = self.env["product.category"].create({"name": "Tour ДМС Therapy"})
        self.service = self.env["product.product"].create(
            {
                "name": "Tour Filling",
                "type": "service",
                "is_dental_service": True,
                "categ_id": category.id,
                "list_price": 5000.0,
                "taxes_id": [Command.clear()],
            }
        )
        insurer = self.env["res.partner"].create(
            {"name": "Tour Insurer", "is_company": True, "dental_is_insurer": True}
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Tour Insurer prices",
                "company_id": False,
                "currency_id": self.company.currency_id.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.service.id,
                            "compute_price": "fixed",
                            "fixed_price": 4000.0,
                        }
                    )
                ],
            }
        )
        self.contract = self.env["dental.dms.contract"].create(
            {
                "name": "Tour Programme",
                "insurer_id": insurer.id,
                "date_start": self.today - timedelta(days=30),
                "pricelist_id": pricelist.id,
                "category_ids": [Command.set(category.ids)],
                "copay_percent": 10.0,
            }
        )
        self.patient = self.env["dental.patient"].create({"last_name": "Tourova", "first_name": "Polisa"})
        self.doctor = self.env["hr.employee"].create({"name": "Dr. Tour DMS", "company_id": self.company.id})
        self.chair = self.env["dental.chair"].create({"name": "Tour DMS Chair", "company_id": self.company.id})

    def test_policy_approval_bill_tour(self):
        # add a policy on the patient's card
        self.start_tour(f"/odoo/dental.patient/{self.patient.id}", "dental_dms_add_policy", login="admin")
        policy = self.env["dental.insurance.policy"].search([("patient_id", "=", self.patient.id)])
        self.assertEqual(policy.name, "TOUR-42")
        self.assertEqual(policy.state, "valid")
        # request the insurer's approval of the plan, record the answer
        plan = self.env["sale.order"].create(
            {
                "patient_id": self.patient.id,
                "doctor_id": self.doctor.id,
                "company_id": self.company.id,
                "order_line": [Command.create({"product_id": self.service.id, "tax_id": [Command.clear()]})],
            }
        )
        plan.action_confirm()
        action = self.env.ref("dental_chart.sale_order_action_treatment_plan")
        self.start_tour(f"/odoo/action-{action.id}/{plan.id}", "dental_dms_request_approval", login="admin")
        approval = plan.dental_dms_approval_ids
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.guarantee_letter, "GL-TOUR")
        # bill the visit: the insurer's part to the registry, the co-payment to the patient
        start = datetime.combine(self.today, time(6, 0))
        event = self.env["calendar.event"].create(
            {
                "name": "Tour DMS",
                "patient_id": self.patient.id,
                "chair_id": self.chair.id,
                "doctor_id": self.doctor.id,
                "start": start,
                "stop": start + timedelta(minutes=40),
                "plan_line_ids": [Command.set(plan.order_line.ids)],
            }
        )
        event.action_dental_complete()
        action = self.env.ref("dental_calendar.calendar_event_action_dental")
        self.start_tour(f"/odoo/action-{action.id}/{event.id}", "dental_dms_bill", login="admin")
        invoice = self.env["account.move"].search([("dental_appointment_id", "=", event.id)])
        self.assertEqual(invoice.amount_total, 400.0)
        service = self.env["dental.dms.service"].search([("policy_id", "=", policy.id)])
        self.assertEqual(service.amount_insurer, 3600.0)
