"""dental_reports' budgeted operations (issue 25): each report's pivot, and the dashboard, for a month of one
branch (budget 1 s) and for a year of every branch (3 s).

A report's operation is what its pivot asks when opened: ``read_group`` of the totals and of its two usual
groupings, with its measures (``lazy=False``, as the pivot does). The dashboard's is its one RPC. The floor of a
report is the same groupings run by hand on the report's own SELECT (so the ratio is the ORM's overhead on top
of the view's query); the dashboard's floor is the sum of the floors of the reports it reads.

No generator stage: the reports read what the other stages made (appointments, shifts, invoices, payments,
lab orders).
"""

from datetime import timedelta

from odoo.tools import SQL

from .operations import Operation

# model, date field, measures, groupings (the pivot's rows), floor measures (SQL aggregates of the same)
REPORTS = {
    "service": (
        "dental.report.service",
        "date",
        ["amount:sum", "paid_amount:sum", "debt_amount:sum", "quantity:sum"],
        (["categ_id"], ["doctor_id"]),
        "count(*), sum(amount), sum(paid_amount), sum(debt_amount), sum(quantity)",
    ),
    "doctor": (
        "dental.report.doctor",
        "month",
        ["amount:sum", "paid_amount:sum", "debt_amount:sum", "average_check:avg"],
        (["doctor_id"], ["month:month"]),
        "count(*), sum(amount), sum(paid_amount), sum(debt_amount), sum(amount) / NULLIF(sum(invoice_count), 0)",
    ),
    "payment": (
        "dental.report.payment",
        "date",
        ["amount:sum", "unallocated_amount:sum"],
        (["method"], ["kind"]),
        "count(*), sum(amount), sum(unallocated_amount)",
    ),
    "receipt": (
        "dental.report.receipt",
        "date",
        ["amount:sum"],
        (["categ_id"], ["method"]),
        "count(*), sum(amount)",
    ),
    "debt": (
        "dental.report.debt",
        "invoice_date",
        ["amount_total:sum", "amount_residual:sum"],
        (["patient_id"], []),
        "count(*), sum(amount_total), sum(amount_residual)",
    ),
    "appointment": (
        "dental.report.appointment",
        "date",
        ["__count", "hours:sum", "completed_count:sum"],
        (["doctor_id"], ["patient_kind"]),
        "count(*), sum(hours), sum(completed_count)",
    ),
    "patient": (
        "dental.report.patient",
        "date",
        ["__count", "visit_count:sum", "returned_count:sum"],
        (["source_id"], ["doctor_id"]),
        "count(*), sum(visit_count), sum(returned_count)",
    ),
    "chair": (
        "dental.report.chair",
        "date",
        ["available_hours:sum", "booked_hours:sum", "load:avg"],
        (["chair_id"], ["doctor_id"]),
        "sum(available_hours), sum(booked_hours), 100.0 * sum(booked_hours) / NULLIF(sum(available_hours), 0)",
    ),
    "xray": (
        "dental.report.xray",
        "date",
        ["__count", "exposure_count:sum", "dose:sum"],
        (["doctor_id"], ["kind"]),
        "count(*), sum(exposure_count), sum(dose)",
    ),
    "discount": (
        "dental.report.discount",
        "date",
        ["amount:sum", "discount_amount:sum"],
        (["program_id"], ["doctor_id"]),
        "count(*), sum(amount), sum(discount_amount)",
    ),
    "dms_policy": (
        "dental.report.dms.policy",
        "date_start",
        ["__count", "consumed_amount:sum", "remaining_amount:sum"],
        (["state"], ["limit_state"]),
        "count(*), sum(consumed_amount), sum(remaining_amount)",
    ),
    "recommendation": (
        "dental.report.recommendation",
        "date",
        ["__count"],
        (["doctor_id"], []),
        "count(*)",
    ),
    "prosthetics": (
        "dental.report.prosthetics",
        "date",
        ["__count", "item_count:sum", "lab_cost:sum", "plan_amount:sum"],
        (["doctor_id"], ["lab_id"]),
        "count(*), sum(item_count), sum(lab_cost), sum(plan_amount)",
    ),
    "area": (
        "dental.report.area",
        "date",
        ["amount:sum", "area:max", "amount_per_m2:avg"],
        (["company_id"], ["date:month"]),
        "sum(amount), sum(area) / NULLIF(count(DISTINCT date), 0), "
        "sum(amount) / NULLIF(sum(area) / NULLIF(count(DISTINCT date), 0), 0)",
    ),
}


