"""ДМС over JSON-RPC (dental_dms, issue 20): the attacker of docs/security.md with the lowest roles reaching each
ДМС model (registrar, doctor, assistant, coordinator, a registrar of another branch) tries to create, change or
delete policies and approvals, forge an approval's status or guarantee letter, approve a request they sent
themselves without the insurer's answer, bill the insurer a procedure it did not approve, invoice the insurer,
and read another branch's approvals; every ДМС wizard is tried too."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, USER_ERROR, VALIDATION_ERROR, refused

CLINICAL = ("doctor", "assistant", "coordinator")
GROUPS = {
    "registrar": "dental_patient.group_registrar",
    "doctor": "dental_patient.group_doctor",
    "assistant": "dental_patient.group_assistant",
    "coordinator": "dental_patient.group_coordinator",
}


@pytest.fixture
def dms(admin, ref, branch, make_user):
    """An insurer covering a filling (its price list: 4,000, 10 % co-payment), a patient of ``branch`` with a
    policy and an approved plan of a filling and an implant, a draft approval request of both; one client per
    role in ``branch`` and a registrar of a sibling branch."""
    suffix = uuid.uuid4().hex[:8]
    ctx = branch["context"]
    category = admin.call("product.category", "create", {"name": f"E2E ДМС therapy {suffix}"})
    other_category = admin.call("product.category", "create", {"name": f"E2E ДМС other {suffix}"})
    filling, implant, consult = (
        admin.call(
            "product.product",
            "create",
            {"name": f"E2E {name} {suffix}", "is_dental_service": True, "list_price": price, "categ_id": categ},
        )
        for name, price, categ in (
            ("filling", 5000, category),
            ("implant", 40000, category),
            ("consultation", 1000, other_category),
        )
    )
    insurer = admin.call(
        "res.partner", "create", {"name": f"E2E Insurer {suffix}", "is_company": True, "dental_is_insurer": True}
    )
    pricelist = admin.call(
        "product.pricelist",
        "create",
        {
            "name": f"E2E ДМС prices {suffix}",
            "company_id": False,
            "item_ids": [
                (0, 0, {"applied_on": "0_product_variant", "product_id": product, "fixed_price": price})
                for product, price in ((filling, 4000.0), (implant, 30000.0), (consult, 900.0))
            ],
        },
    )
    contract = admin.call(
        "dental.dms.contract",
        "create",
        {
            "name": f"E2E programme {suffix}",
            "insurer_id": insurer,
            "date_start": "2020-01-01",
            "pricelist_id": pricelist,
            "category_ids": [(6, 0, [category])],
            "copay_percent": 10.0,
        },
    )

    def patient_with_policy(name, company, context):
        patient = admin.call(
            "dental.patient", "create", {"last_name": name, "first_name": "Rpc", "company_id": company}, context=context
        )
        policy = admin.call(
            "dental.insurance.policy",
            "create",
            {
                "name": f"P-{name}",
                "patient_id": patient,
                "contract_id": contract,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
            },
            context=context,
        )
        return patient, policy

    patient, policy = patient_with_policy(f"Dms{suffix}", branch["company"], ctx)
    patient_2, policy_2 = patient_with_policy(f"Dmsb{suffix}", branch["company"], ctx)
    tooth = ref("dental_chart.tooth_36")
    plan = admin.call(
        "sale.order",
        "create",
        {
            "patient_id": patient,
            "company_id": branch["company"],
            "order_line": [
                (0, 0, {"product_id": product, "tooth_ids": [(6, 0, [tooth])], "tax_id": [(6, 0, [])]})
                for product in (filling, implant, consult)
            ],
        },
        context=ctx,
    )
    admin.call("sale.order", "action_dental_approve", [plan], context=ctx)
    lines = admin.call("sale.order", "read", [plan], fields=["order_line"], context=ctx)[0]["order_line"]
    approval = admin.call("sale.order", "action_dental_dms_request_approval", [plan], context=ctx)["res_id"]
    sibling = admin.call("res.company", "create", {"name": f"E2E ДМС sibling {suffix}", "parent_id": branch["parent"]})
    clients = {role: make_user([group], branch["company"]) for role, group in GROUPS.items()}
    clients["other_branch"] = make_user(["dental_patient.group_registrar"], sibling)
    return {
        "ctx": ctx,
        "company": branch["company"],
        "insurer": insurer,
        "contract": contract,
        "products": {"filling": filling, "implant": implant, "consult": consult},
        "patient": patient,
        "policy": policy,
        "policy_2": policy_2,
        "patient_2": patient_2,
        "plan": plan,
        "lines": dict(zip(("filling", "implant", "consult"), lines, strict=True)),
        "approval": approval,
        "clients": clients,
    }


def _approval(admin, dms, fields=("state", "request_date", "answer_date", "guarantee_letter")):
    return admin.call("dental.dms.approval", "read", [dms["approval"]], fields=list(fields), context=dms["ctx"])[0]


def _approval_lines(admin, dms):
    rows = admin.call(
        "dental.dms.approval.line",
        "search_read",
        [("approval_id", "=", dms["approval"])],
        fields=["sale_line_id", "decision", "qty_approved"],
        context=dms["ctx"],
    )
    return {row["sale_line_id"][0]: row for row in rows}


def _answer(client, dms, letter="GL-E2E"):
    """The registrar records the insurer's answer: the filling approved, the implant rejected."""
    ctx = dms["ctx"]
    client.call("dental.dms.approval", "action_mark_requested", [dms["approval"]], context=ctx)
    client.call("dental.dms.approval", "write", [dms["approval"]], {"guarantee_letter": letter}, context=ctx)
    lines = _approval_lines(client, dms)
    client.call(
        "dental.dms.approval.line",
        "write",
        [lines[dms["lines"]["filling"]]["id"]],
        {"decision": "approved", "qty_approved": 1.0},
        context=ctx,
    )
    client.call(
        "dental.dms.approval.line",
        "write",
        [lines[dms["lines"]["implant"]]["id"]],
        {"decision": "rejected"},
        context=ctx,
    )
    client.call("dental.dms.approval", "action_record_answer", [dms["approval"]], context=ctx)


