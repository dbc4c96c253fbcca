from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.dental_calendar.tests.common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestPlanBooking(DentalCalendarCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tooth_36 = cls.env.ref("dental_chart.tooth_36")
        cls.filling = cls.env["product.product"].create(
            {
                "name": "Composite filling",
                "type": "service",
                "is_dental_service": True,
                "list_price": 5000.0,
                "dental_duration": 45,
                "dental_condition_id": cls.env.ref("dental_chart.condition_filling").id,
            }
        )
        cls.cleaning = cls.env["product.product"].create(
            {
                "name": "Hygiene",
                "type": "service",
                "is_dental_service": True,
                "list_price": 3000.0,
                "dental_duration": 30,
            }
        )
        cls.plan = cls.env["sale.order"].create(
            {
                "patient_id": cls.patient.id,
                "doctor_id": cls.doctor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.filling.id,
                            "tooth_ids": [Command.set(cls.tooth_36.ids)],
                            "product_uom_qty": 1,
                            "visit_number": 1,
                        }
                    ),
                    Command.create({"product_id": cls.cleaning.id, "product_uom_qty": 1, "visit_number": 2}),
                ],
            }
        )
        cls.filling_line, cls.cleaning_line = cls.plan.order_line

    def test_duration_comes_from_the_services(self):
        event = self.env["calendar.event"].create(
            {
                "patient_id": self.patient.id,
                "chair_id": self.chair_1.id,
                "doctor_id": self.doctor.id,
                "start": self.at(10),
                "service_ids": [Command.set((self.filling | self.cleaning).ids)],
            }
        )
        self.assertEqual(event.stop - event.start, timedelta(minutes=75))

    def test_unapproved_plan_cannot_be_booked(self):
        with self.assertRaises(ValidationError):
            self.book(self.at(10), plan_line_ids=[Command.set(self.filling_line.ids)])
        with self.assertRaises(UserError):
            self.plan.action_dental_book_visit()

    def test_plan_lines_of_another_patient_refused(self):
        self.plan.action_confirm()
        with self.assertRaises(ValidationError):
            self.book(self.at(10), patient=self.patient_2, plan_line_ids=[Command.set(self.filling_line.ids)])

    def test_book_the_next_visit_and_complete_it(self):
        self.plan.action_confirm()
        action = self.plan.action_dental_book_visit()
        self.assertEqual(action["context"]["default_plan_line_ids"], self.filling_line.ids, "visit 1 first")
        with Form(
            self.env["calendar.event"].with_context(**action["context"]),
            view="dental_calendar.calendar_event_view_form_dental",
        ) as form:
            form.chair_id = self.chair_1
            form.start = self.at(10)
        event = form.record
        self.assertEqual(event.plan_line_ids, self.filling_line)
        self.assertIn(self.filling, event.service_ids)
        self.assertTrue(self.filling_line.dental_booked)
        self.assertEqual(
            self.plan.action_dental_book_visit()["context"]["default_plan_line_ids"],
            self.cleaning_line.ids,
            "the booked visit is not offered again",
        )

        event.action_dental_complete()
        self.assertEqual(self.filling_line.qty_delivered, 1)
        finding = self.env["dental.chart.finding"].search([("patient_id", "=", self.patient.id)])
        self.assertEqual(finding.tooth_ids, self.tooth_36)
        self.assertEqual(self.patient.last_visit_date, event.start.date())
        self.assertEqual(self.cleaning_line.qty_delivered, 0)
        self.assertEqual(self.plan.plan_state, "in_progress")

    def test_front_desk_cannot_complete_procedures_on_teeth(self):
        """Completing the visit records the filling on the chart: the clinical staff's, not the front desk's."""
        self.plan.action_confirm()
        event = self.book(
            self.at(10), env=self.env(user=self.user_registrar), plan_line_ids=[Command.set(self.filling_line.ids)]
        )
        with self.assertRaises(AccessError) as refusal:
            event.with_user(self.user_registrar).action_dental_complete()
        self.assertIn("Only a doctor or an assistant", str(refusal.exception))
        self.env.invalidate_all()  # the savepoint is rolled back, not the cache
        self.assertNotEqual(event.dental_state, "completed")
        self.assertEqual(self.filling_line.qty_delivered, 0)
        self.assertFalse(self.env["dental.chart.finding"].search([("sale_line_id", "=", self.filling_line.id)]))

    def test_cancelled_appointment_frees_the_procedure(self):
        self.plan.action_confirm()
        event = self.book(self.at(10), plan_line_ids=[Command.set(self.filling_line.ids)])
        self.assertTrue(self.filling_line.dental_booked)
        event.action_dental_cancel()
        self.filling_line.invalidate_recordset(["dental_booked"])
        self.assertFalse(self.filling_line.dental_booked)

    def test_registrar_books_plan_procedures_doctor_completes(self):
        self.plan.action_confirm()
        event = self.book(
            self.at(10), env=self.env(user=self.user_registrar), plan_line_ids=[Command.set(self.filling_line.ids)]
        )
        self.assertEqual(event.plan_line_ids, self.filling_line)
        event.with_user(self.user_doctor).action_dental_complete()
        self.assertEqual(self.filling_line.qty_delivered, 1)
        with self.assertRaises(AccessError):
            self.env["calendar.event"].with_user(self.user_registrar_b).browse(event.id).read(["plan_line_ids"])
