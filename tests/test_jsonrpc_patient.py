"""The patient card over JSON-RPC, as the web client and integrators use it."""

import uuid

import pytest
from odoo_rpc import RpcError


def test_wrong_password_is_refused(anonymous):
    with pytest.raises(RpcError) as error:
        anonymous.authenticate("admin", "not-the-password")
    assert "AccessDenied" in error.value.name


def test_create_read_and_find_a_patient(admin):
    last_name = f"E2e{uuid.uuid4().hex[:8]}"
    patient_id = admin.call(
        "dental.patient",
        "create",
        {"last_name": last_name, "first_name": "Rpc", "patronymic": "Testovich", "birth_date": "1991-02-03"},
    )
    [patient] = admin.call("dental.patient", "read", [patient_id], fields=["name", "card_number", "partner_id"])
    assert patient["name"] == f"{last_name} Rpc Testovich"
    assert patient["card_number"]
    # The patient is a partner: invoices and messages use it.
    [partner] = admin.call("res.partner", "read", [patient["partner_id"][0]], fields=["name"])
    assert partner["name"] == patient["name"]
    found = admin.call("dental.patient", "name_search", last_name[2:])
    assert [row[0] for row in found] == [patient_id]


def test_invalid_input_changes_nothing(admin):
    before = admin.call("dental.patient", "search_count", [])
    with pytest.raises(RpcError) as error:
        admin.call(
            "dental.patient", "create", {"last_name": "Future", "first_name": "Born", "birth_date": "2999-01-01"}
        )
    assert error.value.name == "odoo.exceptions.ValidationError"
    assert admin.call("dental.patient", "search_count", []) == before
