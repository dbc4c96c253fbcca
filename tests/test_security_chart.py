"""Issue 13, dental_chart: signed visit records, procedure completion, the X-ray import endpoint and the
chart's reference data per branch, tried over JSON-RPC / HTTP as every low role."""

import base64
import json
import uuid

import pytest
import requests
from odoo_rpc import ACCESS_ERROR, USER_ERROR, VALIDATION_ERROR, refused

LOW_ROLES = ("registrar", "senior_registrar", "assistant", "no_dental_role", "portal")
NON_CLINICAL = ("registrar", "senior_registrar", "no_dental_role", "portal")


@pytest.fixture
def clinic(admin, branch, make_user, ref):
    """Two patients of the branch, a doctor (user + employee) and a signed record of the second patient."""
    suffix = uuid.uuid4().hex[:6]
    company = branch["company"]
    patients = [
        admin.call("dental.patient", "create", {"last_name": f"Sec{suffix}{n}", "first_name": n, "company_id": company})
        for n in ("Anna", "Boris")
    ]
    doctor = make_user(["dental_patient.group_doctor"], company, name=f"Dr. Sec {suffix}")
    employee = admin.call(
        "hr.employee", "create", {"name": f"Dr. Sec {suffix}", "user_id": doctor.uid, "company_id": company}
    )
    diagnosis = admin.call(
        "dental.diagnosis",
        "create",
        {"code": f"Z{suffix[:2]}.{suffix[2:4]}", "name": f"E2E diagnosis {suffix}", "selectable": True},
    )
    ctx = doctor.context
    other = doctor.call(
        "dental.visit.record",
        "create",
        {"patient_id": patients[1], "doctor_id": employee, "diagnosis_id": diagnosis, "treatment": "Done"},
        context=ctx,
    )
    doctor.call("dental.visit.record", "action_sign", [other], context=ctx)
    return {
        "company": company,
        "patients": patients,
        "doctor": doctor,
        "employee": employee,
        "diagnosis": diagnosis,
        "signed_other": other,
        "suffix": suffix,
    }


def _read(admin, record_id, fields):
    return admin.call("dental.visit.record", "read", [record_id], fields=fields)[0]


def test_assistant_cannot_forge_state_version_or_link(admin, roles, clinic):
    assistant = roles["assistant"]
    ctx = assistant.context
    Record = "dental.visit.record"
    other = clinic["signed_other"]
    draft = assistant.call(
        Record,
        "create",
        {"patient_id": clinic["patients"][0], "doctor_id": clinic["employee"], "treatment": "Draft"},
        context=ctx,
    )
    for vals in (
        {"previous_id": other},
        {"version": 7},
        {"state": "corrected"},
        {"state": "draft", "corrected_by_id": other},
        {"signed_by_id": assistant.uid},
        {"signed_patient_name": "Forged"},
    ):
        refused(lambda vals=vals: assistant.call(Record, "write", [draft], vals, context=ctx), USER_ERROR)
        refused(
            lambda vals=vals: assistant.call(
                Record,
                "create",
                dict(patient_id=clinic["patients"][0], doctor_id=clinic["employee"], treatment="x", **vals),
                context=ctx,
            ),
            USER_ERROR,
        )
    # the server's context key cannot be sent over RPC
    refused(
        lambda: assistant.call(
            Record, "write", [draft], {"previous_id": other}, context=dict(ctx, dental_visit_record_server=True)
        ),
        USER_ERROR,
    )
    # signing (also through the status) is the doctor's
    refused(lambda: assistant.call(Record, "action_sign", [draft], context=ctx), USER_ERROR)
    refused(lambda: assistant.call(Record, "write", [draft], {"state": "signed"}, context=ctx), USER_ERROR)
    # a signed record is frozen, also for its version link
    refused(lambda: assistant.call(Record, "write", [other], {"state": "corrected"}, context=ctx), USER_ERROR)
    refused(lambda: assistant.call(Record, "unlink", [other], context=ctx))
    assert _read(admin, other, ["state", "corrected_by_id", "version"]) == {
        "id": other,
        "state": "signed",
        "corrected_by_id": False,
        "version": 1,
    }
    assert _read(admin, draft, ["state", "previous_id", "version"]) == {
        "id": draft,
        "state": "draft",
        "previous_id": False,
        "version": 1,
    }