class ReportPivot(Operation):
    """One report's pivot over a ``scope``: ``month`` (the last full month of the main branch) or ``year`` (the
    last 365 days of every branch)."""

    report = ""
    scope = "month"
    runs = 10
    warmup = 2

    def prepare(self, env):
        if "dental.report.service" not in env:
            self.skipped = "dental_reports not installed"
            return
        self.model, self.date_field, self.measures, self.groupings, self.floor_measures = REPORTS[self.report]
        self.domain, self.companies = period_domain(self, env, self.date_field)
        self.counts = {"rows": env[self.model].sudo().search_count(self.domain)}

    def call(self, env, index):
        Report = env[self.model].with_context(allowed_company_ids=self.companies)
        return [
            Report.read_group(self.domain, self.measures, groupby, lazy=False)
            for groupby in ([], *[grouping for grouping in self.groupings if grouping])
        ]

    def floor(self, cr, index):
        return report_floor(cr, self, self.model, self.date_field, self.groupings, self.floor_measures)


class Dashboard(Operation):
    """The dashboard's one RPC (``dental.report.dashboard.get_data``) over a scope."""

    scope = "month"
    runs = 10
    warmup = 2

    def prepare(self, env):
        if "dental.report.dashboard" not in env:
            self.skipped = "dental_reports not installed"
            return
        self.domain, self.companies = period_domain(self, env, "date")
        self.counts = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}

    def call(self, env, index):
        Dashboard = env["dental.report.dashboard"].with_context(allowed_company_ids=self.companies)
        return Dashboard.get_data(self.date_from, self.date_to)

    def floor(self, cr, index):
        result = []
        for report in ("service", "payment", "receipt", "appointment"):
            model, date_field, __, groupings, measures = REPORTS[report]
            result.append(report_floor(cr, self, model, date_field, groupings, measures))
        return result


def period_domain(operation, env, date_field):
    """The operation's period and branches, and the report domain over them."""
    today = operation.bench.today
    if operation.scope == "month":
        first = today.replace(day=1)
        operation.date_from = (first - timedelta(days=1)).replace(day=1)
        operation.date_to = first - timedelta(days=1)
        companies = [operation.bench.main_branch(env)]
    else:
        operation.date_from = today - timedelta(days=365)
        operation.date_to = today
        companies = env["res.company"].sudo().search([]).ids
    operation.company_ids = companies
    # the reports' own SELECTs, for the floors
    operation.table_queries = {model: env[model]._table_query for model, *__ in REPORTS.values()}
    domain = [
        ("company_id", "in", companies),
        (date_field, ">=", operation.date_from),
        (date_field, "<=", operation.date_to),
    ]
    return domain, companies


def report_floor(cr, operation, model, date_field, groupings, measures):
    """The report's groupings by hand on its own SELECT, filtered on the same period and branches."""
    columns = [grouping[0].split(":")[0] for grouping in groupings if grouping]
    sets = SQL(", ").join([SQL("()"), *[SQL("(%s)", SQL.identifier(column)) for column in columns]])
    cr.execute(
        SQL(
            """
        SELECT %(measures)s FROM (%(query)s) r
         WHERE r.company_id = ANY(%(companies)s) AND r.%(date)s >= %(date_from)s AND r.%(date)s <= %(date_to)s
         GROUP BY GROUPING SETS (%(sets)s)
            """,
            measures=SQL(measures),
            query=operation.table_queries[model],
            companies=operation.company_ids,
            date=SQL.identifier(date_field),
            date_from=operation.date_from,
            date_to=operation.date_to,
            sets=sets,
        )
    )
    return cr.fetchall()


def operations():
    """Every report's operation for both scopes, and the dashboard's."""
    result = []
    for scope, label in (("month", "month of a branch"), ("year", "year of all branches")):
        for number, report in enumerate(REPORTS, start=1):
            result.append(
                type(
                    f"Report{report.title()}{scope.title()}",
                    (ReportPivot,),
                    {
                        "key": f"reports_{scope}",
                        "name": f"R{number}. {report} report, {label}",
                        "report": report,
                        "scope": scope,
                    },
                )
            )
        result.append(
            type(
                f"Dashboard{scope.title()}",
                (Dashboard,),
                {"key": f"reports_{scope}", "name": f"R{len(REPORTS) + 1}. dashboard, {label}", "scope": scope},
            )
        )
    return result
