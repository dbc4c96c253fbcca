"""Branch scoping of the cash desk over JSON-RPC (dental_cash, issue 13).

Another branch's patient cannot be reached through the tax certificate or the payment dialogs; a shared
patient's money is shown per branch; a lower price or a programme that does not apply is a manual discount.
Tried as every low role.
"""

import uuid

import pytest
from odoo_rpc import post_invoice, refused


@pytest.fixture
def other_branch(admin, branch):
    """Branch A (a sibling of ``branch``) with a patient who owes money and has identity documents."""
    suffix = uuid.uuid4().hex[:8]
    company = admin.call("res.company", "create", {"name": f"E2E branch A {suffix}", "parent_id": branch["parent"]})
    ctx = {"allowed_company_ids": [company], "lang": "en_US"}
    patient = admin.call(
        "dental.patient",
        "create",
        {
            "last_name": f"Alien{suffix}",
            "first_name": "Ivan",
            "company_id": company,
            "inn": "500100732259",
            "id_document_type": "passport_ru",
            "id_document_series": "4512",
            "id_document_number": "345678",
        },
        context=ctx,
    )
    partner = admin.call("dental.patient", "read", [patient], fields=["partner_id"], context=ctx)[0]["partner_id"][0]
    post_invoice(admin, partner, [{"name": "Implant", "price_unit": 40000.0, "tax_ids": []}], ctx)
    return {"company": company, "patient": patient, "partner": partner, "context": ctx}


def test_another_branchs_patient_is_out_of_reach(roles, branch, other_branch, branch_day):
    """No low role of branch B issues a certificate or opens a payment dialog for branch A's patient."""
    alien = other_branch["patient"]
    year = int(branch_day()[:4])
    for role, client in roles.items():
        ctx = client.context
        refused(
            lambda client=client, ctx=ctx: client.call(
                "dental.tax.certificate",
                "create",
                {"patient_id": alien, "taxpayer_id": alien, "year": year},
                context=ctx,
            ),
            what=f"{role}: certificate",
        )
        for mode in ("debt", "deposit", "withdraw"):
            refused(
                lambda client=client, ctx=ctx, mode=mode: client.call(
                    "dental.payment.wizard",
                    "create",
                    {"mode": mode, "patient_id": alien, "cash_amount": 1.0},
                    context=ctx,
                ),
                what=f"{role}: payment dialog ({mode})",
            )
        # the dialog's figures as the web client asks for them (onchange of a new record)
        refused(
            lambda client=client, ctx=ctx: client.call(
                "dental.payment.wizard",
                "onchange",
                [],
                {"mode": "debt", "patient_id": alien},
                ["patient_id"],
                {"mode": {}, "patient_id": {}, "debt": {}, "deposit_available": {}},
                context=ctx,
            ),
            what=f"{role}: dialog figures",
        )
        refused(
            lambda client=client, ctx=ctx: client.call(
                "dental.patient", "read", [alien], fields=["kpi_debt", "dental_deposit"], context=ctx
            ),
            what=f"{role}: card figures",
        )
    # the same calls work on the branch's own patient (registrar)
    registrar = roles["registrar"]
    own = registrar.call(
        "dental.patient",
        "create",
        {"last_name": f"Own{uuid.uuid4().hex[:6]}", "first_name": "Olga"},
        context=registrar.context,
    )
    wizard = registrar.call(
        "dental.payment.wizard",
        "create",
        {"mode": "deposit", "patient_id": own, "cash_amount": 500.0},
        context=registrar.context,
    )
    registrar.call("dental.payment.wizard", "action_confirm", [wizard], context=registrar.context)
    [card] = registrar.call("dental.patient", "read", [own], fields=["dental_deposit"], context=registrar.context)
    assert card["dental_deposit"] == 500.0


