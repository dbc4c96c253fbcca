"""dental_payroll's budgeted operations (issue 24): a month's batch for 60 employees, a doctor's running earnings.

Preparation (committed once, idempotent): the paid-procedure ledger filled from the reconciliations already in
the database (as dental_payroll's install does) when it is empty, and a contract of the structure "Dental Clinic
Staff" for up to ``BATCH_EMPLOYEES`` employees of the main branch (doctors with a 30% share of every dental
service less lab and material costs, paid per shift; the others per month).
"""

from datetime import timedelta

from odoo.tools import SQL

from .operations import Operation

BATCH_EMPLOYEES = 60
ROWS_PER_DOCTOR = 300  # a busy month: 15 paid procedures a day


def _previous_month(today):
    first = today.replace(day=1)
    last = first - timedelta(days=1)
    return last.replace(day=1), last


def prepare_payroll(bench, env):
    """Ledger and contracts (committed): returns the main branch and the period, or None without dental_payroll."""
    if "dental.payroll.revenue" not in env:
        return None
    cr = env.cr
    company = bench.main_branch(env)
    cr.execute("SELECT 1 FROM dental_payroll_revenue LIMIT 1")
    if not cr.fetchone():
        env["dental.payroll.revenue"]._dental_backfill()
    structure = env.ref("dental_payroll.structure_dental")
    Employee = env["hr.employee"].with_context(active_test=False)
    employees = Employee.search([("company_id", "=", company)], limit=BATCH_EMPLOYEES, order="id")
    if len(employees) < BATCH_EMPLOYEES:  # the rest of the staff: assistants, registrars (paid per month)
        employees |= Employee.create(
            [
                {"name": f"Bench staff {index}", "company_id": company}
                for index in range(len(employees), BATCH_EMPLOYEES)
            ]
        )
    doctors = env["dental.shift"].search([("employee_id", "in", employees.ids)]).employee_id
    root = env.ref("dental_chart.product_category_dental", raise_if_not_found=False) or env.ref(
        "product.product_category_all"
    )
    branch = env["res.company"].browse(company)
    for employee in employees.filtered(lambda e: not e.contract_ids):
        vals = {
            "name": f"Bench {employee.name}",
            "employee_id": employee.id,
            "company_id": company,
            "date_start": bench.today.replace(day=1) - timedelta(days=400),
            "state": "open",
            "struct_id": structure.id,
            "resource_calendar_id": (employee.resource_calendar_id or branch.resource_calendar_id).id,
            "wage": 3000.0 if employee in doctors else 60000.0,
            "dental_wage_type": "shift" if employee in doctors else "month",
        }
        if employee in doctors:
            vals["dental_share_rule_ids"] = [
                (0, 0, {"categ_id": root.id, "percent": 30.0, "deduct_lab": True, "deduct_material": True})
            ]
        env["hr.contract"].create(vals)
    _fill_ledger(env, company, doctors, _previous_month(bench.today))
    _fill_ledger(env, company, doctors, (bench.today.replace(day=1), bench.today))
    cr.commit()  # the bench's own set-up, kept for later runs (the measured calls are rolled back)
    return company, _previous_month(bench.today)


def _fill_ledger(env, company, doctors, period):
    """The generator's history carries few paid procedures with a doctor: a busy month of ``ROWS_PER_DOCTOR``
    settled procedures per doctor of the branch (spread over the month's services) when the month has fewer."""
    cr = env.cr
    start, stop = period
    cr.execute("SELECT count(*) FROM dental_payroll_revenue WHERE date BETWEEN %s AND %s", [start, stop])
    if cr.fetchone()[0] >= ROWS_PER_DOCTOR or not doctors:
        return
    cr.execute(
        "SELECT p.id, t.categ_id FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id"
        " WHERE t.is_dental_service ORDER BY p.id LIMIT 40"
    )
    services = cr.fetchall()
    if not services:
        return
    cr.execute(
        SQL(
            """
            INSERT INTO dental_payroll_revenue (employee_id, role, date, payroll_date, company_id, product_id, categ_id,
                                                amount, fraction, partial_ref, create_uid, write_uid, create_date,
                                                write_date)
            SELECT d, 'doctor', %(start)s::date + mod(g, (%(stop)s::date - %(start)s::date) + 1),
                   %(start)s::date + mod(g, (%(stop)s::date - %(start)s::date) + 1), %(company)s,
                   (%(products)s::int[])[1 + mod(g, %(n)s)], (%(categs)s::int[])[1 + mod(g, %(n)s)],
                   1000 + mod(g, 9) * 500, 1.0, 0, 1, 1, now(), now()
              FROM unnest(%(doctors)s::int[]) d CROSS JOIN generate_series(1, %(rows)s) g
            """,
            start=start,
            stop=stop,
            company=company,
            products=[p for p, _c in services],
            categs=[c for _p, c in services],
            n=len(services),
            doctors=doctors.ids,
            rows=ROWS_PER_DOCTOR,
        )
    )


