"""Tooth chart and treatment plans over JSON-RPC and the AI import endpoint (dental_chart)."""

import uuid

import pytest
import requests
from odoo_rpc import RpcError, refused


@pytest.fixture
def patient_id(admin):
    return admin.call("dental.patient", "create", {"last_name": f"Chart{uuid.uuid4().hex[:8]}", "first_name": "Rpc"})


def test_finding_appears_on_the_chart(admin, ref, patient_id):
    tooth_36 = ref("dental_chart.tooth_36")
    k02_1 = ref("dental_chart.diagnosis_K02_1")
    admin.call(
        "dental.chart.finding",
        "create",
        {"patient_id": patient_id, "tooth_ids": [(6, 0, [tooth_36])], "diagnosis_id": k02_1},
    )
    chart = admin.call("dental.patient", "dental_get_chart", [patient_id])
    [finding] = chart["teeth"]["36"]["findings"]
    assert finding["diagnosis"] == "K02.1"
    assert finding["condition"] == "caries"


def _plan(admin, ref, patient_id, service_name, price):
    """A (draft) treatment plan of the patient: one new service on tooth 36."""
    service = admin.call(
        "product.product", "create", {"name": service_name, "is_dental_service": True, "list_price": price}
    )
    return admin.call(
        "sale.order",
        "create",
        {
            "patient_id": patient_id,
            "order_line": [(0, 0, {"product_id": service, "tooth_ids": [(6, 0, [ref("dental_chart.tooth_36")])]})],
        },
    )


def test_plan_is_billed_only_after_approval(admin, ref, patient_id):
    plan_id = _plan(admin, ref, patient_id, "E2E filling", 5000)
    [plan] = admin.call("sale.order", "read", [plan_id], fields=["is_treatment_plan", "plan_state", "order_line"])
    assert plan["is_treatment_plan"] and plan["plan_state"] == "draft"
    wizard_context = {"active_model": "sale.order", "active_ids": [plan_id], "active_id": plan_id}
    wizard = admin.call(
        "sale.advance.payment.inv", "create", {"advance_payment_method": "delivered"}, context=wizard_context
    )
    with pytest.raises(RpcError) as error:
        admin.call("sale.advance.payment.inv", "create_invoices", [wizard], context=wizard_context)
    assert error.value.name == "odoo.exceptions.UserError"
    # The completion method is Python API only (private), not RPC.
    with pytest.raises(RpcError):
        admin.call("sale.order.line", "_dental_complete", plan["order_line"])
    admin.call("sale.order", "action_dental_approve", [plan_id])
    admin.call("sale.order.line", "action_dental_complete", plan["order_line"])
    [plan] = admin.call("sale.order", "read", [plan_id], fields=["plan_state", "invoice_status"])
    assert plan["plan_state"] == "done"
    assert plan["invoice_status"] == "to invoice"
    admin.call("sale.advance.payment.inv", "create_invoices", [wizard], context=wizard_context)
    [plan] = admin.call("sale.order", "read", [plan_id], fields=["invoice_count"])
    assert plan["invoice_count"] == 1
    # The completed procedure is on the tooth.
    chart = admin.call("dental.patient", "dental_get_chart", [patient_id])
    assert [f["origin"] for f in chart["teeth"]["36"]["findings"]] == ["procedure"]