def test_approval_status_cannot_be_forged(admin, dms):
    registrar, ctx = dms["clients"]["registrar"], dms["ctx"]
    approval = dms["approval"]
    vals = {"policy_id": dms["policy"], "plan_id": dms["plan"], "company_id": dms["company"]}
    # the status and its dates: never from a client, on create, write or through a default_ key
    for forged in ({"state": "approved"}, {"state": "partial"}, {"request_date": "2020-01-01"}):
        refused(
            lambda f=forged: registrar.call("dental.dms.approval", "create", {**vals, **f}, context=ctx), ACCESS_ERROR
        )
        refused(
            lambda f=forged: registrar.call("dental.dms.approval", "write", [approval], f, context=ctx), ACCESS_ERROR
        )
    created = registrar.call("dental.dms.approval", "create", vals, context={**ctx, "default_state": "approved"})
    assert (
        registrar.call("dental.dms.approval", "read", [created], fields=["state"], context=ctx)[0]["state"] == "draft"
    )
    # approving one's own draft: no answer before the request reaches the insurer
    lines = _approval_lines(registrar, dms)
    filling = lines[dms["lines"]["filling"]]["id"]
    refused(
        lambda: registrar.call(
            "dental.dms.approval.line", "write", [filling], {"decision": "approved", "qty_approved": 1}, context=ctx
        ),
        USER_ERROR,
    )
    refused(lambda: registrar.call("dental.dms.approval", "action_approve_all", [approval], context=ctx), USER_ERROR)
    # an approved line slipped into the request, before or after it is sent
    line_vals = {"approval_id": approval, "sale_line_id": dms["lines"]["filling"], "decision": "approved"}
    refused(lambda: registrar.call("dental.dms.approval.line", "create", {**line_vals, "qty_approved": 1}), USER_ERROR)
    registrar.call("dental.dms.approval", "action_mark_requested", [approval], context=ctx)
    refused(
        lambda: registrar.call(
            "dental.dms.approval.line",
            "create",
            {"approval_id": approval, "sale_line_id": dms["lines"]["filling"]},
            context=ctx,
        ),
        USER_ERROR,
    )
    # approved without the insurer's guarantee letter
    refused(lambda: registrar.call("dental.dms.approval", "action_approve_all", [approval], context=ctx), USER_ERROR)
    # the request's subject moved to another patient's policy once sent
    refused(
        lambda: registrar.call("dental.dms.approval", "write", [approval], {"policy_id": dms["policy_2"]}, context=ctx),
        USER_ERROR,
    )
    assert _approval(admin, dms)["state"] == "requested"
    assert {row["decision"] for row in _approval_lines(admin, dms).values()} == {"pending"}


