"""dental_dms data and operations: an insurer's month of services under ДМС, policies and approvals.

Generation (``generate_dms``, the generator's ``dms`` stage, where dental_dms is installed):

* through the ORM: one insurer with its price list (every dental service at 90 % of the clinic's price), its
  contract (every service category covered, 10 % co-payment) and a registry template of eight columns; a policy
  for every tenth patient (at least 700) and, for each policy holder with a treatment plan, an approval of the
  plan's procedures, answered for most (approved, partially, rejected) and pending for the rest;
* in bulk (SQL): ≈2,000 services under ДМС of the main branch in the last full month before the anchor day
  (the month's days are closed by the ``closings`` stage, whose lock the ORM rightly enforces).

Operations: the insurer's monthly registry generated (the Excel workbook built from the template: every service
of the month read, formatted and written) and the approvals list (first page, as the web client reads it).
"""

import io
import random
import time
from datetime import timedelta

import xlsxwriter

from odoo.tools import SQL

from .odoo_env import view_spec
from .operations import Operation

REGISTRY_LINES = 2000
INSURER_NAME = "Bench Insurer ДМС"


def _last_month(today):
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return first, today.replace(day=1) - timedelta(days=1)


def generate_dms(gen):
    """The generator's ``dms`` stage (see the module docstring)."""
    from odoo import Command

    t0 = time.monotonic()
    rng = random.Random(f"{gen.spec.seed}:dms")
    with gen.registry.cursor() as cr:
        env = gen.env(cr)
        if "dental.dms.service" not in env:
            return {"skipped": "dental_dms not installed"}
        cr.execute("SELECT company_id FROM dental_chair GROUP BY company_id ORDER BY count(*) DESC, company_id LIMIT 1")
        company = env["res.company"].browse(cr.fetchone()[0])
        services = env["product.product"].search([("is_dental_service", "=", True)])
        insurer = env["res.partner"].create({"name": INSURER_NAME, "is_company": True, "dental_is_insurer": True})
        pricelist = env["product.pricelist"].create(
            {
                "name": f"{INSURER_NAME} prices",
                "currency_id": company.currency_id.id,
                "company_id": False,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": service.id,
                            "compute_price": "fixed",
                            "fixed_price": round(service.lst_price * 0.9, -1) or 100.0,
                        }
                    )
                    for service in services
                ],
            }
        )
        contract = env["dental.dms.contract"].create(
            {
                "name": "Bench programme",
                "number": "B-1",
                "insurer_id": insurer.id,
                "date_start": gen.first_day,
                "pricelist_id": pricelist.id,
                "category_ids": [Command.set(services.categ_id.ids)],
                "copay_percent": 10.0,
            }
        )
        env["dental.dms.report.template"].create(
            {
                "name": "Bench registry",
                "insurer_id": insurer.id,
                "header": "<p>{{company_name}}: registry for {{insurer_name}}, {{date_from}} – {{date_to}}</p>",
                "footer": "<p>{{line_count}} services, {{total_amount}}</p>",
                "column_ids": [
                    Command.create({"sequence": seq, "data": data})
                    for seq, data in enumerate(
                        (
                            "date",
                            "patient",
                            "policy_number",
                            "service_code",
                            "service_name",
                            "quantity",
                            "price_unit",
                            "doctor",
                        )
                    )
                ],
            }
        )
        cr.execute("SELECT id FROM dental_patient WHERE company_id = %s ORDER BY id", [company.id])
        patient_ids = [row[0] for row in cr.fetchall()]
        count = min(len(patient_ids), max(700, len(patient_ids) // 10))
        holders = sorted(rng.sample(patient_ids, count))
        policies = env["dental.insurance.policy"].create(
            [
                {
                    "name": f"B-{pid}",
                    "patient_id": pid,
                    "contract_id": contract.id,
                    "date_start": gen.first_day,
                    "date_end": gen.last_day + timedelta(days=365),
                }
                for pid in holders
            ]
        )
        gen.log(f"    dms: {len(policies)} policies ({time.monotonic() - t0:.0f} s)")
        approvals = _approvals(env, rng, policies, contract, gen.today, company)
        gen.log(f"    dms: {approvals} approvals ({time.monotonic() - t0:.0f} s)")
        lines = _bulk_services(env, rng, policies, contract, company, services, gen.today)
        cr.commit()
    gen.log(f"    dms: {lines} services under ДМС in bulk ({time.monotonic() - t0:.0f} s)")
    return {"policies": len(policies), "approvals": approvals, "services": lines}


def _approvals(env, rng, policies, contract, today, company):
    from odoo import Command

    cr = env.cr
    cr.execute(
        """
        SELECT s.patient_id, min(s.id)
          FROM sale_order s
         WHERE s.is_treatment_plan AND s.state = 'sale' AND s.patient_id = ANY(%s) AND s.company_id = %s
         GROUP BY s.patient_id
        """,
        [policies.patient_id.ids, company.id],
    )
    plan_of = dict(cr.fetchall())
    Approval = env["dental.dms.approval"].with_context(tracking_disable=True, mail_create_nolog=True)
    vals_list = []
    for policy in policies:
        plan = env["sale.order"].browse(plan_of.get(policy.patient_id.id))
        if not plan:
            continue
        lines = plan.order_line.filtered(lambda ln: not ln.display_type)[:4]
        if not lines:
            continue
        day = today - timedelta(days=rng.randint(1, 60))
        vals_list.append(
            {
                "policy_id": policy.id,
                "plan_id": plan.id,
                "company_id": company.id,
                "state": "requested",
                "request_date": day,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": line.id,
                            "quantity": line.product_uom_qty or 1.0,
                            "price_unit": line.price_unit * 0.9,
                        }
                    )
                    for line in lines
                ],
            }
        )
    approvals = Approval.create(vals_list)
    for approval in approvals:
        answer = rng.random()
        if answer < 0.2:
            continue  # pending
        approval.guarantee_letter = f"GL-{approval.id}"
        if answer < 0.85:
            approval.action_approve_all()
        elif answer < 0.95:
            first = approval.line_ids[0]
            first.write({"decision": "approved", "qty_approved": first.quantity})
            (approval.line_ids - first).write({"decision": "rejected"})
            approval.action_record_answer()
        else:
            approval.action_reject()
    return len(approvals)