def test_only_the_front_desk_invoices_a_plan(admin, ref, make_user, patient_id, branch):
    """Doctors and coordinators write plans with Odoo's sales rights, which natively invoice a quotation: a
    patient's plan is refused to them by every route (the plan's method, the invoicing wizard delivered or as a
    down payment, the front desk's button), and the front desk bills it."""
    [company] = admin.call("res.users", "read", [admin.uid], fields=["company_id"])
    company = company["company_id"][0]
    plan_id = _plan(admin, ref, patient_id, "E2E crown", 9000)
    admin.call("sale.order", "action_dental_approve", [plan_id])
    [plan] = admin.call("sale.order", "read", [plan_id], fields=["order_line"])
    admin.call("sale.order.line", "action_dental_complete", plan["order_line"])
    context = {"active_model": "sale.order", "active_ids": [plan_id], "active_id": plan_id}
    partner = admin.call("dental.patient", "read", [patient_id], fields=["partner_id"])[0]["partner_id"][0]
    other = admin.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": partner,
            "invoice_line_ids": [(0, 0, {"name": "Other", "price_unit": 10})],
        },
    )
    [other_line] = admin.call("account.move", "read", [other], fields=["invoice_line_ids"])[0]["invoice_line_ids"]
    product = admin.call("sale.order.line", "read", plan["order_line"][:1], fields=["product_id"])[0]["product_id"][0]
    for groups in (["dental_patient.group_doctor"], ["dental_patient.group_coordinator"]):
        user = make_user(groups, company)
        ctx = {**user.context, **context}
        refused(lambda user=user: user.call("sale.order", "action_dental_bill", [plan_id], context=user.context))
        refused(lambda user=user: user.call("sale.order", "_create_invoices", [plan_id], context=user.context))
        # linking an invoice line from the procedure's side
        refused(
            lambda user=user: user.call(
                "sale.order.line",
                "write",
                plan["order_line"],
                {"invoice_lines": [(4, other_line)]},
                context=user.context,
            ),
            "odoo.exceptions.AccessError",
        )
        # or from a new procedure of the plan
        error = refused(
            lambda user=user: user.call(
                "sale.order.line",
                "create",
                {"order_id": plan_id, "product_id": product, "invoice_lines": [(4, other_line)]},
                context=user.context,
            ),
            "odoo.exceptions.AccessError",
        )
        assert "front desk or accounting" in error.message
        for method in ("delivered", "percentage"):
            wizard = user.call(
                "sale.advance.payment.inv", "create", {"advance_payment_method": method, "amount": 30}, context=ctx
            )
            error = refused(
                lambda user=user, wizard=wizard, ctx=ctx: user.call(
                    "sale.advance.payment.inv", "create_invoices", [wizard], context=ctx
                ),
                "odoo.exceptions.AccessError",
            )
            assert "front desk or accounting" in error.message
    [plan] = admin.call("sale.order", "read", [plan_id], fields=["invoice_count", "order_line"])
    assert plan["invoice_count"] == 0 and len(plan["order_line"]) == 1  # no down payment line either
    # a doctor of another branch: Odoo's refusal, which names neither the plan nor its title
    admin.call("sale.order", "write", [plan_id], {"plan_title": "Secret implants"})
    [name] = admin.call("sale.order", "read", [plan_id], fields=["name"])
    outsider = make_user(["dental_patient.group_doctor"], branch["company"])
    error = refused(
        lambda: outsider.call("sale.order", "action_dental_bill", [plan_id], context=outsider.context),
        "odoo.exceptions.AccessError",
    )
    assert "Secret" not in error.message and name["name"] not in error.message, error.message
    registrar = make_user(["dental_patient.group_registrar"], company)
    registrar.call("sale.order", "action_dental_bill", [plan_id], context=registrar.context)
    [plan] = admin.call("sale.order", "read", [plan_id], fields=["invoice_count"])
    assert plan["invoice_count"] == 1


def test_ai_import_endpoint(server, admin, patient_id):
    url, _db = server
    token = uuid.uuid4().hex
    [company] = admin.call("res.users", "read", [admin.uid], fields=["company_id"])
    admin.call("res.company", "write", [company["company_id"][0]], {"dental_import_token": token})
    [patient] = admin.call("dental.patient", "read", [patient_id], fields=["card_number"])
    payload = {
        "study_id": f"e2e-{uuid.uuid4().hex}",
        "patient": {"card_number": patient["card_number"]},
        "findings": [{"tooth": "47", "condition": "caries", "surfaces": ["O"], "confidence": 0.8}],
    }
    refused = requests.post(f"{url}/dental_chart/xray_import", json=payload, timeout=30)
    assert refused.status_code == 401
    answer = requests.post(
        f"{url}/dental_chart/xray_import", json=payload, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["ok"]
    chart = admin.call("dental.patient", "dental_get_chart", [patient_id])
    [finding] = chart["teeth"]["47"]["findings"]
    assert finding["origin"] == "imported"


def test_registrar_sees_plans_not_medical_records(admin, make_user, patient_id):
    main = admin.call("res.users", "read", [admin.uid], fields=["company_id"])[0]["company_id"][0]
    registrar = make_user(["dental_patient.group_registrar"], main)
    doctor = admin.call("hr.employee", "create", {"name": "E2E Doctor"})
    admin.call(
        "dental.visit.record",
        "create",
        {"patient_id": patient_id, "doctor_id": doctor, "complaints": "Confidential"},
    )
    [patient] = registrar.call("dental.patient", "read", [patient_id], fields=["name", "dental_plan_count"])
    assert patient["dental_plan_count"] == 0
    with pytest.raises(RpcError) as error:
        registrar.call("dental.visit.record", "search_read", [("patient_id", "=", patient_id)], fields=["complaints"])
    assert error.value.name == "odoo.exceptions.AccessError"
    with pytest.raises(RpcError):
        registrar.call("dental.patient", "dental_get_chart", [patient_id])
    assert registrar.call("product.product", "search_count", [("is_dental_service", "=", True)]) >= 0
