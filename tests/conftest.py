"""Fixtures for the end-to-end tests: a running Odoo server with the product.

scripts/test.sh starts the server on the test database and exports
DENTAL_E2E_URL and DENTAL_E2E_DB; run by hand, point them at any server
(DENTAL_E2E_LOGIN / DENTAL_E2E_PASSWORD default to admin / admin).
"""

import datetime
import os
import time
import uuid

import pytest
import requests
from odoo_rpc import OdooClient


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("DENTAL_E2E_URL"), os.environ.get("DENTAL_E2E_DB")
    if not (url and db):
        pytest.fail("DENTAL_E2E_URL and DENTAL_E2E_DB must name a running server and its database (scripts/test.sh)")
    for _attempt in range(120):
        try:
            if requests.get(url + "/web/health", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        time.sleep(1)
    else:
        pytest.fail(f"no Odoo server answers at {url}")
    return url, db


@pytest.fixture
def admin(server):
    client = OdooClient(*server)
    client.authenticate(os.environ.get("DENTAL_E2E_LOGIN", "admin"), os.environ.get("DENTAL_E2E_PASSWORD", "admin"))
    return client


@pytest.fixture
def anonymous(server):
    return OdooClient(*server)


@pytest.fixture
def ref(admin):
    """The database id of an XML id: ``ref("dental_patient.group_registrar")``."""

    def _ref(xmlid):
        module, name = xmlid.split(".")
        rows = admin.call(
            "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
        )
        assert rows, f"no record with the XML id {xmlid}"
        return rows[0]["res_id"]

    return _ref


@pytest.fixture
def branch(admin):
    """A fresh branch of the main clinic (no demo data of its own) and the context to work in it."""
    suffix = uuid.uuid4().hex[:8]
    main = admin.call("res.users", "read", [admin.uid], fields=["company_id"])[0]["company_id"][0]
    company = admin.call("res.company", "create", {"name": f"E2E branch {suffix}", "parent_id": main})
    # the messages checked are the English ones
    return {"company": company, "parent": main, "context": {"allowed_company_ids": [company], "lang": "en_US"}}


@pytest.fixture
def branch_day(admin, branch):
    """ISO dates of ``branch`` as the server counts them: ``branch_day()`` is its today, ``branch_day(-2)`` two days
    before.

    The server's clock in the branch's time zone (its working-time calendar's, else the user's: ``_dental_tz``), never
    the test machine's date, which differs from it for hours around midnight when the two time zones differ.
    """
    [company] = admin.call("res.company", "read", [branch["company"]], fields=["resource_calendar_id"])
    calendar = company["resource_calendar_id"]
    tz = admin.call("resource.calendar", "read", [calendar[0]], fields=["tz"])[0]["tz"] if calendar else False
    context = {**branch["context"], "tz": tz} if tz else branch["context"]
    today = datetime.date.fromisoformat(
        admin.call("dental.cash.closing", "default_get", ["date"], context=context)["date"]
    )
    return lambda days=0: (today + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def make_user(admin, server, ref):
    """A factory of logged-in clients: ``make_user(["dental_patient.group_registrar"], company)``.

    Groups are XML ids; ``base.group_portal`` makes a portal user. The client carries
    ``.uid``, ``.partner_id`` and ``.context`` (its company, English).
    """

    def _make(groups, company, companies=None, name=None):
        suffix = uuid.uuid4().hex[:8]
        login = f"e2e_{suffix}"
        uid = admin.call(
            "res.users",
            "create",
            {
                "name": name or f"E2E user {suffix}",
                "login": login,
                "password": f"pw-{suffix}",
                "company_id": company,
                "company_ids": [(6, 0, companies or [company])],
                "groups_id": [(6, 0, [ref(g) for g in groups])],
            },
        )
        client = OdooClient(*server)
        client.authenticate(login, f"pw-{suffix}")
        assert client.uid == uid
        client.partner_id = admin.call("res.users", "read", [uid], fields=["partner_id"])[0]["partner_id"][0]
        client.context = {"allowed_company_ids": [company], "lang": "en_US"}
        return client

    return _make


# The low roles every guarded rule is tried with over RPC.
ROLE_GROUPS = {
    "registrar": ["dental_patient.group_registrar"],
    "senior_registrar": ["dental_cash.group_cash_senior"],
    "assistant": ["dental_patient.group_assistant"],
    "no_dental_role": ["base.group_user"],
    "portal": ["base.group_portal"],
}


@pytest.fixture
def roles(make_user, branch):
    """One logged-in client per low role, all working in ``branch``."""
    return {role: make_user(groups, branch["company"]) for role, groups in ROLE_GROUPS.items()}
