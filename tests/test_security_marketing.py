"""Inbound lead channels over JSON-RPC (dental_marketing): coordinators read a channel (its leads arrive through
it) but its secret token is hidden from them and written as the superuser by the channel's button; called over
RPC by a coordinator or a lower role, the button is refused and the token stays (a new token would cut the
site's form off until the address is changed there)."""

import uuid

from odoo_rpc import ACCESS_ERROR, refused


def test_low_roles_do_not_regenerate_a_channel_token(admin, roles, make_user, branch):
    suffix = uuid.uuid4().hex[:8]
    context = branch["context"]
    source = admin.call("utm.source", "create", {"name": f"E2E site {suffix}"})
    team = admin.call(
        "crm.team", "create", {"name": f"E2E team {suffix}", "is_dental": True, "company_id": branch["company"]}
    )
    channel = admin.call(
        "dental.marketing.channel",
        "create",
        {"name": f"E2E form {suffix}", "kind": "tilda", "company_id": branch["company"], "source_id": source,
         "team_id": team},
        context=context,
    )  # fmt: skip
    [before] = admin.call("dental.marketing.channel", "read", [channel], fields=["token"], context=context)
    coordinator = make_user(["dental_patient.group_coordinator"], branch["company"])
    assert coordinator.call("dental.marketing.channel", "read", [channel], fields=["name"], context=coordinator.context)
    for who, client in (("coordinator", coordinator), ("registrar", roles["registrar"])):
        refused(
            lambda c=client: c.call(
                "dental.marketing.channel", "action_regenerate_token", [channel], context=c.context
            ),
            ACCESS_ERROR,
            what=who,
        )
    [after] = admin.call("dental.marketing.channel", "read", [channel], fields=["token"], context=context)
    assert after["token"] == before["token"]