def test_uncovered_procedure_is_not_sent(dms):
    registrar, ctx = dms["clients"]["registrar"], dms["ctx"]
    refused(
        lambda: registrar.call(
            "dental.dms.approval",
            "create",
            {
                "policy_id": dms["policy"],
                "plan_id": dms["plan"],
                "company_id": dms["company"],
                "line_ids": [(0, 0, {"sale_line_id": dms["lines"]["consult"], "price_unit": 900})],
            },
            context=ctx,
        ),
        VALIDATION_ERROR,
    )


def test_clinical_roles_and_other_branch_change_nothing(admin, dms):
    ctx, approval = dms["ctx"], dms["approval"]
    lines = _approval_lines(admin, dms)
    line = lines[dms["lines"]["filling"]]["id"]
    for role in CLINICAL:
        client = dms["clients"][role]
        # they read the approvals of their branch...
        assert (
            client.call("dental.dms.approval", "read", [approval], fields=["state"], context=ctx)[0]["state"] == "draft"
        )
        # ...and change none of them, nor policies
        for call in (
            lambda c=client: c.call("dental.dms.approval", "write", [approval], {"note": "x"}, context=ctx),
            lambda c=client: c.call(
                "dental.dms.approval",
                "create",
                {"policy_id": dms["policy"], "plan_id": dms["plan"], "company_id": dms["company"]},
                context=ctx,
            ),
            lambda c=client: c.call("dental.dms.approval", "unlink", [approval], context=ctx),
            lambda c=client: c.call("dental.dms.approval", "action_mark_requested", [approval], context=ctx),
            lambda c=client: c.call(
                "dental.dms.approval",
                "message_post",
                [approval],
                body="sent",
                context={**ctx, "dental_dms_mark_requested": True},
            ),
            lambda c=client: c.call("dental.dms.approval.line", "write", [line], {"quantity": 3}, context=ctx),
            lambda c=client: c.call(
                "dental.insurance.policy", "write", [dms["policy"]], {"active": False}, context=ctx
            ),
            lambda c=client: c.call("dental.insurance.policy", "unlink", [dms["policy"]], context=ctx),
            lambda c=client: c.call(
                "dental.insurance.policy",
                "create",
                {"name": "FORGED", "patient_id": dms["patient"], "contract_id": dms["contract"]},
                context=ctx,
            ),
            lambda c=client: c.call(
                "dental.dms.contract", "write", [dms["contract"]], {"copay_percent": 0}, context=ctx
            ),
            lambda c=client: c.call(
                "dental.dms.registry.wizard",
                "create",
                {"insurer_id": dms["insurer"], "company_id": dms["company"]},
                context=ctx,
            ),
        ):
            refused(call, ACCESS_ERROR, what=role)
    # a registrar of another branch neither finds nor reads nor answers this branch's approvals
    outsider = dms["clients"]["other_branch"]
    assert outsider.call("dental.dms.approval", "search_read", [("id", "=", approval)], fields=["name"]) == []
    assert (
        outsider.call("dental.dms.approval.line", "search_read", [("approval_id", "=", approval)], fields=["id"]) == []
    )
    for call in (
        lambda: outsider.call("dental.dms.approval", "read", [approval], fields=["guarantee_letter"]),
        lambda: outsider.call("dental.dms.approval.line", "read", [line], fields=["decision"]),
        lambda: outsider.call("dental.dms.approval", "write", [approval], {"guarantee_letter": "X"}),
        lambda: outsider.call("dental.dms.approval", "action_mark_requested", [approval]),
        lambda: outsider.call("dental.insurance.policy", "read", [dms["policy"]], fields=["name"]),
    ):
        refused(call, ACCESS_ERROR, what="other branch")
    # the registrar deletes a draft request, never a policy
    registrar = dms["clients"]["registrar"]
    refused(lambda: registrar.call("dental.insurance.policy", "unlink", [dms["policy"]], context=ctx), ACCESS_ERROR)
    assert _approval(admin, dms)["state"] == "draft"