class PayrollBatch(Operation):
    """Salary archive: a batch for the main branch's previous month, payslips for all staff computed."""

    key, name = "payroll_batch", "9. payroll: a month's batch for the branch's staff"
    runs, warmup = 5, 1

    def prepare(self, env):
        prepared = prepare_payroll(self.bench, env)
        if not prepared:
            self.skipped = "dental_payroll not installed"
            return
        self.company, (self.start, self.stop) = prepared
        env.cr.execute(
            "SELECT count(*), count(DISTINCT employee_id) FROM dental_payroll_revenue WHERE date BETWEEN %s AND %s",
            [self.start, self.stop],
        )
        rows, employees = env.cr.fetchone()
        self.counts = {"month": self.start.isoformat(), "ledger rows": rows, "employees paid": employees}

    def call(self, env, index):
        run = (
            env["hr.payslip.run"]
            .with_company(self.company)
            .create({"name": "Bench", "company_id": self.company, "date_start": self.start, "date_end": self.stop})
        )
        run.action_dental_generate()
        env.flush_all()
        return len(run.slip_ids)

    def floor(self, cr, index):
        cr.execute(
            SQL(
                "SELECT employee_id, role, product_id, sum(amount) FROM dental_payroll_revenue"
                " WHERE payroll_date BETWEEN %s AND %s GROUP BY employee_id, role, product_id",
                self.start,
                self.stop,
            )
        )
        return cr.fetchall()


class PayrollEarnings(Operation):
    """My Earnings: the running figures of the doctor with the most paid procedures this month."""

    key, name = "payroll_earnings", "10. payroll: a doctor's running earnings this month"

    def prepare(self, env):
        prepared = prepare_payroll(self.bench, env)
        if not prepared:
            self.skipped = "dental_payroll not installed"
            return
        self.start = self.bench.today.replace(day=1)
        self.stop = self.bench.today
        env.cr.execute(
            """
            SELECT r.employee_id, count(*) FROM dental_payroll_revenue r
              JOIN hr_contract c ON c.employee_id = r.employee_id AND c.state = 'open'
             WHERE r.date BETWEEN %s AND %s GROUP BY r.employee_id ORDER BY count(*) DESC LIMIT 1
            """,
            [self.start, self.stop],
        )
        row = env.cr.fetchone()
        if not row:
            self.skipped = "no paid procedure this month"
            return
        self.employee, rows = row
        self.counts = {"ledger rows": rows}

    def call(self, env, index):
        contract = env["hr.employee"].browse(self.employee)._get_contracts(self.start, self.stop)[:1]
        return env["dental.payroll.revenue"]._dental_figures(contract, self.start, self.stop)

    def floor(self, cr, index):
        cr.execute(
            SQL(
                """
            SELECT sum(r.amount), sum(r.amount * s.percent / 100.0)
              FROM dental_payroll_revenue r
              JOIN hr_contract c ON c.employee_id = r.employee_id AND c.state = 'open'
              JOIN dental_payroll_share_rule s ON s.contract_id = c.id AND s.role = r.role
             WHERE r.employee_id = %s AND r.payroll_date BETWEEN %s AND %s
                """,
                self.employee,
                self.start,
                self.stop,
            )
        )
        return cr.fetchall()


PAYROLL_OPERATIONS = (PayrollBatch, PayrollEarnings)