def test_correction_stays_with_its_patient(admin, clinic):
    doctor, ctx = clinic["doctor"], clinic["doctor"].context
    other = clinic["signed_other"]
    action = doctor.call("dental.visit.record", "action_correct", [other], context=ctx)
    correction = action["res_id"]
    refused(
        lambda: doctor.call(
            "dental.visit.record", "write", [correction], {"patient_id": clinic["patients"][0]}, context=ctx
        ),
        VALIDATION_ERROR,
    )
    refused(lambda: doctor.call("dental.visit.record", "action_correct", [other], context=ctx))
    doctor.call("dental.visit.record", "action_sign", [correction], context=ctx)
    assert _read(admin, other, ["state", "corrected_by_id"])["corrected_by_id"][0] == correction
    assert _read(admin, correction, ["version", "previous_id"])["previous_id"][0] == other


def test_non_clinical_roles_reach_no_visit_record(roles, clinic):
    other = clinic["signed_other"]
    for role in NON_CLINICAL:
        client = roles[role]
        ctx = client.context
        refused(lambda c=client, x=ctx: c.call("dental.visit.record", "read", [other], ["state"], context=x))
        refused(
            lambda c=client, x=ctx: c.call(
                "dental.visit.record", "create", {"patient_id": clinic["patients"][0], "treatment": "x"}, context=x
            )
        )
        refused(lambda c=client, x=ctx: c.call("dental.visit.record", "write", [other], {"version": 3}, context=x))
        refused(lambda c=client, x=ctx: c.call("dental.visit.record", "action_sign", [other], context=x))
        refused(lambda c=client, x=ctx: c.call("dental.visit.record", "action_correct", [other], context=x))


def test_attachments_of_a_signed_record_stay(admin, roles, clinic):
    other = clinic["signed_other"]
    assistant = roles["assistant"]
    attachment = assistant.call(
        "ir.attachment",
        "create",
        {
            "name": "scan.txt",
            "datas": base64.b64encode(b"signed scan").decode(),
            "res_model": "dental.visit.record",
            "res_id": other,
        },
        context=assistant.context,
    )
    doctor = clinic["doctor"]
    for client in [roles[role] for role in LOW_ROLES] + [doctor, admin]:
        ctx = getattr(client, "context", {})
        refused(lambda c=client, x=ctx: c.call("ir.attachment", "unlink", [attachment], context=x))
        refused(
            lambda c=client, x=ctx: c.call(
                "ir.attachment", "write", [attachment], {"datas": base64.b64encode(b"forged").decode()}, context=x
            )
        )
        refused(
            lambda c=client, x=ctx: c.call(
                "ir.attachment", "write", [attachment], {"res_model": "res.partner", "res_id": 1}, context=x
            )
        )
    [row] = admin.call("ir.attachment", "read", [attachment], fields=["datas", "res_id"])
    assert base64.b64decode(row["datas"]) == b"signed scan"
    assert row["res_id"] == other


def test_reprint_shows_what_was_signed(server, admin, clinic):
    other = clinic["signed_other"]
    [patient] = admin.call("dental.patient", "read", [clinic["patients"][1]], fields=["name"])
    [diagnosis] = admin.call("dental.diagnosis", "read", [clinic["diagnosis"]], fields=["name"])
    admin.call("dental.diagnosis", "write", [clinic["diagnosis"]], {"name": "Renamed E2E diagnosis"})
    admin.call("dental.patient", "write", [clinic["patients"][1]], {"last_name": "Renamedova"})
    url, _db = server
    html = clinic["doctor"].session.get(f"{url}/report/html/dental_chart.report_visit_record/{other}", timeout=60)
    assert html.status_code == 200
    assert patient["name"] in html.text
    assert diagnosis["name"] in html.text
    assert "Renamed E2E diagnosis" not in html.text
    assert "Renamedova" not in html.text