def _bulk_services(env, rng, policies, contract, company, services, today):
    """≈2,000 services of the last full month: rows written straight into the table (see the docstring)."""
    cr = env.cr
    first, last = _last_month(today)
    days = (last - first).days + 1
    cr.execute("SELECT id FROM hr_employee WHERE company_id = %s ORDER BY id LIMIT 20", [company.id])
    doctors = [row[0] for row in cr.fetchall()] or [None]
    prices = {service.id: round(service.lst_price * 0.9, -1) or 100.0 for service in services}
    codes = {service.id: service.dental_code or "" for service in services}
    rows = []
    policy_list = list(policies)
    for index in range(REGISTRY_LINES):
        policy = policy_list[index % len(policy_list)]
        product = rng.choice(services.ids)
        total = prices[product]
        copay = round(total * 0.1, 2)
        rows.append(
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1.0, %s, %s, %s, 0, %s, 'to_invoice', %s, 1, 1, now(), now())",
                company.id,
                first + timedelta(days=rng.randrange(days)),
                policy.id,
                policy.patient_id.id,
                contract.id,
                contract.insurer_id.id,
                product,
                codes[product],
                rng.choice(doctors),
                "",
                total,
                total,
                copay,
                total - copay,
                total - copay,
            )
        )
    for start in range(0, len(rows), 500):
        cr.execute(
            SQL(
                """
                INSERT INTO dental_dms_service (company_id, date, policy_id, patient_id, contract_id, insurer_id,
                       product_id, service_code, doctor_id, diagnosis_code, quantity, price_unit, amount_total,
                       amount_copay, amount_excess, amount_insurer, state, dms_debt, create_uid, write_uid,
                       create_date, write_date)
                VALUES %s
                """,
                SQL(", ").join(rows[start : start + 500]),
            )
        )
    return len(rows)


