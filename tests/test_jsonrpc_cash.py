"""Cash discipline over JSON-RPC (dental_cash): a closed day is locked for staff, a Director reopens it."""

import uuid

import pytest
from odoo_rpc import RpcError


@pytest.fixture
def cash_branch(admin, branch, make_user):
    """A fresh branch of the main clinic (no demo day of its own), with a registrar and a patient."""
    registrar = make_user(["dental_patient.group_registrar"], branch["company"])
    patient = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Cash{uuid.uuid4().hex[:8]}", "first_name": "Rpc", "company_id": branch["company"]},
    )
    return dict(branch, registrar=registrar, patient=patient)


def _invoice_vals(admin, branch, day, amount=1000.0):
    partner = admin.call("dental.patient", "read", [branch["patient"]], fields=["partner_id"])[0]["partner_id"][0]
    return {
        "move_type": "out_invoice",
        "partner_id": partner,
        "invoice_date": day,
        "invoice_line_ids": [(0, 0, {"name": "Consultation", "quantity": 1, "price_unit": amount, "tax_ids": []})],
    }


def test_closed_day_is_locked_for_staff_over_rpc(admin, cash_branch, branch_day):
    branch = cash_branch
    day = branch_day(-2)
    ctx = branch["context"]
    registrar = branch["registrar"]
    invoice = registrar.call("account.move", "create", _invoice_vals(admin, branch, day), context=ctx)
    registrar.call("account.move", "action_post", [invoice], context=ctx)
    closing = admin.call("dental.cash.closing", "create", {"company_id": branch["company"], "date": day}, context=ctx)
    # a registrar cannot close the day...
    with pytest.raises(RpcError) as error:
        registrar.call("dental.cash.closing", "action_close", [closing], context=ctx)
    assert error.value.name == "odoo.exceptions.AccessError"
    admin.call("dental.cash.closing", "write", [closing], {"counted_cash": 0.0}, context=ctx)  # the cash counted
    admin.call("dental.cash.closing", "action_close", [closing], context=ctx)
    # ...nor touch it: invoices, payments of that day or earlier are refused
    for call in (
        lambda: registrar.call("account.move", "button_draft", [invoice], context=ctx),
        lambda: registrar.call("account.move", "button_cancel", [invoice], context=ctx),
        lambda: registrar.call("account.move", "create", _invoice_vals(admin, branch, day), context=ctx),
        lambda: registrar.call("account.move", "write", [invoice], {"invoice_date": branch_day()}, context=ctx),
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