# ------------------------------------------------------------------ completing procedures (item 2)
@pytest.fixture
def approved_line(admin, branch, ref):
    company = branch["company"]
    patient = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Plan{uuid.uuid4().hex[:6]}", "first_name": "P", "company_id": company},
    )
    service = admin.call(
        "product.product",
        "create",
        {
            "name": "E2E sec filling",
            "is_dental_service": True,
            "list_price": 1000,
            "dental_condition_id": ref("dental_chart.condition_filling"),
        },
    )
    plan = admin.call(
        "sale.order",
        "create",
        {
            "patient_id": patient,
            "company_id": company,
            "order_line": [(0, 0, {"product_id": service, "tooth_ids": [(6, 0, [ref("dental_chart.tooth_36")])]})],
        },
        context=branch["context"],
    )
    # approved with the parent company allowed too (the loyalty history of the confirmation is the parent's)
    both = {"allowed_company_ids": [company, branch["parent"]], "lang": "en_US"}
    admin.call("sale.order", "action_dental_approve", [plan], context=both)
    [order] = admin.call("sale.order", "read", [plan], fields=["order_line"])
    return order["order_line"][0]


def test_only_clinical_roles_complete_procedures_on_teeth(admin, roles, approved_line):
    for role in NON_CLINICAL:
        client = roles[role]
        refused(
            lambda c=client: c.call("sale.order.line", "action_dental_complete", [approved_line], context=c.context),
            ACCESS_ERROR,
        )
    [line] = admin.call("sale.order.line", "read", [approved_line], fields=["qty_delivered", "finding_ids"])
    assert line["qty_delivered"] == 0
    assert not line["finding_ids"]
    assistant = roles["assistant"]
    assistant.call("sale.order.line", "action_dental_complete", [approved_line], context=assistant.context)
    [line] = admin.call("sale.order.line", "read", [approved_line], fields=["qty_delivered", "finding_ids"])
    assert line["qty_delivered"] == 1
    [finding] = admin.call("dental.chart.finding", "read", line["finding_ids"], fields=["origin", "create_uid"])
    assert finding["origin"] == "procedure"
    assert finding["create_uid"][0] == assistant.uid


# ------------------------------------------------------------------ X-ray import endpoint (item 3)
@pytest.fixture
def import_token(admin, branch):
    token = f"e2e-{uuid.uuid4().hex}{uuid.uuid4().hex}"
    admin.call("res.company", "write", [branch["company"]], {"dental_import_token": token})
    yield token
    admin.call("res.company", "write", [branch["company"]], {"dental_import_token": False})


def test_import_endpoint_answers_400_on_wrong_types(server, admin, branch, import_token):
    url, _db = server
    patient = admin.call(
        "dental.patient", "create", {"last_name": "Xray", "first_name": "E2E", "company_id": branch["company"]}
    )
    headers = {"Authorization": f"Bearer {import_token}"}
    for payload in (
        [],
        "a string",
        {"study_id": "s1", "patient": "nope", "findings": []},
        {"study_id": "s1", "patient": {"id": "abc"}, "findings": [{"tooth": "36", "condition": "caries"}]},
        {"study_id": "s1", "patient": {"id": patient}, "findings": "36"},
        {"study_id": "s1", "patient": {"id": patient}, "findings": [{"tooth": ["36"], "condition": "caries"}]},
        {"study_id": "s1", "patient": {"id": patient}, "image": {"dose": "high"}, "findings": [{"tooth": "36"}]},
        {"study_id": "s1", "patient": {"id": patient}, "findings": [{"tooth": "36", "confidence": "0.9"}]},
    ):
        answer = requests.post(f"{url}/dental_chart/xray_import", json=payload, headers=headers, timeout=30)
        assert answer.status_code == 400, (payload, answer.status_code, answer.text[:300])
        assert answer.json()["ok"] is False
        assert answer.json()["errors"]


def test_import_endpoint_refuses_an_oversize_body(server, admin, import_token):
    url, _db = server
    admin.call("ir.config_parameter", "set_param", "dental_chart.xray_import_max_mb", "1")
    try:
        body = json.dumps({"study_id": "big", "padding": "x" * (1024 * 1024 + 10)})
        answer = requests.post(
            f"{url}/dental_chart/xray_import",
            data=body,
            headers={"Authorization": f"Bearer {import_token}", "Content-Type": "application/json"},
            timeout=60,
        )
        assert answer.status_code == 413
    finally:
        admin.call("ir.config_parameter", "set_param", "dental_chart.xray_import_max_mb", False)