def test_insurer_billed_for_approved_procedures_only(admin, dms):
    registrar, ctx = dms["clients"]["registrar"], dms["ctx"]
    _answer(registrar, dms)
    assert _approval(admin, dms)["state"] == "partial"
    # a service under ДМС made up over RPC: the insurer would be billed what it never approved
    service_vals = {
        "company_id": dms["company"],
        "date": "2026-01-05",
        "policy_id": dms["policy"],
        "contract_id": dms["contract"],
        "product_id": dms["products"]["implant"],
        "quantity": 1,
        "amount_insurer": 27000.0,
    }
    for role in ("registrar", *CLINICAL):
        refused(
            lambda r=role: dms["clients"][r].call("dental.dms.service", "create", service_vals, context=ctx),
            ACCESS_ERROR,
            what=role,
        )
    # an invoice line claiming the insurer's part by itself
    partner = admin.call("dental.patient", "read", [dms["patient"]], fields=["partner_id"], context=ctx)[0]
    refused(
        lambda: registrar.call(
            "account.move",
            "create",
            {
                "move_type": "out_invoice",
                "partner_id": partner["partner_id"][0],
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": dms["products"]["implant"],
                            "price_unit": 3000.0,
                            "dental_dms_insurer_amount": 27000.0,
                            "dental_dms_approval_line_id": _approval_lines(admin, dms)[dms["lines"]["filling"]]["id"],
                        },
                    )
                ],
            },
            context=ctx,
        ),
        ACCESS_ERROR,
    )
    # billed from the plan: the approved filling splits (10 % of the insurer's 4,000 for the patient), the
    # rejected implant and the uncovered consultation are the patient's at the clinic's prices
    admin.call("sale.order.line", "action_dental_complete", list(dms["lines"].values()), context=ctx)
    invoice = registrar.call("sale.order", "action_dental_bill", [dms["plan"]], context=ctx)["res_id"]
    rows = registrar.call(
        "account.move.line",
        "search_read",
        [("move_id", "=", invoice), ("display_type", "=", "product")],
        fields=["product_id", "price_unit", "dental_dms_insurer_amount"],
        context=ctx,
    )
    by_product = {row["product_id"][0]: row for row in rows}
    products = dms["products"]
    assert by_product[products["filling"]]["price_unit"] == 400.0
    assert by_product[products["filling"]]["dental_dms_insurer_amount"] == 3600.0
    assert by_product[products["implant"]]["price_unit"] == 40000.0
    assert by_product[products["implant"]]["dental_dms_insurer_amount"] == 0.0
    assert by_product[products["consult"]]["price_unit"] == 1000.0
    registrar.call("account.move", "action_post", [invoice], context=ctx)
    services = admin.call(
        "dental.dms.service",
        "search_read",
        [("patient_id", "=", dms["patient"])],
        fields=["product_id", "amount_insurer"],
        context=ctx,
    )
    assert [(s["product_id"][0], s["amount_insurer"]) for s in services] == [(products["filling"], 3600.0)]
    [service] = services
    # once billed, the insurer's answer and its guarantee letter are frozen; services are not rewritten
    line = _approval_lines(admin, dms)[dms["lines"]["implant"]]["id"]
    for call in (
        lambda: registrar.call("dental.dms.approval", "write", [dms["approval"]], {"guarantee_letter": "FORGED"}),
        lambda: registrar.call(
            "dental.dms.approval.line", "write", [line], {"decision": "approved", "qty_approved": 1}, context=ctx
        ),
        lambda: registrar.call("dental.dms.approval", "action_reset_draft", [dms["approval"]], context=ctx),
        lambda: registrar.call("dental.insurance.policy", "write", [dms["policy"]], {"patient_id": dms["patient_2"]}),
        lambda: registrar.call("dental.dms.service", "write", [service["id"]], {"amount_insurer": 1.0}, context=ctx),
        lambda: registrar.call("account.move", "write", [invoice], {"dental_dms_registry": True}, context=ctx),
    ):
        with_line = f"the call on line {call.__code__.co_firstlineno}"
        refused(call, ACCESS_ERROR, USER_ERROR, what=with_line)
    assert _approval(admin, dms)["guarantee_letter"] == "GL-E2E"
    # the insurer's invoice: the registrar prints the registry, only an accountant or a Director invoices
    wizard = registrar.call(
        "dental.dms.registry.wizard",
        "create",
        {
            "insurer_id": dms["insurer"],
            "company_id": dms["company"],
            "date_from": "2020-01-01",
            "date_to": "2099-12-31",
        },
        context=ctx,
    )
    assert (
        registrar.call("dental.dms.registry.wizard", "read", [wizard], fields=["service_count"], context=ctx)[0][
            "service_count"
        ]
        == 1
    )
    refused(
        lambda: registrar.call("dental.dms.registry.wizard", "action_create_invoice", [wizard], context=ctx),
        ACCESS_ERROR,
    )
    assert (
        admin.call(
            "account.move", "search_count", [("dental_dms_registry", "=", True), ("partner_id", "=", dms["insurer"])]
        )
        == 0
    )


