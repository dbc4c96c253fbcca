from datetime import timedelta

from odoo.tests import tagged

from .common import DentalDmsCommon

REGISTRY_COLUMNS = (
    "date",
    "patient",
    "birth_date",
    "policy_number",
    "guarantee_letter",
    "service_code",
    "service_name",
    "quantity",
    "price_unit",
    "amount_insurer",
    "doctor",
    "diagnosis_code",
)
LIST_SPEC = {
    "name": {},
    "request_date": {},
    "patient_id": {"fields": {"display_name": {}}},
    "insurer_id": {"fields": {"display_name": {}}},
    "policy_id": {"fields": {"display_name": {}}},
    "plan_id": {"fields": {"display_name": {}}},
    "guarantee_letter": {},
    "currency_id": {"fields": {"display_name": {}}},
    "amount_requested": {},
    "amount_approved": {},
    "days_pending": {},
    "state": {},
    "company_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestDmsQueryCounts(DentalDmsCommon):
    """The approvals list and the insurer's registry (scripts/bench "dms_approvals", "dms_registry") run as many
    queries for many approvals and services, of many patients, policies, doctors and services, as for a few."""

    def _queries(self, func):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = func()
        return self.cr.sql_log_count - before, result

    def _patient_with_policy(self, index):
        patient = self.env["dental.patient"].create({"last_name": f"Counted{index}", "first_name": "Ivan"})
        policy = self.env["dental.insurance.policy"].create(
            {
                "name": f"POL-C{index}",
                "patient_id": patient.id,
                "contract_id": self.contract.id,
                "date_start": self.policy.date_start,
                "date_end": self.policy.date_end,
            }
        )
        plan = self._plan([(self.service_filling, self.tooth_36, 1)], patient=patient)
        return policy, plan

    def _add_approvals(self, count, offset):
        Approval = self.env["dental.dms.approval"]
        for index in range(offset, offset + count):
            policy, plan = self._patient_with_policy(index)
            Approval.create({"policy_id": policy.id, "plan_id": plan.id, "company_id": self.company.id})

    def test_approvals_list_queries_do_not_grow(self):
        Approval = self.env["dental.dms.approval"].with_user(self.user_registrar)

        def read_list():
            return Approval.web_search_read([], LIST_SPEC, limit=80, count_limit=10001)

        self._add_approvals(2, 0)
        self._queries(read_list)  # warm-up
        few, result = self._queries(read_list)
        self.assertEqual(result["length"], 2)
        self._add_approvals(6, 2)
        many, result = self._queries(read_list)
        self.assertEqual(result["length"], 8)
        self.assertEqual(many, few, "as many queries for 8 approvals of 8 patients and plans as for 2")

    def _add_services(self, count, offset):
        doctor = self.env["hr.employee"].create({"name": f"Dr. Counted {offset}"})
        vals_list = []
        for index in range(offset, offset + count):
            policy, __ = self._patient_with_policy(index)
            vals_list.append(
                {
                    "company_id": self.company.id,
                    "date": self.today - timedelta(days=index % 3),
                    "policy_id": policy.id,
                    "contract_id": self.contract.id,
                    "product_id": (self.service_filling if index % 2 else self.service_implant).id,
                    "service_code": f"C-{index}",
                    "doctor_id": (doctor if index % 2 else self.doctor).id,
                    "quantity": 1.0,
                    "price_unit": 4000.0,
                    "amount_total": 4000.0,
                    "amount_copay": 400.0,
                    "amount_insurer": 3600.0,
                }
            )
        self.env["dental.dms.service"].create(vals_list)  # as the billing does (the superuser here)

    def test_registry_queries_do_not_grow(self):
        self.env["dental.dms.report.template"].create(
            {
                "name": "Counted",
                "insurer_id": self.insurer.id,
                "header": "<p>{{company_name}} {{insurer_name}} {{total_amount}}</p>",
                "column_ids": [(0, 0, {"sequence": seq, "data": data}) for seq, data in enumerate(REGISTRY_COLUMNS)],
            }
        )
        wizard = (
            self.env["dental.dms.registry.wizard"]
            .with_user(self.user_registrar)
            .create(
                {
                    "insurer_id": self.insurer.id,
                    "company_id": self.company.id,
                    "date_from": self.today - timedelta(days=5),
                    "date_to": self.today,
                }
            )
        )
        self._add_services(2, 0)
        self._queries(wizard._dms_xlsx)  # warm-up
        few, __ = self._queries(wizard._dms_xlsx)
        self.assertEqual(len(wizard._dms_data()["rows"]), 2)
        self._add_services(8, 2)
        many, __ = self._queries(wizard._dms_xlsx)
        self.assertEqual(len(wizard._dms_data()["rows"]), 10)
        self.assertEqual(many, few, "as many queries for 10 services of 10 patients, 2 doctors, 2 services as for 2")
