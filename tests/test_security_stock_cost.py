"""Purchase costs over JSON-RPC (issue 18): a doctor, an assistant or a registrar reads the materials but not what
the clinic pays for them (Odoo's ``standard_price``, a norm's amount, a procedure's material cost), by no way the
web client offers (read, search_read, read_group, a search or an order on it, export); the cost roles read them."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, USER_ERROR, refused

COST = 123.45


@pytest.fixture
def material(admin, branch):
    """A material costing ``COST``, with a consumption norm by amount."""
    suffix = uuid.uuid4().hex[:8]
    product = admin.call(
        "product.product",
        "create",
        {
            "name": f"E2E composite {suffix}",
            "type": "consu",
            "is_storable": True,
            "dental_is_material": True,
            "standard_price": COST,
        },
        context=branch["context"],
    )
    service = admin.call(
        "product.product",
        "create",
        {"name": f"E2E filling {suffix}", "type": "service", "is_dental_service": True},
    )
    norm = admin.call(
        "dental.consumption.norm",
        "create",
        {
            "service_id": service,
            "date_from": "2000-01-01",
            "line_ids": [(0, 0, {"product_id": product, "norm_type": "amount", "amount": 250.0})],
        },
    )
    template = admin.call("product.product", "read", [product], fields=["product_tmpl_id"])[0]["product_tmpl_id"][0]
    return {"product": product, "template": template, "norm": norm, "suffix": suffix}


@pytest.fixture
def doctor(make_user, branch):
    return make_user(["dental_patient.group_doctor", "base.group_allow_export"], branch["company"])


def _attacks(client, model, record, name):
    """Every way of the web client to the cost of ``record`` of ``model``: each must be refused."""
    context = client.context
    yield "read", lambda: client.call(model, "read", [record], fields=["standard_price"], context=context)
    yield (
        "search_read",
        lambda: client.call(model, "search_read", [("id", "=", record)], fields=["standard_price"], context=context),
    )
    yield (
        "web_read",
        lambda: client.call(model, "web_read", [record], specification={"standard_price": {}}, context=context),
    )
    # the search oracle: bisecting the cost with a domain on it
    yield "search", lambda: client.call(model, "search", [("id", "=", record), ("standard_price", ">", 100)])
    yield "search_count", lambda: client.call(model, "search_count", [("standard_price", "=", COST)])
    yield "export_data", lambda: client.call(model, "export_data", [record], ["name", "standard_price"])
    if model == "product.product":  # the template's cost is not stored: it has no group or order by
        yield (
            "read_group",
            lambda: client.call(
                model, "read_group", [("name", "=", name)], ["standard_price:sum"], [], context=context
            ),
        )
        yield "order", lambda: client.call(model, "search", [("name", "=", name)], order="standard_price desc")


@pytest.mark.parametrize("role", ["doctor", "assistant", "registrar", "senior_registrar"])
def test_low_roles_do_not_read_purchase_costs(role, roles, doctor, material):
    client = doctor if role == "doctor" else roles[role]
    name = f"E2E composite {material['suffix']}"
    # the material itself is readable: doctors see the materials
    assert client.call("product.product", "read", [material["product"]], fields=["name"])[0]["name"] == name
    for model, record in (("product.product", material["product"]), ("product.template", material["template"])):
        fields = client.call(model, "fields_get", attributes=["type"])
        assert "standard_price" not in fields, f"{role}: fields_get of {model} shows the cost"
        for attack, call in _attacks(client, model, record, name):
            # exporting at all is Odoo's right of its own (the doctor here has it): without it, a UserError
            names = (ACCESS_ERROR, USER_ERROR) if attack == "export_data" and role != "doctor" else (ACCESS_ERROR,)
            refused(call, *names, what=f"{role} {attack} {model}")
    # a norm's amount and the export of the cost through a relation
    norm_lines = client.call("dental.consumption.norm", "read", [material["norm"]], fields=["line_ids"])[0]["line_ids"]
    refused(
        lambda: client.call("dental.consumption.norm.line", "read", norm_lines, fields=["amount"]),
        ACCESS_ERROR,
        what=f"{role} norm amount",
    )
    refused(
        lambda: client.call("dental.consumption.norm.line", "search", [("amount", ">", 0)]),
        ACCESS_ERROR,
        what=f"{role} norm amount oracle",
    )
    if role == "doctor":  # export allowed to the user: the relation's path is refused too
        refused(
            lambda: client.call(
                "dental.consumption.norm.line", "export_data", norm_lines, ["product_id/standard_price"]
            ),
            ACCESS_ERROR,
            what="export through the material",
        )


def test_cost_roles_read_purchase_costs(make_user, branch, material):
    for groups in (
        ["dental_stock.group_storekeeper"],
        ["dental_patient.group_director"],
        ["account.group_account_user"],
    ):
        client = make_user(groups, branch["company"])
        [row] = client.call(
            "product.product", "search_read", [("id", "=", material["product"])], fields=["standard_price"]
        )
        assert row["standard_price"] == COST, groups
        assert (
            client.call(
                "product.product", "search_count", [("id", "=", material["product"]), ("standard_price", "=", COST)]
            )
            == 1
        )
