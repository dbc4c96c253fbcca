"""The cash lock over JSON-RPC (issue 13): server-only states, figures and stamps of the cash summary and the
cash operations, the reconciliation of closed days, the native Register Payment of a branch."""

import pytest
from odoo_rpc import ACCESS_ERROR as ACCESS
from odoo_rpc import USER_ERROR as USER
from odoo_rpc import post_invoice, refused


@pytest.fixture
def desk(admin, branch):
    """The branch's patient, its partner and the helpers to invoice and close days (as the admin, a Director)."""
    ctx = branch["context"]
    patient = admin.call(
        "dental.patient", "create", {"last_name": "Lock", "first_name": "Rpc", "company_id": branch["company"]}
    )
    partner = admin.call("dental.patient", "read", [patient], fields=["partner_id"])[0]["partner_id"][0]

    def invoice(day, amount, move_type="out_invoice"):
        lines = [{"name": "Consultation", "price_unit": amount}]
        return post_invoice(admin, partner, lines, ctx, move_type=move_type, invoice_date=day, date=day)

    def close(day):
        closing = admin.call(
            "dental.cash.closing", "create", {"company_id": branch["company"], "date": day}, context=ctx
        )
        admin.call("dental.cash.closing", "write", [closing], {"counted_cash": 0.0}, context=ctx)  # the cash counted
        admin.call("dental.cash.closing", "action_close", [closing], context=ctx)
        return closing

    def receivable(client, move):
        [line] = client.call(
            "account.move.line",
            "search_read",
            [("move_id", "=", move), ("account_id.account_type", "=", "asset_receivable")],
            fields=["matched_credit_ids", "matched_debit_ids", "amount_residual"],
            context=ctx,
        )
        return line

    return {
        "ctx": ctx,
        "patient": patient,
        "partner": partner,
        "invoice": invoice,
        "close": close,
        "receivable": receivable,
    }


def _pay(client, desk, day, amount, invoice=None):
    wizard = client.call(
        "dental.payment.wizard",
        "create",
        {
            "mode": "pay" if invoice else "deposit",
            "patient_id": desk["patient"],
            "invoice_id": invoice or False,
            "cash_amount": amount,
            "date": day,
        },
        context=desk["ctx"],
    )
    client.call("dental.payment.wizard", "action_confirm", [wizard], context=desk["ctx"])


# ---------------------------------------------------------------------- cash summary
def test_closing_state_figures_and_stamps_only_through_the_actions(admin, roles, branch, desk, branch_day):
    ctx = desk["ctx"]
    day = branch_day(-2)
    _pay(roles["registrar"], desk, day, 500.0)
    forged = {"state": "closed", "cash_closing": 999999.0, "closed_by_id": roles["senior_registrar"].uid}
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        for vals in (forged, {"cash_closing": 1.0}, {"closed_on": "2020-01-01 10:00:00"}):
            refused(
                lambda c=client, v=vals: c.call(
                    "dental.cash.closing", "create", {"company_id": branch["company"], "date": day, **v}, context=ctx
                ),
                ACCESS,
            )
    senior = roles["senior_registrar"]
    # a default_state of the context does not close the day either
    closing = senior.call(
        "dental.cash.closing",
        "create",
        {"company_id": branch["company"], "date": day},
        context={**ctx, "default_state": "closed", "default_cash_closing": 7.0},
    )
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        for vals in (
            forged,
            {"state": "closed"},
            {"cash_opening": 1.0},
            {"reopen_reason": "x"},
            {"date": branch_day(-3)},
        ):
            refused(lambda c=client, v=vals: c.call("dental.cash.closing", "write", [closing], v, context=ctx), ACCESS)
    refused(lambda: roles["registrar"].call("dental.cash.closing", "action_close", [closing], context=ctx), ACCESS)
    [data] = admin.call("dental.cash.closing", "read", [closing], fields=["state", "cash_closing"])
    assert data["state"] == "open" and data["cash_closing"] == 500.0
    # the senior registrar closes through the action: figures recomputed, stamps of the server
    _pay(roles["registrar"], desk, day, 200.0)
    senior.call("dental.cash.closing", "write", [closing], {"counted_cash": 700.0}, context=ctx)
    senior.call("dental.cash.closing", "action_close", [closing], context=ctx)
    [data] = admin.call(
        "dental.cash.closing", "read", [closing], fields=["state", "cash_closing", "difference", "closed_by_id"]
    )
    assert data["state"] == "closed" and data["cash_closing"] == 700.0 and data["difference"] == 0.0
    assert data["closed_by_id"][0] == senior.uid
    for vals in ({"state": "open"}, {"cash_closing": 1.0}, {"closed_by_id": admin.uid}):
        refused(lambda v=vals: senior.call("dental.cash.closing", "write", [closing], v, context=ctx), ACCESS)
    refused(lambda: senior.call("dental.cash.closing", "write", [closing], {"counted_cash": 1.0}, context=ctx), USER)
    # the next day opens with the computed cash
    next_day = admin.call(
        "dental.cash.closing", "create", {"company_id": branch["company"], "date": branch_day(-1)}, context=ctx
    )
    [data] = admin.call("dental.cash.closing", "read", [next_day], fields=["cash_opening"])
    assert data["cash_opening"] == 700.0


