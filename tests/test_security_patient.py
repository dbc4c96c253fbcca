"""Issue 13 (dental_patient) over JSON-RPC, as each low role: printed documents, the search's candidate window,
book exports and their limits, printed copies and signed scans, the consents' blacklists, the master password."""

import base64
import io
import uuid

import openpyxl
import pytest
from odoo_rpc import ACCESS_ERROR, USER_ERROR, refused

SCRIPT = '<p>Forged</p><script>alert("x")</script><img src="x" onerror="alert(1)">'
FRONT_DESK = ("registrar", "senior_registrar")
NO_ACCESS = ("no_dental_role", "portal")


@pytest.fixture
def other_branch(admin, branch):
    """A sibling branch the role users do not work in."""
    name = f"E2E other {uuid.uuid4().hex[:8]}"
    return admin.call("res.company", "create", {"name": name, "parent_id": branch["parent"]})


@pytest.fixture
def everywhere(branch, other_branch):
    """The administrator's context seeing every branch of the test."""
    return {"allowed_company_ids": [branch["parent"], branch["company"], other_branch], "lang": "en_US"}


@pytest.fixture
def patient(admin, branch):
    suffix = uuid.uuid4().hex[:8]
    return admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Sec{suffix}", "first_name": "Rpc", "company_id": branch["company"]},
        context=branch["context"],
    )


def _print(admin, client, patient, ref):
    # the print is logged on the card's chatter, which needs the author's e-mail
    admin.call("res.users", "write", [client.uid], {"email": f"user{client.uid}@example.com"})
    wizard = client.call(
        "dental.document.print",
        "create",
        {"patient_id": patient, "template_id": ref("dental_patient.document_template_pd_consent")},
        context=client.context,
    )
    client.call("dental.document.print", "action_print", [wizard], context=client.context)


def _documents(admin, patient, context):
    return admin.call(
        "dental.patient.document",
        "search_read",
        [("patient_id", "=", patient)],
        fields=["body_html", "pdf_attachment_id", "state"],
        context=context,
    )


def test_printed_text_only_from_the_print_wizard(admin, roles, patient, ref, everywhere):
    for role, client in roles.items():
        for vals in ({"body_html": SCRIPT}, {"pdf_attachment_id": 1}):
            refused(
                lambda client=client, vals=vals: client.call(
                    "dental.patient.document",
                    "create",
                    {"name": "Forged", "patient_id": patient, **vals},
                    context=client.context,
                ),
                ACCESS_ERROR,
                what=role,
            )
    assert not _documents(admin, patient, everywhere), "nothing was stored"
    # the wizard prints; a patient's name holding markup comes out escaped
    admin.call("dental.patient", "write", [patient], {"last_name": "<script>alert(1)</script>Evil"}, context=everywhere)
    _print(admin, roles["registrar"], patient, ref)
    [document] = _documents(admin, patient, everywhere)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Evil" in document["body_html"]
    assert "<script" not in document["body_html"]
    assert document["pdf_attachment_id"]
    for role in ("registrar", "senior_registrar", "assistant", *NO_ACCESS):
        client = roles[role]
        for vals in ({"body_html": SCRIPT}, {"pdf_attachment_id": False}):
            refused(
                lambda client=client, vals=vals: client.call(
                    "dental.patient.document", "write", [document["id"]], vals, context=client.context
                ),
                ACCESS_ERROR,
                USER_ERROR,
                what=role,
            )
    assert _documents(admin, patient, everywhere)[0]["body_html"] == document["body_html"]


def test_medical_condition_is_no_oracle_in_the_name_search(admin, roles, other_branch, everywhere):
    last_name = f"Oracl{uuid.uuid4().hex[:8]}"
    hidden = admin.call(
        "dental.patient",
        "create",
        {"last_name": last_name, "first_name": "Hidden", "company_id": other_branch, "medical_note": "Diabetes"},
        context=everywhere,
    )
    fragment = last_name[1:].lower()
    for role, client in roles.items():
        for note in ("diabet", "no-such-note"):  # a match in another branch, and none
            for name_leaf in (("search_name", "ilike", fragment), ("display_name", "ilike", fragment)):
                domain = [name_leaf, ("medical_note", "ilike", note)]
                if role == "assistant":  # a clinical role searches medical data, in its branch only
                    rows = client.call("dental.patient", "search_read", domain, fields=["id"], limit=80)
                    assert rows == [], (role, note)
                    continue
                refused(
                    lambda client=client, domain=domain: client.call(
                        "dental.patient", "search_read", domain, fields=["id"], limit=80
                    ),
                    ACCESS_ERROR,
                    what=f"{role}, {note}, {name_leaf}",
                )
            if role != "assistant":
                refused(
                    lambda client=client, note=note: client.call(
                        "dental.patient", "name_search", fragment, [("medical_note", "ilike", note)]
                    ),
                    ACCESS_ERROR,
                    what=f"{role}, {note}",
                )
        if role not in NO_ACCESS:
            found = client.call("dental.patient", "search", [("search_name", "ilike", fragment)], limit=80)
            assert hidden not in found and found == [], role