def test_bill_dialog_bills_the_insurer_approved_procedures_only(admin, dms, branch_day):
    registrar, ctx = dms["clients"]["registrar"], dms["ctx"]
    _answer(registrar, dms)
    suffix = uuid.uuid4().hex[:8]
    chair = admin.call(
        "dental.chair", "create", {"name": f"E2E ДМС {suffix}", "company_id": dms["company"]}, context=ctx
    )
    doctor = admin.call(
        "hr.employee", "create", {"name": f"E2E Dr {suffix}", "company_id": dms["company"]}, context=ctx
    )
    day = branch_day()
    event = admin.call(
        "calendar.event",
        "create",
        {
            "patient_id": dms["patient"],
            "doctor_id": doctor,
            "chair_id": chair,
            "start": f"{day} 07:00:00",
            "stop": f"{day} 07:40:00",
            "plan_line_ids": [(6, 0, [dms["lines"]["filling"], dms["lines"]["consult"]])],
        },
        context=ctx,
    )
    admin.call("calendar.event", "action_dental_complete", [event], context=ctx)
    # another patient's policy
    wizard = registrar.call(
        "dental.bill.wizard", "create", {"appointment_id": event, "dms_policy_id": dms["policy_2"]}, context=ctx
    )
    refused(lambda: registrar.call("dental.bill.wizard", "action_confirm", [wizard], context=ctx), USER_ERROR)
    # the uncovered, unapproved consultation ticked «ДМС»
    wizard = registrar.call("dental.bill.wizard", "create", {"appointment_id": event}, context=ctx)
    lines = registrar.call(
        "dental.bill.wizard.line",
        "search_read",
        [("wizard_id", "=", wizard)],
        fields=["product_id", "dms_covered"],
        context=ctx,
    )
    consult = next(line for line in lines if line["product_id"][0] == dms["products"]["consult"])
    assert consult["dms_covered"] is False
    registrar.call("dental.bill.wizard.line", "write", [consult["id"]], {"dms_covered": True}, context=ctx)
    refused(lambda: registrar.call("dental.bill.wizard", "action_confirm", [wizard], context=ctx), USER_ERROR)
    assert admin.call("dental.dms.service", "search_count", [("patient_id", "=", dms["patient"])], context=ctx) == 0
    [state] = admin.call("calendar.event", "read", [event], fields=["dental_billing_state"], context=ctx)
    assert state["dental_billing_state"] == "to_bill"
    # as the dialog offers it: the filling split, the consultation the patient's
    wizard = registrar.call("dental.bill.wizard", "create", {"appointment_id": event}, context=ctx)
    invoice = registrar.call("dental.bill.wizard", "action_confirm", [wizard], context=ctx)["res_id"]
    [total] = registrar.call("account.move", "read", [invoice], fields=["amount_total"], context=ctx)
    assert total["amount_total"] == 400.0 + 1000.0
    services = admin.call(
        "dental.dms.service",
        "search_read",
        [("patient_id", "=", dms["patient"])],
        fields=["amount_insurer"],
        context=ctx,
    )
    assert [s["amount_insurer"] for s in services] == [3600.0]
