"""Appointments over JSON-RPC as each low role (dental_calendar, issue 13).

Front desk works in its branch only, an assistant sees the visits assisted, a user without a dental role the
visits attended, a patient (portal) the time, doctor and status of their visits but never the staff's text;
fields that turn a check off are the server's.
"""

import uuid

import pytest
from odoo_rpc import refused

START, STOP = "2033-03-07 08:00:00", "2033-03-07 08:40:00"  # a Monday, far from any closed period
ACCESS, VALIDATION = "odoo.exceptions.AccessError", "odoo.exceptions.ValidationError"
LOW_ROLES = ("registrar", "senior_registrar", "assistant", "no_dental_role", "portal")


@pytest.fixture
def clinic(admin, branch):
    """In ``branch``: a chair, a doctor, a patient and an appointment with the staff's text; the same in another branch."""
    suffix = uuid.uuid4().hex[:8]
    other = admin.call("res.company", "create", {"name": f"E2E other {suffix}", "parent_id": branch["parent"]})
    data = {"other": other}
    for key, company in (("", branch["company"]), ("other_", other)):
        ctx = {"allowed_company_ids": [company], "lang": "en_US"}
        chair = admin.call("dental.chair", "create", {"name": f"Chair {suffix}", "company_id": company}, context=ctx)
        chair_2 = admin.call(
            "dental.chair", "create", {"name": f"Chair 2 {suffix}", "company_id": company}, context=ctx
        )
        doctor = admin.call("hr.employee", "create", {"name": f"Dr. {key}{suffix}", "company_id": company}, context=ctx)
        patient = admin.call(
            "dental.patient",
            "create",
            {"last_name": f"Sec{suffix}", "first_name": key or "own", "company_id": company},
            context=ctx,
        )
        event = admin.call(
            "calendar.event",
            "create",
            {
                "patient_id": patient,
                "chair_id": chair,
                "doctor_id": doctor,
                "start": START,
                "stop": STOP,
                "note": "Staff: asks for a discount",
                "description": "<p>Staff only</p>",
            },
            context=ctx,
        )
        data.update(
            {
                f"{key}chair": chair,
                f"{key}chair_2": chair_2,
                f"{key}doctor": doctor,
                f"{key}patient": patient,
                f"{key}event": event,
            }
        )
    return data


def test_front_desk_works_in_its_branch_only(roles, clinic):
    both = [clinic["event"], clinic["other_event"]]
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        rows = client.call(
            "calendar.event", "search_read", [("id", "in", both)], fields=["note", "patient_id"], context=client.context
        )
        assert [row["id"] for row in rows] == [clinic["event"]], role
        assert rows[0]["note"] == "Staff: asks for a discount"
        refused(
            lambda client=client: client.call(
                "calendar.event", "read", [clinic["other_event"]], ["patient_id"], context=client.context
            ),
            ACCESS,
        )
        day = client.call(
            "dental.schedule",
            "get_schedule",
            False,
            "2033-03-07 00:00:00",
            "2033-03-08 00:00:00",
            context=client.context,
        )
        assert [a["id"] for a in day["appointments"]] == [clinic["event"]], role
        # another branch's doctor: nothing of that branch
        week = client.call(
            "dental.schedule",
            "get_schedule",
            clinic["other"],
            "2033-03-07 00:00:00",
            "2033-03-14 00:00:00",
            clinic["other_doctor"],
            context=client.context,
        )
        assert not week["appointments"], role
        # moving an appointment, a shift or a waiting list entry into the other branch is refused
        refused(
            lambda client=client: client.call(
                "dental.appointment.move.wizard",
                "create",
                {"event_id": clinic["other_event"], "date": "2033-03-08", "hour": 10, "chair_id": clinic["chair"]},
                context=client.context,
            ),
            ACCESS,
        )
        refused(
            lambda client=client: client.call(
                "dental.waitlist", "create", {"patient_id": clinic["other_patient"]}, context=client.context
            ),
            VALIDATION,
        )
        entry = client.call("dental.waitlist", "create", {"patient_id": clinic["patient"]}, context=client.context)
        refused(
            lambda client=client, entry=entry: client.call(
                "dental.waitlist", "write", [entry], {"company_id": clinic["other"]}, context=client.context
            ),
            ACCESS,
        )
        refused(
            lambda client=client, entry=entry: client.call(
                "dental.waitlist", "write", [entry], {"appointment_id": clinic["other_event"]}, context=client.context
            ),
            VALIDATION,
        )