def _allow_export(admin, ref, roles):
    """Odoo's own right to export data, for the front desk (export_data asks for it)."""
    group = ref("base.group_allow_export")
    for role in FRONT_DESK:
        admin.call("res.users", "write", [roles[role].uid], {"groups_id": [(4, group)]})


def _book(client, export=True):
    url = f"{client.url}/dental_patient/book/patients.xlsx" + ("?export=1" if export else "")
    return client.session.get(url, timeout=120)


def test_book_export_writes_text_for_the_wizard_roles_only(admin, roles, patient, everywhere, ref):
    values = {"street": '=HYPERLINK("http://evil.example","click")', "city": "+1+2", "zip": "-2+3"}
    admin.call("dental.patient", "write", [patient], values, context=everywhere)
    _allow_export(admin, ref, roles)
    for role, client in roles.items():
        response = _book(client)
        if role not in FRONT_DESK:
            assert response.status_code == 403, (role, response.status_code)
            continue
        assert response.status_code == 200, (role, response.status_code)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        [row] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == str(patient)]
        cells = {cell.value: cell for cell in row}
        for value in values.values():
            assert cells[value].data_type == "s", (role, value)
    # the empty template stays for every internal user
    assert _book(roles["assistant"], export=False).status_code == 200
    assert _book(roles["portal"], export=False).status_code == 403


def test_book_limits(admin, roles, ref):
    ICP = "ir.config_parameter"
    _allow_export(admin, ref, roles)
    admin.call(ICP, "set_param", "dental_patient.book_max_rows", "1")
    try:
        for role in FRONT_DESK:
            client = roles[role]
            assert _book(client).status_code == 400, role  # more patients than the limit: a clear refusal
            rows = "Last name,First name\nAa,Bb\nCc,Dd\n"
            wizard = client.call(
                "dental.book.import",
                "create",
                {"book": "patients", "file": base64.b64encode(rows.encode()).decode(), "filename": "p.csv"},
                context=client.context,
            )
            with pytest.raises(Exception) as error:
                client.call("dental.book.import", "action_import", [wizard], context=client.context)
            assert "UserError" in error.value.name and "more than the 1" in error.value.message, role
    finally:
        admin.call(ICP, "set_param", "dental_patient.book_max_rows", "50000")
    for role in ("assistant", *NO_ACCESS):
        refused(
            lambda client=roles[role]: client.call(
                "dental.book.import", "create", {"book": "patients"}, context=client.context
            ),
            ACCESS_ERROR,
            what=role,
        )


def test_printed_copy_and_signed_scan_kept_from_staff(admin, roles, patient, ref, everywhere):
    _print(admin, roles["registrar"], patient, ref)
    [document] = _documents(admin, patient, everywhere)
    pdf = document["pdf_attachment_id"][0]
    for role, client in roles.items():
        for method, args in (("unlink", [[pdf]]), ("write", [[pdf], {"raw": "forged"}])):
            refused(
                lambda client=client, method=method, args=args: client.call(
                    "ir.attachment", method, *args, context=client.context
                ),
                ACCESS_ERROR,
                what=f"{role}, {method}",
            )
    # the first signed scan is the front desk's; replacing or removing it is not
    scan = base64.b64encode(b"scan").decode()
    roles["registrar"].call(
        "dental.patient.document",
        "write",
        [document["id"]],
        {"signed_file": scan, "signed_filename": "scan.pdf"},
        context=roles["registrar"].context,
    )
    assert _documents(admin, patient, everywhere)[0]["state"] == "signed"
    [scan_id] = admin.call(
        "ir.attachment",
        "search",
        [
            ("res_model", "=", "dental.patient.document"),
            ("res_id", "=", document["id"]),
            ("res_field", "=", "signed_file"),
        ],
        context=everywhere,
    )
    for role, client in roles.items():
        for vals in (
            {"signed_file": base64.b64encode(b"other").decode()},
            {"signed_file": False},
            {"state": "printed"},
        ):
            refused(
                lambda client=client, vals=vals: client.call(
                    "dental.patient.document", "write", [document["id"]], vals, context=client.context
                ),
                ACCESS_ERROR,
                what=f"{role}, {vals}",
            )
        refused(
            lambda client=client: client.call("ir.attachment", "unlink", [scan_id], context=client.context),
            ACCESS_ERROR,
            what=role,
        )
    [kept] = admin.call(
        "dental.patient.document", "read", [document["id"]], fields=["signed_file", "state"], context=everywhere
    )
    assert base64.b64decode(kept["signed_file"]) == b"scan" and kept["state"] == "signed"
    assert admin.call("ir.attachment", "search_count", [("id", "=", pdf)], context=everywhere) == 1


