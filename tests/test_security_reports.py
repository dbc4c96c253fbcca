"""Reports over JSON-RPC (dental_reports, issue 25): a doctor reads no money report and none of a colleague's
figures, through read, search_read and read_group; a Director reads both doctors'."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, post_invoice, refused

MONEY_REPORTS = ("dental.report.payment", "dental.report.receipt", "dental.report.debt", "dental.ebitda")


@pytest.fixture
def billed(admin, branch, branch_day, make_user):
    """Two doctors of the branch (each a user), one posted invoice of a patient with a line of each doctor."""
    context = branch["context"]
    suffix = uuid.uuid4().hex[:8]
    users = [make_user(["dental_patient.group_doctor"], branch["company"]) for _doctor in range(2)]
    doctors = [
        admin.call(
            "hr.employee",
            "create",
            {"name": f"E2E Dr {index} {suffix}", "company_id": branch["company"], "user_id": user.uid},
            context=context,
        )
        for index, user in enumerate(users)
    ]
    patient = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Rep{suffix}", "first_name": "Rpc", "birth_date": "1980-01-02", "company_id": branch["company"]},
        context=context,
    )
    partner = admin.call("dental.patient", "read", [patient], fields=["partner_id"])[0]["partner_id"][0]
    lines = [
        {"name": "Service", "price_unit": price, "tax_ids": [], "dental_doctor_id": doctor}
        for doctor, price in zip(doctors, (1000.0, 2000.0), strict=True)
    ]
    invoice = post_invoice(admin, partner, lines, context, invoice_date=branch_day())
    return {"users": users, "doctors": doctors, "invoice": invoice}


def test_doctor_reads_no_money_report(billed):
    doctor = billed["users"][0]
    for model in MONEY_REPORTS:
        refused(lambda model=model: doctor.call(model, "search_read", [], fields=["id"]), ACCESS_ERROR, what=model)
        refused(
            lambda model=model: doctor.call(model, "read_group", [], fields=["__count"], groupby=[]),
            ACCESS_ERROR,
            what=model,
        )
    refused(lambda: doctor.call("dental.report.dashboard", "get_data", "2026-01-01", "2026-12-31"), ACCESS_ERROR)


def test_doctor_reads_own_figures_only(admin, billed, branch):
    context = branch["context"]
    doctor, colleague = billed["users"]
    own, other = billed["doctors"]
    domain = [("move_id", "=", billed["invoice"])]
    rows = admin.call("dental.report.service", "search_read", domain, fields=["doctor_id", "amount"], context=context)
    assert sorted((row["doctor_id"][0], row["amount"]) for row in rows) == sorted([(own, 1000.0), (other, 2000.0)])
    colleague_row = next(row["id"] for row in rows if row["doctor_id"][0] == other)
    mine = doctor.call("dental.report.service", "search_read", domain, fields=["doctor_id", "amount"], context=context)
    assert [(row["doctor_id"][0], row["amount"]) for row in mine] == [(own, 1000.0)]
    [group] = doctor.call(
        "dental.report.service", "read_group", domain, fields=["amount:sum"], groupby=[], context=context
    )
    assert group["amount"] == 1000.0
    refused(
        lambda: doctor.call("dental.report.service", "read", [colleague_row], fields=["amount"], context=context),
        ACCESS_ERROR,
    )
    for model in ("dental.report.service", "dental.report.doctor"):
        groups = doctor.call(
            model, "read_group", [("doctor_id", "=", other)], fields=["amount:sum"], groupby=[], context=context
        )
        assert not groups or not groups[0]["amount"], model
    # the colleague sees the other line only
    theirs = colleague.call("dental.report.service", "search_read", domain, fields=["amount"], context=context)
    assert [row["amount"] for row in theirs] == [2000.0]
