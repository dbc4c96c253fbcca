"""Lab orders over JSON-RPC (dental_lab, issue 19): a lab's portal user sees only its lab's orders and no
patient data beyond the order's; staff without the cost groups read no prices."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, refused


@pytest.fixture
def labs(admin, ref):
    category = ref("dental_lab.res_partner_category_laboratory")
    suffix = uuid.uuid4().hex[:8]
    return [
        admin.call(
            "res.partner",
            "create",
            {"name": f"E2E Lab {name} {suffix}", "is_company": True, "category_id": [(4, category)]},
        )
        for name in ("One", "Two")
    ]


@pytest.fixture
def lab_orders(admin, branch, labs):
    """A sent order to each lab, for a patient of the branch."""
    context = branch["context"]
    suffix = uuid.uuid4().hex[:8]
    service = admin.call(
        "product.product",
        "create",
        {
            "name": f"E2E crown {suffix}",
            "type": "service",
            "dental_is_lab_service": True,
            "seller_ids": [(0, 0, {"partner_id": lab, "price": 4000, "delay": 5}) for lab in labs],
        },
    )
    patient = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Lab{suffix}", "first_name": "Rpc", "birth_date": "1980-01-02", "company_id": branch["company"]},
        context=context,
    )
    doctor = admin.call(
        "hr.employee", "create", {"name": f"E2E Dr {suffix}", "company_id": branch["company"]}, context=context
    )
    orders = []
    for lab in labs:
        order = admin.call(
            "dental.lab.order",
            "create",
            {
                "company_id": branch["company"],
                "patient_id": patient,
                "doctor_id": doctor,
                "lab_id": lab,
                "note": "Shoulder margin",
                "internal_note": "Anxious patient",
                "line_ids": [(0, 0, {"product_id": service, "product_qty": 1})],
            },
            context=context,
        )
        admin.call("dental.lab.order", "action_send", [order], context=context)
        orders.append(order)
    return {"orders": orders, "patient": patient}


def test_lab_portal_user_reads_its_orders_only(admin, make_user, branch, labs, lab_orders):
    lab_user = make_user(["base.group_portal"], branch["parent"])
    admin.call("res.partner", "write", [lab_user.partner_id], {"parent_id": labs[0]})
    own, other = lab_orders["orders"]
    rows = lab_user.call("dental.lab.order", "search_read", [], fields=["name", "patient_name", "patient_age", "note"])
    assert [row["id"] for row in rows] == [own]
    assert rows[0]["patient_name"].startswith("Lab")
    assert rows[0]["patient_age"] > 40
    for call in (
        lambda: lab_user.call("dental.lab.order", "read", [other], fields=["note"]),
        lambda: lab_user.call("dental.lab.order", "read", [own], fields=["patient_id"]),
        lambda: lab_user.call("dental.lab.order", "read", [own], fields=["internal_note"]),
        lambda: lab_user.call("dental.lab.order", "read", [own], fields=["lab_cost"]),
        lambda: lab_user.call("dental.lab.order.line", "search_read", [], fields=["price_unit"]),
        lambda: lab_user.call("dental.patient", "search_read", [], fields=["name", "birth_date"]),
        lambda: lab_user.call("dental.patient", "read", [lab_orders["patient"]], fields=["name"]),
        lambda: lab_user.call("dental.lab.order", "write", [own], {"note": "changed"}),
        lambda: lab_user.call("dental.lab.order", "action_done", [own]),
    ):
        refused(call, ACCESS_ERROR)
    assert admin.call("dental.lab.order", "read", [own], fields=["state", "note"])[0] == {
        "id": own,
        "state": "sent",
        "note": "Shoulder margin",
    }


def test_staff_read_orders_but_not_costs(roles, lab_orders):
    own = lab_orders["orders"][0]
    for role in ("registrar", "assistant"):
        client = roles[role]
        [row] = client.call(
            "dental.lab.order", "read", [own], fields=["shade", "teeth_text", "state"], context=client.context
        )
        assert row["state"] == "sent"
        refused(
            lambda c=client: c.call("dental.lab.order", "read", [own], fields=["lab_cost"], context=c.context),
            ACCESS_ERROR,
        )
    for role in ("no_dental_role", "portal"):
        refused(lambda r=role: roles[r].call("dental.lab.order", "read", [own], fields=["shade"]), ACCESS_ERROR)
