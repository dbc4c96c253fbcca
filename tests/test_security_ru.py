"""Correction receipts over JSON-RPC (dental_ru, 54-ФЗ art. 4.1): a registrar or a doctor neither opens nor
confirms the correction wizard (no access to it; ``action_confirm`` checks the senior group too) and no receipt is
queued; a senior registrar (cash manager) and a Director issue one."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, post_invoice, refused


@pytest.fixture
def paid(admin, branch, branch_day):
    """A posted payment of a patient's invoice in ``branch``, whose cloud cash register (never reached: the
    server's crons are off, the receipts stay queued) makes its receipts."""
    installed = admin.call(
        "ir.module.module", "search_count", [("name", "=", "dental_ru"), ("state", "=", "installed")]
    )
    if not installed:
        pytest.skip("dental_ru is not installed in this database")
    context = branch["context"]
    suffix = uuid.uuid4().hex[:8]
    admin.call(
        "dental.ru.cash.register",
        "create",
        {
            "name": f"E2E register {suffix}",
            "company_id": branch["company"],
            "endpoint": "http://127.0.0.1:9",
            "login": "e2e",
            "password": "e2e",
            "group_code": "e2e",
            "inn": "7707083893",
            "payment_address": "https://clinic.example.com",
            "max_retries": 0,
        },
        context=context,
    )
    partner = admin.call("res.partner", "create", {"name": f"E2E patient {suffix}"}, context=context)
    line = {"name": "Consultation", "price_unit": 1500, "tax_ids": []}
    invoice = post_invoice(admin, partner, [line], context, invoice_date=branch_day())
    pay_context = {**context, "active_model": "account.move", "active_ids": [invoice]}
    wizard = admin.call("account.payment.register", "create", {"payment_date": branch_day()}, context=pay_context)
    admin.call("account.payment.register", "action_create_payments", [wizard], context=pay_context)
    [payment] = admin.call(
        "account.payment", "search", [("partner_id", "=", partner), ("company_id", "=", branch["company"])]
    )
    return {"payment": payment, "context": context}


def _receipts(admin, payment):
    return admin.call(
        "dental.ru.fiscal.receipt",
        "search_read",
        [("payment_id", "=", payment)],
        fields=["operation", "correction_base_number", "amount"],
    )


def _wizard_vals(payment, number):
    return {"payment_id": payment, "correction_type": "self", "base_number": number}


@pytest.mark.parametrize("role", ["registrar", "doctor"])
def test_low_roles_issue_no_correction_receipt(role, admin, roles, make_user, branch, paid):
    client = make_user(["dental_patient.group_doctor"], branch["company"]) if role == "doctor" else roles[role]
    payment, context = paid["payment"], client.context
    before = _receipts(admin, payment)
    refused(
        lambda: client.call("account.payment", "action_dental_correction_receipt", [payment], context=context),
        ACCESS_ERROR,
        what=f"{role} opens the wizard",
    )
    refused(
        lambda: client.call(
            "dental.ru.correction.wizard", "create", _wizard_vals(payment, f"E2E-{role}"), context=context
        ),
        ACCESS_ERROR,
        what=f"{role} creates the wizard",
    )
    # a wizard of a senior's, confirmed by the low role: refused as well
    senior = roles["senior_registrar"]
    wizard = senior.call(
        "dental.ru.correction.wizard", "create", _wizard_vals(payment, f"E2E-{role}"), context=senior.context
    )
    refused(
        lambda: client.call("dental.ru.correction.wizard", "action_confirm", [wizard], context=context),
        ACCESS_ERROR,
        what=f"{role} confirms the wizard",
    )
    after = _receipts(admin, payment)
    assert after == before
    assert not [r for r in after if r["operation"].endswith("correction")]


@pytest.mark.parametrize("groups", [["dental_cash.group_cash_senior"], ["dental_patient.group_director"]])
def test_senior_and_director_issue_a_correction_receipt(groups, admin, make_user, branch, paid):
    client = make_user(groups, branch["company"])
    payment = paid["payment"]
    number = f"E2E-{uuid.uuid4().hex[:6]}"
    action = client.call("account.payment", "action_dental_correction_receipt", [payment], context=client.context)
    assert action["res_model"] == "dental.ru.correction.wizard"
    context = {**client.context, **action["context"]}
    wizard = client.call("dental.ru.correction.wizard", "create", {"base_number": number}, context=context)
    client.call("dental.ru.correction.wizard", "action_confirm", [wizard], context=context)
    corrections = [r for r in _receipts(admin, payment) if r["correction_base_number"] == number]
    assert [(r["operation"], r["amount"]) for r in corrections] == [("sell_correction", 1500.0)]