def test_consent_never_lifts_another_patients_refusal(admin, roles, branch, other_branch, everywhere):
    number = f"+7916{uuid.uuid4().int % 10**7:07d}"
    refusing = admin.call(
        "dental.patient",
        "create",
        {"last_name": "Refusing", "first_name": "Other", "company_id": other_branch, "mobile": number},
        context=everywhere,
    )
    admin.call("dental.patient", "write", [refusing], {"sms_consent": False}, context=everywhere)
    shared = admin.call(
        "dental.patient",
        "create",
        {"last_name": "Sharing", "first_name": "Here", "company_id": branch["company"], "mobile": number},
        context=branch["context"],
    )

    def listed():
        return admin.call("phone.blacklist", "search_count", [("number", "=", number)])

    assert listed()
    for role in ("registrar", "senior_registrar", "assistant"):
        client = roles[role]
        for consent in (False, True):
            client.call("dental.patient", "write", [shared], {"sms_consent": consent}, context=client.context)
        assert listed(), role
    # the other branch's patient consents too: still not the role users' to lift (they cannot see them)
    admin.call("dental.patient", "write", [refusing], {"sms_consent": True}, context=everywhere)
    admin.call("phone.blacklist", "add", [], number)
    for role in FRONT_DESK:
        client = roles[role]
        for consent in (False, True):
            client.call("dental.patient", "write", [shared], {"sms_consent": consent}, context=client.context)
        assert listed(), role
    for role in NO_ACCESS:
        refused(
            lambda client=roles[role]: client.call(
                "dental.patient", "write", [shared], {"sms_consent": True}, context=client.context
            ),
            ACCESS_ERROR,
            what=role,
        )


def test_consent_of_another_branchs_patient_refused(admin, roles, other_branch, everywhere):
    """Recording a consent (or its withdrawal) is evidence on a patient's card: nobody working in one branch records
    one for a patient of another branch, neither directly nor by claiming that branch in the context."""
    other = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Far{uuid.uuid4().hex[:6]}", "first_name": "Patient", "company_id": other_branch},
        context=everywhere,
    )
    admin.call("dental.patient", "write", [other], {"sms_consent": True}, context=everywhere)
    for role, client in roles.items():
        for context in (client.context, {**client.context, "allowed_company_ids": [other_branch]}):
            refused(
                lambda client=client, context=context: client.call(
                    "dental.patient.consent",
                    "create",
                    {"patient_id": other, "kind": "sms", "given": False},
                    context=context,
                ),
                ACCESS_ERROR,
                what=role,
            )
    assert not admin.call("dental.patient.consent", "search_count", [("patient_id", "=", other), ("given", "=", False)])
    [card] = admin.call("dental.patient", "read", [other], ["sms_consent"], context=everywhere)
    assert card["sms_consent"], "the other branch's card kept its consent"


@pytest.mark.parametrize("password", ["admin", "dental-admin-change-me", ""])
def test_database_manager_has_no_default_password(anonymous, password):
    # list_countries asks for the master password and, unlike drop or dump, is not also blocked by list_db:
    # it answers whether a password is the master password, and changes nothing
    with pytest.raises(Exception) as error:
        anonymous._post("/jsonrpc", {"service": "db", "method": "list_countries", "args": [password]})
    assert "AccessDenied" in getattr(error.value, "name", ""), error.value