def test_import_token_strength_and_secrecy(admin, roles, branch):
    company = branch["company"]
    refused(
        lambda: admin.call("res.company", "write", [company], {"dental_import_token": "s3cret-token"}),
        VALIDATION_ERROR,
    )
    refused(lambda: admin.call("res.company", "write", [company], {"dental_import_token": "ab" * 20}), VALIDATION_ERROR)
    for role in LOW_ROLES:
        client = roles[role]
        refused(
            lambda c=client: c.call("res.company", "read", [company], fields=["dental_import_token"], context=c.context)
        )
        refused(
            lambda c=client: c.call(
                "res.company", "write", [company], {"dental_import_token": uuid.uuid4().hex * 2}, context=c.context
            )
        )
    settings = admin.call("res.config.settings", "create", {}, context=branch["context"])
    action = admin.call(
        "res.config.settings", "action_dental_generate_import_token", [settings], context=branch["context"]
    )
    [values] = admin.call(
        "res.config.settings", "read", [settings], fields=["dental_import_token_hint", "dental_import_token_new"]
    )
    assert values["dental_import_token_hint"].startswith("…")
    assert values["dental_import_token_hint"][1:] in action["params"]["message"]
    assert not values["dental_import_token_new"]
    admin.call("res.company", "write", [company], {"dental_import_token": False})


# ------------------------------------------------------------------ reference data per branch (item 4)
def test_chart_shows_each_branch_its_own_conditions(admin, make_user, branch):
    suffix = uuid.uuid4().hex[:6]
    parent = branch["parent"]
    branch_a = branch["company"]
    branch_b = admin.call("res.company", "create", {"name": f"E2E branch B {suffix}", "parent_id": parent})
    for company, code in ((branch_a, f"own_a_{suffix}"), (branch_b, f"own_b_{suffix}")):
        admin.call("dental.condition", "create", {"name": code, "code": code, "company_id": company})
    assistant = make_user(["dental_patient.group_assistant"], branch_a, companies=[branch_a, branch_b])
    patient = admin.call(
        "dental.patient", "create", {"last_name": f"Ref{suffix}", "first_name": "R", "company_id": parent}
    )

    def codes(companies):
        context = {"allowed_company_ids": companies, "lang": "en_US"}
        chart = assistant.call("dental.patient", "dental_get_chart", [patient], context=context)
        return {condition["code"] for condition in chart["conditions"]}

    for _round in range(2):  # the second round is served from the cache
        in_a, in_b = codes([branch_a]), codes([branch_b])
        assert f"own_a_{suffix}" in in_a and f"own_b_{suffix}" not in in_a
        assert f"own_b_{suffix}" in in_b and f"own_a_{suffix}" not in in_b
        assert "caries" in in_a & in_b


# ------------------------------------------------------------------ same class elsewhere in dental_chart
def test_plan_approval_and_finding_source_are_the_servers(admin, roles, branch, ref, approved_line):
    company = branch["company"]
    patient = admin.call("dental.patient", "create", {"last_name": "Src", "first_name": "E2E", "company_id": company})
    plan = admin.call("sale.order", "create", {"patient_id": patient, "company_id": company}, context=branch["context"])
    for role in LOW_ROLES:
        client = roles[role]
        refused(lambda c=client: c.call("sale.order", "write", [plan], {"state": "sale"}, context=c.context))
    [row] = admin.call("sale.order", "read", [plan], fields=["state"])
    assert row["state"] == "draft"
    assistant = roles["assistant"]
    base = {"patient_id": patient, "tooth_ids": [(6, 0, [ref("dental_chart.tooth_11")])], "note": "x"}
    for vals in ({"origin": "procedure"}, {"sale_line_id": approved_line}, {"import_ref": "study-1"}):
        refused(
            lambda v=vals: assistant.call("dental.chart.finding", "create", dict(base, **v), context=assistant.context),
            USER_ERROR,
        )
    finding = assistant.call("dental.chart.finding", "create", base, context=assistant.context)
    refused(
        lambda: assistant.call(
            "dental.chart.finding", "write", [finding], {"sale_line_id": approved_line}, context=assistant.context
        ),
        USER_ERROR,
    )
    for role in NON_CLINICAL:
        client = roles[role]
        refused(lambda c=client: c.call("dental.chart.finding", "create", base, context=c.context))