def test_assistant_sees_the_visits_assisted(admin, roles, clinic):
    assistant = roles["assistant"]
    ids = [clinic["event"], clinic["other_event"]]
    assert not assistant.call("calendar.event", "search", [("id", "in", ids)], context=assistant.context)
    employee = admin.call(
        "hr.employee",
        "create",
        {"name": "E2E nurse", "user_id": assistant.uid, "company_id": assistant.context["allowed_company_ids"][0]},
    )
    admin.call("calendar.event", "write", [clinic["event"]], {"assistant_id": employee})
    assert assistant.call("calendar.event", "search", [("id", "in", ids)], context=assistant.context) == [
        clinic["event"]
    ]
    [row] = assistant.call("calendar.event", "read", [clinic["event"]], ["note"], context=assistant.context)
    assert row["note"] == "Staff: asks for a discount"


def test_no_dental_role_sees_the_visits_attended(admin, roles, clinic):
    user = roles["no_dental_role"]
    ctx = user.context
    assert not user.call("calendar.event", "search", [("patient_id", "!=", False)], context=ctx)
    refused(
        lambda: user.call(
            "calendar.event", "read", [clinic["event"]], ["patient_id", "note", "service_ids"], context=ctx
        ),
        ACCESS,
    )
    assert not user.call("calendar.attendee", "search", [("event_id", "=", clinic["event"])], context=ctx)
    refused(lambda: user.call("dental.schedule", "get_schedule", False, START, STOP, context=ctx), ACCESS)
    # attending the visit, the employee sees it
    admin.call("calendar.event", "write", [clinic["event"]], {"partner_ids": [(4, user.partner_id)]})
    [row] = user.call("calendar.event", "read", [clinic["event"]], ["note"], context=ctx)
    assert row["note"] == "Staff: asks for a discount"


def test_ordinary_meetings_stay_native(make_user, branch, roles):
    """A meeting of users without a dental role works as before, and every employee sees it."""
    user = roles["no_dental_role"]
    colleague = make_user(["base.group_user"], branch["company"])
    meeting = user.call(
        "calendar.event",
        "create",
        {
            "name": "Inventory",
            "start": START,
            "stop": STOP,
            "description": "<p>Count the gloves</p>",
            "partner_ids": [(6, 0, [user.partner_id, colleague.partner_id])],
        },
        context=user.context,
    )
    [row] = colleague.call(
        "calendar.event", "read", [meeting], ["description", "attendee_ids"], context=colleague.context
    )
    assert "gloves" in row["description"] and len(row["attendee_ids"]) == 2
    colleague.call("calendar.event", "write", [meeting], {"name": "Inventory (moved)"}, context=colleague.context)
    registrar = roles["registrar"]
    [row] = registrar.call("calendar.event", "read", [meeting], ["name"], context=registrar.context)
    assert row["name"] == "Inventory (moved)"


def test_portal_patient_sees_time_doctor_status_not_staff_text(admin, anonymous, roles, clinic):
    portal = roles["portal"]
    ctx = portal.context
    admin.call("calendar.event", "write", [clinic["event"]], {"partner_ids": [(4, portal.partner_id)]})
    rows = portal.call(
        "calendar.event",
        "search_read",
        [("id", "in", [clinic["event"], clinic["other_event"]])],
        fields=["start", "stop", "doctor_id", "dental_state"],
        context=ctx,
    )
    assert [(r["id"], r["doctor_id"][0], r["dental_state"]) for r in rows] == [
        (clinic["event"], clinic["doctor"], "scheduled")
    ]
    refused(lambda: portal.call("calendar.event", "read", [clinic["event"]], ["note"], context=ctx), ACCESS)
    refused(lambda: portal.call("calendar.event", "search", [("note", "ilike", "discount")], context=ctx), ACCESS)
    [row] = portal.call("calendar.event", "read", [clinic["event"]], ["description"], context=ctx)
    assert not row["description"]
    assert not portal.call(
        "calendar.event", "search", [("id", "=", clinic["event"]), ("description", "ilike", "Staff")], context=ctx
    )
    refused(lambda: portal.call("dental.schedule", "get_schedule", False, START, STOP, context=ctx), ACCESS)
    # nor calendar's invitation page (an attendee's token, rendered as superuser)
    [attendee] = admin.call(
        "calendar.attendee",
        "search_read",
        [("event_id", "=", clinic["event"]), ("partner_id", "=", portal.partner_id)],
        fields=["access_token"],
    )
    page = anonymous.session.get(
        f"{anonymous.url}/calendar/meeting/view",
        params={"token": attendee["access_token"], "id": clinic["event"]},
        timeout=60,
    )
    assert page.ok and "o_event_table" in page.text
    assert "Staff only" not in page.text


