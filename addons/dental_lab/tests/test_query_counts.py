from odoo.tests import tagged

from .common import DentalLabCommon

MEASURES = ["__count", "amount_ordered:sum", "lab_cost:sum", "late_count:sum"]


@tagged("post_install", "-at_install")
class TestLabQueryCounts(DentalLabCommon):
    """The summary table (Dental > Labs > Summary, scripts/bench "lab") runs as many queries for many orders, labs
    and doctors as for one: no query per group or per order."""

    def _summary_queries(self):
        Order = self.env["dental.lab.order"]
        domain = [("company_id", "=", self.env.company.id), ("patient_id", "=", self.patient.id)]
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        groups = [
            Order.read_group(domain, MEASURES, groupby, lazy=False) for groupby in ([], ["lab_id"], ["doctor_id"])
        ]
        return self.cr.sql_log_count - before, groups

    def test_summary_queries_do_not_grow_with_orders(self):
        self._order()
        self._summary_queries()  # warm-up: the registry's caches
        few, groups = self._summary_queries()
        self.assertEqual(len(groups[1]), 1)
        doctor = self.env["hr.employee"].create({"name": "Dr. Second"})
        for lab in (self.lab, self.lab_other, self.lab_other):
            self._order(lab=lab, doctor_id=doctor.id)
        many, groups = self._summary_queries()
        self.assertEqual(len(groups[1]), 2, "two labs")
        self.assertEqual(len(groups[2]), 2, "two doctors")
        self.assertEqual(groups[0][0]["__count"], 4)
        self.assertEqual(many, few, "as many queries for 4 orders of 2 labs and 2 doctors as for 1")
