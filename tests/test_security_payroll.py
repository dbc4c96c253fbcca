"""Pay over JSON-RPC (dental_payroll, issue 24): a doctor reads their own running earnings and nothing of a
colleague's pay (payslips, batches, contracts, paid procedures); Directors see all pay."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, post_invoice, refused


@pytest.fixture
def payroll(admin, ref, make_user, branch, branch_day):
    """Two doctors of the branch under contract, a paid procedure of each, the month's batch computed."""
    context = branch["context"]
    suffix = uuid.uuid4().hex[:8]
    structure = ref("dental_payroll.structure_dental")
    [company] = admin.call("res.company", "read", [branch["company"]], fields=["resource_calendar_id"])
    category = admin.call("product.category", "create", {"name": f"E2E therapy {suffix}"})
    service = admin.call(
        "product.product",
        "create",
        {"name": f"E2E filling {suffix}", "type": "service", "categ_id": category, "taxes_id": [(6, 0, [])]},
    )
    partner = admin.call("res.partner", "create", {"name": f"E2E patient {suffix}"}, context=context)
    doctors = []
    for name in ("Own", "Colleague"):
        user = make_user(["dental_patient.group_doctor"], branch["company"], name=f"E2E Dr {name} {suffix}")
        employee = admin.call(
            "hr.employee",
            "create",
            {"name": f"E2E Dr {name} {suffix}", "company_id": branch["company"], "user_id": user.uid},
            context=context,
        )
        contract = admin.call(
            "hr.contract",
            "create",
            {
                "name": f"E2E {name}",
                "employee_id": employee,
                "company_id": branch["company"],
                "date_start": branch_day()[:8] + "01",
                "state": "open",
                "wage": 30000,
                "struct_id": structure,
                "resource_calendar_id": company["resource_calendar_id"][0],
                "dental_share_rule_ids": [(0, 0, {"categ_id": category, "percent": 40})],
            },
            context=context,
        )
        line = {"product_id": service, "price_unit": 5000, "tax_ids": [(6, 0, [])], "dental_doctor_id": employee}
        invoice = post_invoice(admin, partner, [line], context, invoice_date=branch_day())
        pay_context = {**context, "active_model": "account.move", "active_ids": [invoice]}
        wizard = admin.call("account.payment.register", "create", {"payment_date": branch_day()}, context=pay_context)
        admin.call("account.payment.register", "action_create_payments", [wizard], context=pay_context)
        doctors.append({"user": user, "employee": employee, "contract": contract})
    today = branch_day()
    run = admin.call(
        "hr.payslip.run",
        "create",
        {"name": f"E2E {suffix}", "company_id": branch["company"], "date_start": today[:8] + "01", "date_end": today},
        context=context,
    )
    admin.call("hr.payslip.run", "action_dental_generate", [run], context=context)
    slips = admin.call("hr.payslip", "search_read", [("payslip_run_id", "=", run)], fields=["employee_id"])
    by_employee = {slip["employee_id"][0]: slip["id"] for slip in slips}
    return {"doctors": doctors, "run": run, "slips": by_employee}


def test_doctor_reads_own_earnings_and_nothing_of_a_colleague(payroll):
    own, colleague = payroll["doctors"]
    client = own["user"]
    earnings = client.call("dental.payroll.my.earnings", "create", {}, context=client.context)
    [figures] = client.call(
        "dental.payroll.my.earnings",
        "read",
        [earnings],
        fields=["employee_id", "revenue", "share"],
        context=client.context,
    )
    assert figures["employee_id"][0] == own["employee"]
    assert (figures["revenue"], figures["share"]) == (5000.0, 2000.0)  # 40% of 5 000
    rows = client.call(
        "dental.payroll.revenue", "search_read", [], fields=["employee_id", "amount"], context=client.context
    )
    assert {row["employee_id"][0] for row in rows} == {own["employee"]}
    colleague_slip = payroll["slips"][colleague["employee"]]
    for call in (
        lambda: client.call("hr.payslip", "read", [colleague_slip], fields=["name"]),
        lambda: client.call("hr.payslip", "search_read", [], fields=["name"]),
        lambda: client.call("hr.payslip.line", "search_read", [], fields=["total"]),
        lambda: client.call("hr.payslip.run", "read", [payroll["run"]], fields=["name"]),
        lambda: client.call("hr.contract", "read", [colleague["contract"]], fields=["wage"]),
        lambda: client.call("dental.payroll.share.rule", "search_read", [], fields=["percent"]),
        lambda: client.call("hr.payslip.run", "action_dental_recompute", [payroll["run"]]),
    ):
        refused(call, ACCESS_ERROR)


def test_director_sees_every_payslip(payroll, make_user, branch):
    director = make_user(["dental_patient.group_director"], branch["company"])
    slips = director.call(
        "hr.payslip",
        "search_read",
        [("payslip_run_id", "=", payroll["run"])],
        fields=["employee_id"],
        context=director.context,
    )
    assert {slip["employee_id"][0] for slip in slips} == {d["employee"] for d in payroll["doctors"]}


@pytest.mark.parametrize("role", ["registrar", "senior_registrar", "assistant", "doctor", "director"])
def test_no_role_rewrites_the_revenue_ledger(role, payroll, roles, make_user, branch, admin):
    """The paid procedures' ledger is written by the server only: no role moves a row's "Counted On"
    (``payroll_date``, the month a payslip counts it in), creates or deletes a row over RPC, its own row included."""
    own = payroll["doctors"][0]
    if role == "doctor":
        client = own["user"]
    elif role == "director":
        client = make_user(["dental_patient.group_director"], branch["company"])
    else:
        client = roles[role]
    fields = ["payroll_date", "date", "amount", "employee_id"]
    rows = admin.call("dental.payroll.revenue", "search_read", [("employee_id", "=", own["employee"])], fields=fields)
    assert rows
    ids = [row["id"] for row in rows]
    context = client.context
    for what, call in (
        ("write", lambda: client.call("dental.payroll.revenue", "write", ids, {"payroll_date": "2000-01-01"})),
        ("write own", lambda: client.call("dental.payroll.revenue", "write", ids[:1], {"payroll_date": False})),
        (
            "create",
            lambda: client.call(
                "dental.payroll.revenue",
                "create",
                {
                    "employee_id": own["employee"],
                    "role": "doctor",
                    "date": rows[0]["date"],
                    "payroll_date": "2000-01-01",
                    "company_id": branch["company"],
                    "amount": 1_000_000,
                },
                context=context,
            ),
        ),
        ("unlink", lambda: client.call("dental.payroll.revenue", "unlink", ids)),
    ):
        refused(call, ACCESS_ERROR, what=f"{role} {what}")
    after = admin.call("dental.payroll.revenue", "search_read", [("employee_id", "=", own["employee"])], fields=fields)
    assert after == rows