def test_doctor_exclusive_is_the_servers(admin, roles, clinic):
    """Writing the flag that turns the doctor's overlap check off is refused for every role; the check holds."""
    for role in LOW_ROLES:
        client = roles[role]
        refused(
            lambda client=client: client.call(
                "calendar.event", "write", [clinic["event"]], {"dental_doctor_exclusive": False}, context=client.context
            ),
            ACCESS,
        )
    [row] = admin.call("calendar.event", "read", [clinic["event"]], ["dental_doctor_exclusive"])
    assert row["dental_doctor_exclusive"] is True
    vals = {
        "patient_id": clinic["patient"],
        "chair_id": clinic["chair_2"],
        "doctor_id": clinic["doctor"],
        "start": START,
        "stop": STOP,
    }
    for role in ("registrar", "senior_registrar"):
        client = roles[role]
        refused(
            lambda client=client: client.call(
                "calendar.event", "create", dict(vals, dental_doctor_exclusive=False), context=client.context
            ),
            ACCESS,
        )
        refused(
            lambda client=client: client.call(
                "calendar.event", "create", vals, context=dict(client.context, default_dental_doctor_exclusive=False)
            ),
            ACCESS,
        )
        error = refused(
            lambda client=client: client.call("calendar.event", "create", vals, context=client.context), VALIDATION
        )
        assert "already has a patient" in error.message
        refused(
            lambda client=client: client.call(
                "calendar.event", "write", [clinic["event"]], {"dental_completion_done": True}, context=client.context
            ),
            ACCESS,
        )
    assert admin.call("calendar.event", "search_count", [("chair_id", "=", clinic["chair_2"])]) == 0


def test_shift_versions_are_the_front_desks_of_their_branch(admin, roles, clinic, branch):
    """A saved shift plan: its lines are the server's snapshot, restored by the front desk of its branch only."""
    # the doctors' shifts of the day in both branches (06:00-14:00 UTC holds the appointments at 08:00)
    for key in ("", "other_"):
        admin.call(
            "dental.shift",
            "create",
            {
                "employee_id": clinic[f"{key}doctor"],
                "chair_id": clinic[f"{key}chair"],
                "start": "2033-03-07 06:00:00",
                "stop": "2033-03-07 14:00:00",
            },
        )
    registrar = roles["registrar"]
    forged_line = {"employee_id": clinic["doctor"], "chair_id": clinic["chair_2"], "start": START, "stop": STOP}
    version = registrar.call(
        "dental.shift.version",
        "create",
        {"date_from": "2033-03-07", "date_to": "2033-03-07", "line_ids": [(0, 0, forged_line)]},
        context=registrar.context,
    )
    [saved] = registrar.call("dental.shift.version", "read", [version], ["line_ids"], context=registrar.context)
    lines = registrar.call(
        "dental.shift.version.line", "read", saved["line_ids"], ["chair_id"], context=registrar.context
    )
    assert [line["chair_id"][0] for line in lines] == [clinic["chair"]], "the branch's shift, not the forged line"
    refused(
        lambda: registrar.call(
            "dental.shift.version.line", "create", {**forged_line, "version_id": version}, context=registrar.context
        ),
        ACCESS,
    )
    refused(
        lambda: registrar.call(
            "dental.shift.version", "write", [version], {"date_to": "2033-03-08"}, context=registrar.context
        ),
        "odoo.exceptions.UserError",
    )
    other_version = admin.call(
        "dental.shift.version",
        "create",
        {"company_id": clinic["other"], "date_from": "2033-03-07", "date_to": "2033-03-07"},
        context={"allowed_company_ids": [clinic["other"]], "lang": "en_US"},
    )
    refused(
        lambda: registrar.call("dental.shift.version", "action_restore", [other_version], context=registrar.context),
        ACCESS,
    )
    for role in ("assistant", "no_dental_role", "portal"):
        client = roles[role]
        refused(
            lambda client=client: client.call(
                "dental.shift.version", "search_read", [], fields=["name"], context=client.context
            ),
            ACCESS,
            what=role,
        )
        refused(
            lambda client=client: client.call(
                "dental.shift.version", "action_restore", [version], context=client.context
            ),
            ACCESS,
            what=role,
        )
    # the front desk restores its own branch's plan: the appointment stays inside the restored shift
    registrar.call("dental.shift.version", "action_restore", [version], context=registrar.context)
    shifts = registrar.call(
        "dental.shift",
        "search_read",
        [("company_id", "=", branch["company"]), ("start", "=", "2033-03-07 06:00:00")],
        fields=["employee_id"],
        context=registrar.context,
    )
    assert [shift["employee_id"][0] for shift in shifts] == [clinic["doctor"]]
