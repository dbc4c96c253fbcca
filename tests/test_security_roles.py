"""Issue 16 (custom roles, roles by position) over JSON-RPC, as each low role and an HR officer: nobody below a
Director makes a role, gives a position a role or moves a user (themselves first of all) into a position with one."""

import uuid

import pytest
from odoo_rpc import ACCESS_ERROR, refused

LOW_ROLES = ("registrar", "senior_registrar", "assistant", "no_dental_role")


@pytest.fixture
def director_job(admin, ref):
    """A position giving the Director role."""
    name = f"E2E chief {uuid.uuid4().hex[:8]}"
    return admin.call("hr.job", "create", {"name": name, "dental_role_id": ref("dental_patient.dental_role_director")})


@pytest.fixture
def plain_job(admin):
    return admin.call("hr.job", "create", {"name": f"E2E cleaner {uuid.uuid4().hex[:8]}"})


def _is_director(admin, ref, client):
    director = ref("dental_patient.group_director")
    return bool(admin.call("res.users", "search_count", [("id", "=", client.uid), ("groups_id", "in", [director])]))


def test_low_roles_cannot_make_or_give_roles(admin, roles, ref, branch, director_job, plain_job):
    for role in LOW_ROLES:
        client = roles[role]
        employee = admin.call(
            "hr.employee",
            "create",
            {"name": f"E2E {role}", "user_id": client.uid, "company_id": branch["company"]},
            context=branch["context"],
        )
        refused(
            lambda client=client: client.call("dental.role", "create", {"name": "Mine", "medical_access": "edit"}),
            ACCESS_ERROR,
            what=f"{role} makes a role",
        )
        refused(
            lambda client=client: client.call(
                "hr.job", "write", [plain_job], {"dental_role_id": ref("dental_patient.dental_role_director")}
            ),
            ACCESS_ERROR,
            what=f"{role} gives a position the Director role",
        )
        refused(
            lambda client=client, employee=employee: client.call(
                "hr.employee", "write", [employee], {"job_id": director_job}, context=client.context
            ),
            ACCESS_ERROR,
            what=f"{role} moves into the Director's position",
        )
        refused(
            lambda client=client: client.call(
                "res.users",
                "write",
                [client.uid],
                {"dental_position_group_ids": [(4, ref("dental_patient.group_director"))]},
            ),
            what=f"{role} writes the groups of their position",
        )
        refused(
            lambda client=client: client.call(
                "res.groups",
                "write",
                [ref("dental_patient.group_registrar")],
                {"implied_ids": [(4, ref("dental_patient.group_director"))]},
            ),
            ACCESS_ERROR,
            what=f"{role} widens a role group",
        )
        assert not _is_director(admin, ref, client), role


def test_hr_officer_cannot_move_into_a_position_with_a_role(admin, make_user, branch, director_job, ref):
    officer = make_user(["base.group_user", "hr.group_hr_user"], branch["company"])
    employee = admin.call(
        "hr.employee",
        "create",
        {"name": "E2E officer", "user_id": officer.uid, "company_id": branch["company"]},
        context=branch["context"],
    )
    refused(
        lambda: officer.call("hr.employee", "write", [employee], {"job_id": director_job}, context=officer.context),
        ACCESS_ERROR,
    )
    assert not _is_director(admin, ref, officer)


def test_director_cannot_point_a_role_at_the_administrators(admin, make_user, branch, ref):
    director = make_user(["dental_patient.group_director"], branch["company"])
    refused(
        lambda: director.call("dental.role", "create", {"name": "Root", "group_id": ref("base.group_system")}),
        ACCESS_ERROR,
    )
    role = director.call(
        "dental.role", "create", {"name": f"E2E admin {uuid.uuid4().hex[:8]}", "schedule_access": "edit"}
    )
    refused(lambda: director.call("dental.role", "write", [role], {"group_id": ref("base.group_system")}), ACCESS_ERROR)
    [group] = director.call("dental.role", "read", [role], fields=["group_id"])
    implied = admin.call("res.groups", "read", [group["group_id"][0]], fields=["implied_ids"])[0]["implied_ids"]
    assert ref("base.group_system") not in implied
    assert ref("dental_patient.group_section_schedule_edit") in implied
