"""The material consumption ledger over JSON-RPC (dental_stock): rows are written by the server when a procedure is
completed or undone; no low role changes a row's status, creates or deletes one (the write-offs and the procedures'
material cost rest on them)."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, refused

FIELDS = ["state", "qty", "expected_qty", "product_id", "sale_line_id", "post_error"]


@pytest.fixture
def consumption(admin, branch, ref):
    """The consumption rows of a procedure completed in ``branch`` under a norm of one material."""
    suffix = uuid.uuid4().hex[:8]
    context = branch["context"]
    material = admin.call(
        "product.product",
        "create",
        {"name": f"E2E gloves {suffix}", "type": "consu", "is_storable": True, "dental_is_material": True},
        context=context,
    )
    service = admin.call(
        "product.product", "create", {"name": f"E2E exam {suffix}", "is_dental_service": True, "list_price": 800}
    )
    norm = admin.call(
        "dental.consumption.norm",
        "create",
        {
            "service_id": service,
            "company_id": branch["company"],
            "date_from": "2000-01-01",
            "line_ids": [(0, 0, {"product_id": material, "product_qty": 2.0})],
        },
    )
    patient = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Stock{suffix}", "first_name": "P", "company_id": branch["company"]},
    )
    plan = admin.call(
        "sale.order",
        "create",
        {"patient_id": patient, "company_id": branch["company"], "order_line": [(0, 0, {"product_id": service})]},
        context=context,
    )
    both = {"allowed_company_ids": [branch["company"], branch["parent"]], "lang": "en_US"}
    admin.call("sale.order", "action_dental_approve", [plan], context=both)
    [order] = admin.call("sale.order", "read", [plan], fields=["order_line"])
    admin.call("sale.order.line", "action_dental_complete", order["order_line"], context=context)
    rows = admin.call(
        "dental.stock.consumption", "search_read", [("sale_line_id", "in", order["order_line"])], fields=FIELDS
    )
    assert rows, "the completed procedure recorded no consumption"
    return {"rows": rows, "line": order["order_line"][0], "material": material, "norm": norm, "service": service}


@pytest.mark.parametrize("role", ["registrar", "senior_registrar", "assistant", "doctor", "no_dental_role"])
def test_low_roles_do_not_rewrite_the_consumption_ledger(role, admin, roles, make_user, branch, consumption):
    client = make_user(["dental_patient.group_doctor"], branch["company"]) if role == "doctor" else roles[role]
    context = client.context
    rows = consumption["rows"]
    ids = [row["id"] for row in rows]
    vals = {
        "sale_line_id": consumption["line"],
        "company_id": branch["company"],
        "date": "2000-01-01",
        "product_id": consumption["material"],
        "qty": 100.0,
        "state": "pending",
    }
    for what, call in (
        *(
            (f"state {state}", lambda s=state: client.call("dental.stock.consumption", "write", ids, {"state": s}))
            for state in ("pending", "failed", "cancelled")
        ),
        ("qty", lambda: client.call("dental.stock.consumption", "write", ids, {"qty": 0.0})),
        ("create", lambda: client.call("dental.stock.consumption", "create", vals, context=context)),
        ("unlink", lambda: client.call("dental.stock.consumption", "unlink", ids)),
        ("post", lambda: client.call("dental.stock.consumption", "action_dental_post", ids, context=context)),
        # the norm's readers: its new version is copied as the superuser
        ("norm version", lambda: client.call("dental.consumption.norm", "action_new_version", [consumption["norm"]],
                                             context=context)),
    ):  # fmt: skip
        refused(call, ACCESS_ERROR, what=f"{role} {what}")
    after = admin.call(
        "dental.stock.consumption",
        "search_read",
        [("sale_line_id", "=", consumption["line"])],
        fields=FIELDS,
    )
    assert after == rows
    norms = admin.call("dental.consumption.norm", "search_count", [("service_id", "=", consumption["service"])])
    assert norms == 1
