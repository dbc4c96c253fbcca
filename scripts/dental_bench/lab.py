"""dental_lab data and its budgeted operation (issue 19): lab work orders and the labs' summary table.

Generation (``generate_lab``, the generator's ``lab`` stage, where dental_lab is installed): three labs with
vendor prices for four lab services, and ``LAB_ORDERS_PER_PATIENT`` lab orders per patient over the generated
period, created through the ORM in batches (prices from the labs' price lists, teeth, shade) for pairs of a
patient and a doctor of the same branch taken from the appointments; then their creation day, stage, stage
dates, due date and late flag are spread over the period with one ``UPDATE`` per batch (old orders done or
cancelled, recent ones at the lab or ready for fitting). No purchase order is made: the summary reads the
orders' stored figures, and the ordered amount is the cost until a lab bills.

Operation (``LabSummary``): what Dental > Labs > Summary shows for one branch and one month, the pivot's
``read_group`` calls (totals, by lab, by doctor, each with the order count, ordered amount, lab cost and late
orders), and its SQL floor.
"""

import random
from datetime import datetime, timedelta

from odoo.tools import SQL

from .operations import Operation

LAB_ORDERS_PER_PATIENT = 0.2
SHADES = ("A1", "A2", "A3", "A3.5", "B1", "B2", "C1", "D2")
SERVICES = (("Bench zirconia crown", 9000, 7), ("Bench E.max crown", 11000, 8), ("Bench PFM crown", 6000, 6))
TEETH = ("11", "12", "21", "22", "14", "15", "24", "25", "36", "37", "46", "47")
MEASURES = ["__count", "amount_ordered:sum", "lab_cost:sum", "late_count:sum"]


def generate_lab(gen):
    """The ``lab`` stage: labs, price lists and lab orders (skipped without dental_lab)."""
    with gen.registry.cursor() as cr:
        env = gen.env(cr)
        if "dental.lab.order" not in env:
            return {"skipped": "dental_lab not installed"}
        rng = random.Random(f"{gen.spec.seed}:lab")
        category = env.ref("dental_lab.res_partner_category_laboratory")
        labs = env["res.partner"].create(
            [
                {"name": f"Bench Lab {i}", "is_company": True, "category_id": [(4, category.id)], "supplier_rank": 1}
                for i in range(1, 4)
            ]
        )
        products = env["product.product"].create(
            [
                {
                    "name": name,
                    "type": "service",
                    "dental_is_lab_service": True,
                    "purchase_ok": True,
                    "sale_ok": False,
                    "seller_ids": [
                        (0, 0, {"partner_id": lab.id, "price": round(price * (0.9 + 0.1 * i)), "delay": delay + i})
                        for i, lab in enumerate(labs)
                    ],
                }
                for name, price, delay in SERVICES
            ]
        )
        teeth = {tooth.code: tooth.id for tooth in env["dental.tooth"].search([("code", "in", TEETH)])}
        cr.execute(
            """
            SELECT DISTINCT ON (patient_id) patient_id, doctor_id, company_id FROM calendar_event
             WHERE patient_id IS NOT NULL AND doctor_id IS NOT NULL
             ORDER BY patient_id, id
            """
        )
        pairs = cr.fetchall()
    count = round(gen.spec.patients * LAB_ORDERS_PER_PATIENT)
    chosen = [pairs[rng.randrange(len(pairs))] for __ in range(count)]
    period = (gen.today - gen.first_day).days
    created = 0
    for start in range(0, count, gen.batch):
        batch = chosen[start : start + gen.batch]
        with gen.registry.cursor() as cr:
            env = gen.env(cr)
            orders = env["dental.lab.order"].create(
                [
                    {
                        "patient_id": patient,
                        "doctor_id": doctor,
                        "company_id": company,
                        "lab_id": labs[rng.randrange(3)].id,
                        "tooth_ids": [(6, 0, [teeth[rng.choice(TEETH)]])],
                        "shade": rng.choice(SHADES),
                        "material": "Zirconia",
                        "line_ids": [(0, 0, {"product_id": products[rng.randrange(3)].id, "product_qty": 1})],
                    }
                    for patient, doctor, company in batch
                ]
            )
            # the ORM's pending stored values (the late count of a new order) first: the UPDATE below is the last word
            env.flush_all()
            rows = [_stage_row(gen, rng, order_id, period) for order_id in orders.ids]
            columns = list(zip(*rows, strict=True))
            cr.execute(
                SQL(
                    """
                UPDATE dental_lab_order o
                   SET create_date = v.created, due_date = v.due, state = v.state, is_late = v.late,
                       late_count = v.late::int,
                       date_sent = v.sent, date_in_work = v.in_work, date_fitting = v.fitting, date_done = v.done,
                       date_cancel = v.cancelled
                  FROM unnest(%s::int[], %s::timestamp[], %s::date[], %s::varchar[], %s::bool[], %s::timestamp[],
                              %s::timestamp[], %s::timestamp[], %s::timestamp[], %s::timestamp[])
                       AS v(id, created, due, state, late, sent, in_work, fitting, done, cancelled)
                 WHERE o.id = v.id
                    """,
                    *[list(column) for column in columns],
                )
            )
            env.invalidate_all()
            created += len(orders)
    return {"labs": len(labs), "lab orders": created}