def test_low_roles_have_no_cash_summary_or_operations(roles, branch, branch_day):
    ctx = branch["context"]
    for role in ("assistant", "no_dental_role", "portal"):
        client = roles[role]
        for model in ("dental.cash.closing", "dental.cash.operation"):
            refused(lambda c=client, m=model: c.call(m, "search_read", [], fields=["state"], context=ctx), ACCESS)
        refused(
            lambda c=client: c.call(
                "dental.cash.closing", "create", {"company_id": branch["company"], "date": branch_day()}, context=ctx
            ),
            ACCESS,
        )
        refused(lambda c=client: c.call("dental.cash.closing", "action_open_today", context=ctx), ACCESS)


# ---------------------------------------------------------------------- cash operations
def test_cash_operation_state_and_entries_only_through_the_actions(admin, roles, ref, desk, branch_day):
    ctx = desk["ctx"]
    category = ref("dental_cash.category_office")
    vals = {"kind": "expense", "category_id": category, "amount": 150.0, "description": "Paper", "date": branch_day()}
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        refused(
            lambda c=client: c.call("dental.cash.operation", "create", {**vals, "state": "posted"}, context=ctx), ACCESS
        )
        operation = client.call(
            "dental.cash.operation", "create", vals, context={**ctx, "default_state": "posted", "default_name": "X"}
        )
        [data] = client.call("dental.cash.operation", "read", [operation], fields=["state", "move_id", "name"])
        assert data["state"] == "draft" and not data["move_id"] and data["name"] == "/"
        other = admin.call("account.move", "search", [("move_type", "=", "entry")], limit=1, context=ctx)
        for forged in ({"state": "posted"}, {"move_id": other[0] if other else 1}, {"state": "cancel"}):
            refused(
                lambda c=client, f=forged, o=operation: c.call("dental.cash.operation", "write", [o], f, context=ctx),
                ACCESS,
            )
        client.call("dental.cash.operation", "action_post", [operation], context=ctx)
        [data] = client.call("dental.cash.operation", "read", [operation], fields=["state", "move_id"])
        assert data["state"] == "posted" and data["move_id"]
        for forged in ({"state": "draft"}, {"move_id": False}, {"reversal_move_id": data["move_id"][0]}):
            refused(
                lambda c=client, f=forged, o=operation: c.call("dental.cash.operation", "write", [o], f, context=ctx),
                ACCESS,
            )
        # the entry's link to its operation is the server's as well
        refused(
            lambda c=client, d=data: c.call(
                "account.move", "write", [d["move_id"][0]], {"dental_cash_operation_id": False}, context=ctx
            ),
            ACCESS,
            USER,
        )
        client.call("dental.cash.operation", "action_cancel", [operation], context=ctx)
        [data] = client.call("dental.cash.operation", "read", [operation], fields=["state", "reversal_move_id"])
        assert data["state"] == "cancel" and data["reversal_move_id"]


