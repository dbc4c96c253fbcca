"""Cash discipline over JSON-RPC (dental_cash): a closed day is locked for staff, a Director reopens it."""

import datetime
import uuid

import pytest
from conftest import OdooClient, RpcError


def _ref(client, xmlid):
    module, name = xmlid.split(".")
    [row] = client.call(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
    )
    return row["res_id"]


@pytest.fixture
def branch(admin):
    """A fresh branch of the main clinic (no demo day of its own), with a registrar and a patient."""
    suffix = uuid.uuid4().hex[:8]
    main = admin.call("res.users", "read", [admin.uid], fields=["company_id"])[0]["company_id"][0]
    company = admin.call("res.company", "create", {"name": f"E2E cash {suffix}", "parent_id": main})
    registrar = admin.call(
        "res.users",
        "create",
        {
            "name": f"E2E registrar {suffix}",
            "login": f"e2e_cash_{suffix}",
            "password": f"pw-{suffix}",
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [_ref(admin, "dental_patient.group_registrar")])],
        },
    )
    context = {"allowed_company_ids": [company], "lang": "en_US"}  # the messages checked are the English ones
    patient = admin.call(
        "dental.patient", "create", {"last_name": f"Cash{suffix}", "first_name": "Rpc", "company_id": company}
    )
    return {
        "company": company,
        "registrar": registrar,
        "login": f"e2e_cash_{suffix}",
        "password": f"pw-{suffix}",
        "patient": patient,
        "context": context,
    }


def _invoice_vals(admin, branch, day, amount=1000.0):
    partner = admin.call("dental.patient", "read", [branch["patient"]], fields=["partner_id"])[0]["partner_id"][0]
    return {
        "move_type": "out_invoice",
        "partner_id": partner,
        "invoice_date": day,
        "invoice_line_ids": [(0, 0, {"name": "Consultation", "quantity": 1, "price_unit": amount, "tax_ids": []})],
    }


def test_closed_day_is_locked_for_staff_over_rpc(admin, server, branch):
    day = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    ctx = branch["context"]
    registrar = OdooClient(*server)
    registrar.authenticate(branch["login"], branch["password"])
    invoice = registrar.call("account.move", "create", _invoice_vals(admin, branch, day), context=ctx)
    registrar.call("account.move", "action_post", [invoice], context=ctx)
    closing = admin.call("dental.cash.closing", "create", {"company_id": branch["company"], "date": day}, context=ctx)
    # a registrar cannot close the day...
    with pytest.raises(RpcError) as error:
        registrar.call("dental.cash.closing", "action_close", [closing], context=ctx)
    assert error.value.name == "odoo.exceptions.AccessError"
    admin.call("dental.cash.closing", "action_close", [closing], context=ctx)
    # ...nor touch it: invoices, payments of that day or earlier are refused
    for call in (
        lambda: registrar.call("account.move", "button_draft", [invoice], context=ctx),
        lambda: registrar.call("account.move", "button_cancel", [invoice], context=ctx),
        lambda: registrar.call("account.move", "create", _invoice_vals(admin, branch, day), context=ctx),
        lambda: registrar.call(
            "account.move", "write", [invoice], {"invoice_date": datetime.date.today().isoformat()}, context=ctx
        ),
        lambda: registrar.call("dental.cash.closing", "write", [closing], {"state": "open"}, context=ctx),
    ):
        with pytest.raises(RpcError) as error:
            call()
        assert error.value.name in ("odoo.exceptions.UserError", "odoo.exceptions.AccessError")
    wizard = registrar.call(
        "dental.payment.wizard",
        "create",
        {"mode": "deposit", "patient_id": branch["patient"], "cash_amount": 500.0, "date": day},
        context=ctx,
    )
    with pytest.raises(RpcError) as error:
        registrar.call("dental.payment.wizard", "action_confirm", [wizard], context=ctx)
    assert "closed" in error.value.message
    [state] = admin.call("account.move", "read", [invoice], fields=["state"])
    assert state["state"] == "posted"
    # the Director reopens the day with a reason; the registrar may work on it again
    reopen = admin.call(
        "dental.cash.reopen.wizard", "create", {"closing_id": closing, "reason": "E2E correction"}, context=ctx
    )
    admin.call("dental.cash.reopen.wizard", "action_confirm", [reopen], context=ctx)
    [closing_data] = admin.call("dental.cash.closing", "read", [closing], fields=["state", "reopen_reason"])
    assert closing_data == {"id": closing, "state": "open", "reopen_reason": "E2E correction"}
    registrar.call("account.move", "button_draft", [invoice], context=ctx)
    [state] = admin.call("account.move", "read", [invoice], fields=["state"])
    assert state["state"] == "draft"