def _stage_row(gen, rng, order_id, period):
    """(id, created, due, state, late, sent, in work, fitting, done, cancelled) of one generated order."""
    age = rng.randrange(max(period, 1))
    created = datetime.combine(gen.today - timedelta(days=age), datetime.min.time()) + timedelta(
        hours=rng.randrange(6, 17)
    )
    due = (created + timedelta(days=rng.randrange(5, 15))).date()
    stamps = {"sent": created + timedelta(hours=1)}
    if age > 30:
        state = "cancel" if rng.random() < 0.08 else "done"
    else:
        state = rng.choice(("draft", "sent", "in_work", "in_work", "fitting", "done"))
    if state == "draft":
        stamps = {}
    if state in ("in_work", "fitting", "done"):
        stamps["in_work"] = created + timedelta(days=1)
    if state in ("fitting", "done"):
        stamps["fitting"] = datetime.combine(due, datetime.min.time()) + timedelta(hours=10)
    if state == "done":
        stamps["done"] = stamps["fitting"] + timedelta(days=2)
    if state == "cancel":
        stamps["cancel"] = created + timedelta(days=2)
    late = state in ("sent", "in_work") and due < gen.today
    return (
        order_id,
        created,
        due,
        state,
        late,
        stamps.get("sent"),
        stamps.get("in_work"),
        stamps.get("fitting"),
        stamps.get("done"),
        stamps.get("cancel"),
    )


class LabSummary(Operation):
    """Dental > Labs > Summary for the main branch and the last full month: the pivot's grouped reads."""

    key, name = "lab", "8. lab orders summary of a branch for a month"

    def prepare(self, env):
        if "dental.lab.order" not in env:
            self.skipped = "dental_lab not installed"
            return
        self.company = self.bench.main_branch(env)
        first = self.bench.today.replace(day=1)
        self.start = (first - timedelta(days=1)).replace(day=1)
        self.stop = first
        self.domain = [
            ("company_id", "=", self.company),
            ("create_date", ">=", datetime.combine(self.start, datetime.min.time())),
            ("create_date", "<", datetime.combine(self.stop, datetime.min.time())),
        ]
        env.cr.execute(
            "SELECT count(*) FROM dental_lab_order WHERE company_id = %s AND create_date >= %s AND create_date < %s",
            [self.company, self.start, self.stop],
        )
        self.counts = {"month": self.start.isoformat(), "orders": env.cr.fetchone()[0]}

    def call(self, env, index):
        Order = env["dental.lab.order"].with_company(self.company)
        return [
            Order.read_group(self.domain, MEASURES, groupby, lazy=False) for groupby in ([], ["lab_id"], ["doctor_id"])
        ]

    def floor(self, cr, index):
        """The same result by hand: the three groupings in one query, with what the pivot shows of each group (the
        lab's and the doctor's names, the groups in their order)."""
        cr.execute(
            SQL(
                """
            SELECT GROUPING(o.lab_id, o.doctor_id), o.lab_id, lab.complete_name, o.doctor_id, e.name, count(*),
                   sum(o.amount_ordered), sum(o.lab_cost), sum(o.late_count)
              FROM dental_lab_order o
              LEFT JOIN res_partner lab ON lab.id = o.lab_id
              LEFT JOIN hr_employee e ON e.id = o.doctor_id
             WHERE o.company_id = %s AND o.create_date >= %s AND o.create_date < %s
             GROUP BY GROUPING SETS ((), (o.lab_id, lab.complete_name), (o.doctor_id, e.name))
             ORDER BY lab.complete_name, o.lab_id, e.name, o.doctor_id
                """,
                self.company,
                self.start,
                self.stop,
            )
        )
        return cr.fetchall()