# ---------------------------------------------------------------------- reconciliation
def test_closed_day_reconciliation_is_locked(admin, roles, desk, branch_day):
    ctx = desk["ctx"]
    day = branch_day(-2)
    paid = desk["invoice"](day, 1000.0)
    _pay(roles["registrar"], desk, day, 1000.0, invoice=paid)
    still_open = desk["invoice"](day, 700.0)
    desk["close"](day)
    line = desk["receivable"](admin, paid)
    [partial] = line["matched_credit_ids"]
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        for call in (
            lambda c=client: c.call("account.partial.reconcile", "unlink", [partial], context=ctx),
            lambda c=client: c.call("account.partial.reconcile", "write", [partial], {"amount": 1.0}, context=ctx),
            lambda c=client: c.call("account.move.line", "remove_move_reconcile", [line["id"]], context=ctx),
            lambda c=client: c.call("account.move", "js_remove_outstanding_partial", [paid], partial, context=ctx),
        ):
            refused(call, USER)
    assert desk["receivable"](admin, paid)["amount_residual"] == 0.0
    # a credit note of today does not cancel the closed day's open invoice
    credit_note = roles["registrar"].call(
        "account.move",
        "create",
        {
            "move_type": "out_refund",
            "partner_id": desk["partner"],
            "invoice_date": branch_day(),
            "invoice_line_ids": [(0, 0, {"name": "Consultation", "quantity": 1, "price_unit": 700.0})],
        },
        context=ctx,
    )
    roles["registrar"].call("account.move", "action_post", [credit_note], context=ctx)
    credit_line = desk["receivable"](admin, credit_note)["id"]
    open_line = desk["receivable"](admin, still_open)["id"]
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        for call in (
            lambda c=client: c.call(
                "account.move", "js_assign_outstanding_line", [still_open], credit_line, context=ctx
            ),
            lambda c=client: c.call("account.move.line", "reconcile", [open_line, credit_line], context=ctx),
            lambda c=client: c.call(
                "account.partial.reconcile",
                "create",
                {
                    "debit_move_id": open_line,
                    "credit_move_id": credit_line,
                    "amount": 700.0,
                    "debit_amount_currency": 700.0,
                    "credit_amount_currency": 700.0,
                },
                context=ctx,
            ),
        ):
            refused(call, USER)
    assert desk["receivable"](admin, still_open)["amount_residual"] == 700.0
    # paying the closed day's open invoice today works, with the native Register Payment
    registrar = roles["registrar"]
    wizard = registrar.call(
        "account.payment.register",
        "create",
        {},
        context={**ctx, "active_model": "account.move", "active_ids": [still_open]},
    )
    registrar.call(
        "account.payment.register",
        "action_create_payments",
        [wizard],
        context={**ctx, "active_model": "account.move", "active_ids": [still_open]},
    )
    assert desk["receivable"](admin, still_open)["amount_residual"] == 0.0


def test_register_payment_of_a_branch_invoice(admin, roles, branch, desk, branch_day):
    ctx = desk["ctx"]
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        invoice = desk["invoice"](branch_day(), 900.0)
        wizard_ctx = {**ctx, "active_model": "account.move", "active_ids": [invoice]}
        wizard = client.call("account.payment.register", "create", {}, context=wizard_ctx)
        [data] = client.call(
            "account.payment.register", "read", [wizard], fields=["journal_id", "available_journal_ids"], context=ctx
        )
        journals = admin.call(
            "account.journal",
            "read",
            data["available_journal_ids"],
            fields=["company_id", "dental_payment_kind"],
            context=ctx,
        )
        assert {j["company_id"][0] for j in journals} == {branch["company"]}
        assert {"cash", "card", "bank"} <= {j["dental_payment_kind"] for j in journals}
        [cash] = [j for j in journals if j["dental_payment_kind"] == "cash"]
        assert data["journal_id"][0] == cash["id"]
        client.call("account.payment.register", "action_create_payments", [wizard], context=wizard_ctx)
        [state] = admin.call("account.move", "read", [invoice], fields=["payment_state"])
        assert state["payment_state"] in ("paid", "in_payment")
