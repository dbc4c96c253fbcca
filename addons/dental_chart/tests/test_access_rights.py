from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalChartCommon

MEDICAL_MODELS = (
    "dental.chart.finding",
    "dental.visit.record",
    "dental.image",
    "dental.ortho.card",
    "dental.perio.exam",
)


@tagged("post_install", "-at_install")
class TestChartAccessRights(DentalChartCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finding = cls._finding(cls.tooth_36, "2026-01-10", diagnosis=cls.k02_1)
        cls.record = cls.env["dental.visit.record"].create(
            {"patient_id": cls.patient.id, "doctor_id": cls.doctor.id, "complaints": "Secret complaint"}
        )
        cls.image = cls.env["dental.image"].create({"patient_id": cls.patient.id, "kind": "panoramic", "dose": 10})
        cls.plan = cls._plan([(cls.service_filling, cls.tooth_36, 1, 1)])

    def test_clinical_roles_read_and_write_medical_records(self):
        for user in (self.user_assistant, self.user_doctor, self.user_director):
            self.assertEqual(self.record.with_user(user).complaints, "Secret complaint")
            self.assertEqual(self.finding.with_user(user).diagnosis_id, self.k02_1)
            self.finding.with_user(user).note = f"seen by {user.login}"
            self.assertTrue(self.patient.with_user(user).dental_get_chart()["teeth"]["36"]["findings"])
            self.env["dental.chart.finding"].with_user(user).create(
                {"patient_id": self.patient.id, "tooth_ids": [(6, 0, self.tooth_11.ids)], "note": "ok"}
            )

    def test_only_doctors_delete_findings(self):
        with self.assertRaises(AccessError):
            self.finding.with_user(self.user_assistant).unlink()
        self.finding.with_user(self.user_doctor).unlink()

    def test_non_clinical_roles_see_no_medical_data(self):
        for user in (self.user_registrar, self.user_coordinator, self.user_accountant):
            for model in MEDICAL_MODELS:
                with self.assertRaises(AccessError, msg=f"{user.login} on {model}"):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.record.with_user(user).read(["complaints"])
            with self.assertRaises(AccessError):
                self.env["dental.chart.finding"].with_user(user).create({"patient_id": self.patient.id, "note": "no"})

    def test_registrar_reads_patient_card_without_medical_fields(self):
        patient = self.patient.with_user(self.user_registrar)
        self.assertEqual(patient.dental_plan_count, 1)
        with self.assertRaises(AccessError):
            patient.dental_get_chart()
        with self.assertRaises(AccessError):
            patient.read(["dental_visit_record_ids"])

    def test_registrar_and_coordinator_see_plans_and_prices(self):
        for user in (self.user_registrar, self.user_coordinator, self.user_doctor):
            plan = self.plan.with_user(user)
            self.assertEqual(plan.amount_untaxed, 5000.0)
            self.assertEqual(plan.order_line.tooth_ids, self.tooth_36)
            self.assertEqual(self.service_filling.with_user(user).list_price, 5000.0)
        self.plan.with_user(self.user_registrar).action_dental_approve()
        self.assertEqual(self.plan.plan_state, "approved")

    def test_registrar_opens_plan_and_card_forms(self):
        """What the web client reads for the plan form and the card's History tab."""
        plan = self.plan.with_user(self.user_registrar)
        [data] = plan.web_read(
            {
                "doctor_id": {"fields": {"display_name": {}}},
                "patient_id": {"fields": {"display_name": {}}},
                "plan_state": {},
                "order_line": {"fields": {"doctor_id": {"fields": {"display_name": {}}}, "tooth_ids": {}}},
            }
        )
        self.assertEqual(data["doctor_id"]["display_name"], "Dr. Zubova")
        self.assertEqual(data["plan_state"], "draft")
        [card] = self.patient.with_user(self.user_registrar).web_read(
            {"dental_plan_ids": {"fields": {"plan_state": {}, "amount_total": {}}}, "dental_plan_count": {}}
        )
        self.assertEqual(card["dental_plan_count"], 1)
        self.env["dental.patient"].with_user(self.user_registrar).get_views([(False, "form")])

    def test_only_clinical_roles_complete_procedures_on_teeth(self):
        """Completing a procedure on teeth records a finding: refused to the front desk, with nothing changed."""
        self.plan.action_confirm()
        line = self.plan.order_line
        for user in (self.user_registrar, self.user_coordinator, self.user_accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user)._dental_complete()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user).action_dental_complete()
        self.assertEqual(line.qty_delivered, 0)
        self.assertFalse(line.sudo().finding_ids)
        finding = line.with_user(self.user_assistant)._dental_complete()
        self.assertEqual(finding.origin, "procedure")
        self.assertEqual(finding.create_uid, self.user_assistant)
        self.assertEqual(line.qty_delivered, 1)

    def test_done_quantity_is_not_written_directly(self):
        """Writing a plan line's done quantity over RPC would skip the completion (and its finding on the chart)."""
        self.plan.action_confirm()
        line = self.plan.order_line
        for user in (self.user_registrar, self.user_doctor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user).write({"qty_delivered": 1})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user).write({"dental_completed_date": "2026-01-01"})
        with self.assertRaises(AccessError):
            self.env["sale.order.line"].with_user(self.user_registrar).create(
                {"order_id": self.plan.id, "product_id": self.service_anesthesia.id, "qty_delivered": 1}
            )
        self.assertEqual(line.qty_delivered, 0)
        self.assertFalse(line.dental_completed_date)
        # a native sales order's manual delivered quantity stays writable
        order = self.env["sale.order"].create(
            {
                "partner_id": self.patient.partner_id.id,
                "order_line": [Command.create({"product_id": self.service_anesthesia.id})],
            }
        )
        order.action_confirm()
        order.order_line.write({"qty_delivered": 1})
        self.assertEqual(order.order_line.qty_delivered, 1)

    def test_front_desk_completes_procedures_without_teeth(self):
        """A procedure that records nothing on the chart (no teeth) stays completable by the front desk."""
        plan = self._plan([(self.service_anesthesia, self.Tooth, 1, 1)])
        plan.action_confirm()
        self.assertFalse(plan.order_line.with_user(self.user_registrar)._dental_complete())
        self.assertEqual(plan.order_line.qty_delivered, 1)

    def test_reference_data_readable_by_staff_managed_by_director(self):
        for user in (self.user_registrar, self.user_assistant):
            self.assertTrue(self.env["dental.diagnosis"].with_user(user).search_count([]))
            with self.assertRaises(AccessError):
                self.env["dental.condition"].with_user(user).create({"name": "X", "code": "x"})
        self.env["dental.condition"].with_user(self.user_director).create({"name": "X", "code": "x"})
        self.env["dental.diagnosis"].with_user(self.user_doctor).create({"code": "Z99.9", "name": "Own"})

    def test_branch_isolation_of_medical_records(self):
        other = self.env["dental.patient"].create(
            {"last_name": "Branch", "first_name": "B", "company_id": self.branch_b.id}
        )
        other_finding = self._finding(self.tooth_36, "2026-01-10", diagnosis=self.k02_1, patient=other)
        Finding = self.env["dental.chart.finding"].with_user(self.user_doctor)
        self.assertIn(self.finding, Finding.search([]))
        self.assertNotIn(other_finding, Finding.search([]))
        with self.assertRaises(AccessError):
            other_finding.with_user(self.user_doctor).read(["note"])