# ---------------------------------------------------------------- operations (measured after ``operations.OPERATIONS``)
class DmsRegistry(Operation):
    """ДМС → Registry → Excel for the bench insurer's last full month (≈2,000 lines)."""

    key, name = "dms_registry", "8. ДМС: an insurer's monthly registry (≈2,000 lines, Excel)"
    runs = 10
    warmup = 2

    def prepare(self, env):
        if "dental.dms.service" not in env:
            self.skipped = "dental_dms not installed"
            return
        insurer = env["res.partner"].search([("name", "=", INSURER_NAME)], limit=1)
        if not insurer:
            self.skipped = "no ДМС data (the generator's dms stage)"
            return
        self.insurer = insurer.id
        self.company = self.bench.main_branch(env)
        self.first, self.last = _last_month(self.bench.today)
        self.counts = {
            "lines": env["dental.dms.service"].search_count(
                [("insurer_id", "=", self.insurer), ("date", ">=", self.first), ("date", "<=", self.last)]
            )
        }

    def call(self, env, index):
        wizard = env["dental.dms.registry.wizard"].create(
            {"insurer_id": self.insurer, "company_id": self.company, "date_from": self.first, "date_to": self.last}
        )
        return wizard._dms_xlsx()

    def floor(self, cr, index):
        """The same result by hand: the rows in one query, then the same workbook written with xlsxwriter (the
        registry's result is an Excel file; writing its 16,000 cells is most of the time and no SQL does it)."""
        cr.execute(
            """
            SELECT s.date, p.name, pol.name, s.service_code, pt.name->>'en_US', s.quantity, s.price_unit, e.name,
                   s.amount_insurer
              FROM dental_dms_service s
              JOIN dental_patient dp ON dp.id = s.patient_id
              JOIN res_partner p ON p.id = dp.partner_id
              JOIN dental_insurance_policy pol ON pol.id = s.policy_id
              JOIN product_product pp ON pp.id = s.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN hr_employee e ON e.id = s.doctor_id
             WHERE s.insurer_id = %s AND s.company_id = %s AND s.date BETWEEN %s AND %s
             ORDER BY s.date, s.patient_id, s.id
            """,
            [self.insurer, self.company, self.first, self.last],
        )
        rows = cr.fetchall()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet("Registry")
        heading = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "bg_color": "#EEEEEE"})
        date_format = workbook.add_format({"num_format": "dd.mm.yyyy", "border": 1})
        money_format = workbook.add_format({"num_format": "#,##0.00", "border": 1})
        cell_format = workbook.add_format({"border": 1})
        sheet.write(0, 0, f"registry {self.first} – {self.last}")
        for col in range(8):
            sheet.write(2, col, f"column {col}", heading)
        for row_index, row in enumerate(rows, start=3):
            sheet.write_datetime(row_index, 0, row[0], date_format)
            for col in (1, 2, 3, 4, 7):
                sheet.write_string(row_index, col, row[col] or "", cell_format)
            sheet.write_number(row_index, 5, row[5], money_format)
            sheet.write_number(row_index, 6, row[6], money_format)
        sheet.write_number(3 + len(rows), 7, sum(row[8] for row in rows), money_format)
        workbook.close()
        return output.getvalue()


class DmsApprovals(Operation):
    """ДМС → Approvals: the list's first page (default order), as the web client reads it."""

    key, name = "dms_approvals", "9. ДМС: approvals list (first page)"

    def prepare(self, env):
        if "dental.dms.approval" not in env:
            self.skipped = "dental_dms not installed"
            return
        self.spec = view_spec(env, "dental.dms.approval", "list")
        self.counts = {"approvals": env["dental.dms.approval"].search_count([])}

    def call(self, env, index):
        return env["dental.dms.approval"].web_search_read(
            [], self.spec, offset=0, limit=80, order="", count_limit=10001
        )

    def floor(self, cr, index):
        """The first page and the number of approvals (the web client's result has both: the list's pager counts
        the approvals past one page), the names of the patient, insurer, policy, plan and the amounts' currency."""
        cr.execute(
            """
            SELECT a.id, a.name, a.request_date, p.name, ins.name, pol.name, so.name, a.guarantee_letter,
                   a.amount_requested, a.amount_approved, a.state, a.company_id, cur.name
              FROM dental_dms_approval a
              JOIN res_currency cur ON cur.id = a.currency_id
              JOIN dental_patient dp ON dp.id = a.patient_id
              JOIN res_partner p ON p.id = dp.partner_id
              JOIN res_partner ins ON ins.id = a.insurer_id
              JOIN dental_insurance_policy pol ON pol.id = a.policy_id
              LEFT JOIN sale_order so ON so.id = a.plan_id
             ORDER BY a.request_date DESC, a.id DESC
             LIMIT 80
            """
        )
        rows = cr.fetchall()
        cr.execute("SELECT count(*) FROM dental_dms_approval")
        return rows, cr.fetchone()[0]


DMS_OPERATIONS = [DmsRegistry, DmsApprovals]