def test_shared_patients_money_is_per_branch(admin, roles, branch, other_branch):
    """A patient of the head company owes 40 000 in branch A and 700 in branch B: branch B sees its 700."""
    parent_ctx = {"allowed_company_ids": [branch["parent"]], "lang": "en_US"}
    suffix = uuid.uuid4().hex[:8]
    shared = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Shared{suffix}", "first_name": "Petr", "company_id": branch["parent"]},
        context=parent_ctx,
    )
    partner = admin.call("dental.patient", "read", [shared], fields=["partner_id"])[0]["partner_id"][0]
    for ctx, amount in ((other_branch["context"], 40000.0), (branch["context"], 700.0)):
        post_invoice(admin, partner, [{"name": "Visit", "price_unit": amount, "tax_ids": []}], ctx)
    fields = ["kpi_invoiced", "kpi_debt", "dental_balance"]
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        [card] = client.call("dental.patient", "read", [shared], fields=fields, context=client.context)
        assert (card["kpi_invoiced"], card["kpi_debt"], card["dental_balance"]) == (700.0, 700.0, -700.0), role
        onchange = client.call(
            "dental.payment.wizard",
            "onchange",
            [],
            {"mode": "debt", "patient_id": shared},
            ["patient_id"],
            {"mode": {}, "patient_id": {}, "debt": {}},
            context=client.context,
        )
        assert onchange["value"]["debt"] == 700.0, role
    for role in ("assistant", "no_dental_role", "portal"):
        client = roles[role]
        try:
            [card] = client.call("dental.patient", "read", [shared], fields=fields, context=client.context)
        except Exception as error:  # roles without the card
            assert getattr(error, "name", "").startswith("odoo.exceptions."), error
        else:
            assert card["kpi_debt"] in (0.0, 700.0), role  # never branch A's 40 000


def test_manual_discounts_over_rpc(admin, roles, branch):
    """A lower price or a programme that does not apply to the patient is a manual discount: refused."""
    ctx = branch["context"]
    suffix = uuid.uuid4().hex[:8]
    product = admin.call(
        "product.product",
        "create",
        {"name": f"Filling {suffix}", "type": "service", "list_price": 1000.0, "taxes_id": [(5,)]},
        context=ctx,
    )
    patient = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Disc{suffix}", "first_name": "Anna", "company_id": branch["company"]},
    )
    other = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Other{suffix}", "first_name": "Boris", "company_id": branch["company"]},
    )
    partner = admin.call("dental.patient", "read", [patient], fields=["partner_id"])[0]["partner_id"][0]
    programme = admin.call(
        "loyalty.program",
        "create",
        {
            "name": f"Friends {suffix}",
            "dental_discount": True,
            "dental_discount_value": 30.0,
            "dental_recipient": "patients",
            "dental_patient_ids": [(6, 0, [other])],
        },
        context=ctx,
    )

    def invoice(client, line):
        return client.call(
            "account.move",
            "create",
            {
                "move_type": "out_invoice",
                "partner_id": partner,
                "invoice_line_ids": [(0, 0, {"product_id": product, "quantity": 1, "tax_ids": [], **line})],
            },
            context=client.context,
        )

    bad_lines = (
        {"price_unit": 400.0},  # 60% below the list price
        {"price_unit": 1000.0, "discount": 30.0, "dental_discount_program_id": programme},  # not this patient's
        {"price_unit": -500.0},  # an amount taken off by hand
    )
    for role, client in roles.items():
        for line in bad_lines:
            refused(lambda client=client, line=line: invoice(client, line), what=f"{role}: {line}")
    # within the limit: accepted for the front desk
    registrar = roles["registrar"]
    move = invoice(registrar, {"price_unit": 950.0})
    refused(
        lambda: registrar.call(
            "account.move.line",
            "write",
            registrar.call("account.move", "read", [move], fields=["invoice_line_ids"], context=registrar.context)[0][
                "invoice_line_ids"
            ],
            {"price_unit": 100.0},
            context=registrar.context,
        )
    )
