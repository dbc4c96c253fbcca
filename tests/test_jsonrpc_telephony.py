"""Telephony over HTTP (dental_telephony, issue 23): a branch's PBX posts its call events to the webhooks (UIS with
its token, Mango Office signed); the front desk reads the call and its popup over JSON-RPC, without the recording;
refused webhooks store nothing; the lowest roles cannot forge a call."""

import hashlib
import json
import uuid

import pytest
import requests
from odoo_rpc import ACCESS_ERROR, USER_ERROR, refused


@pytest.fixture
def pbx(admin, ref, branch, make_user):
    suffix = uuid.uuid4().hex[:8]
    ctx = branch["context"]
    uis = admin.call(
        "dental.pbx.account",
        "create",
        {"name": f"E2E UIS {suffix}", "provider": "uis", "company_id": branch["company"], "missed_call_sms": True},
        context=ctx,
    )
    mango = admin.call(
        "dental.pbx.account",
        "create",
        {
            "name": f"E2E Mango {suffix}",
            "provider": "mango",
            "company_id": branch["company"],
            "api_key": f"key-{suffix}",
            "api_secret": f"salt-{suffix}",
        },
        context=ctx,
    )
    [account] = admin.call("dental.pbx.account", "read", [uis], fields=["webhook_token"], context=ctx)
    # a number only this test uses: +7 9xx from the suffix's digits
    digits = str(int(suffix, 16))[-7:].rjust(7, "0")
    patient = admin.call(
        "dental.patient",
        "create",
        {"last_name": f"Zvonkov {suffix}", "first_name": "Petr", "mobile": f"+7985{digits}"},
        context=ctx,
    )
    return {
        "uis": uis,
        "mango": mango,
        "token": account["webhook_token"],
        "key": f"key-{suffix}",
        "salt": f"salt-{suffix}",
        "suffix": suffix,
        "patient": patient,
        "number": f"+7985{digits}",
        "unknown": f"+7986{digits}",
        "registrar": make_user(["dental_patient.group_registrar"], branch["company"]),
        "doctor": make_user(["dental_patient.group_doctor"], branch["company"]),
        "ctx": ctx,
    }


def _calls(admin, pbx, account):
    return admin.call(
        "dental.call",
        "search_read",
        [("account_id", "=", account)],
        fields=["status", "caller_number", "patient_id", "duration", "missed_sms_sent", "recording_url"],
        context=pbx["ctx"],
    )


def _uis(server, pbx, status=200, token=None, **payload):
    url, _db = server
    response = requests.post(
        f"{url}/dental_telephony/uis/{pbx['uis']}",
        params={"token": pbx["token"] if token is None else token},
        json=payload,
        timeout=30,
    )
    assert response.status_code == status, response.text
    return response


def test_uis_call_reaches_the_front_desk(server, admin, pbx):
    session = f"e2e-{pbx['suffix']}"
    _uis(server, pbx, event="call_start", call_session_id=session, contact_phone_number=pbx["number"], direction="in")
    _uis(server, pbx, event="call_start", call_session_id=session, contact_phone_number=pbx["number"], direction="in")
    [call] = _calls(admin, pbx, pbx["uis"])
    assert (call["status"], call["caller_number"], call["patient_id"][0]) == ("ringing", pbx["number"], pbx["patient"])
    # the branch's registrar (told by the bus: dental_telephony's tests) reads the popup and the call, not the recording
    registrar = pbx["registrar"]
    info = registrar.call("dental.call", "dental_popup_info", [call["id"]], context=registrar.context)
    assert info["patient"]["id"] == pbx["patient"]
    refused(lambda: registrar.call("dental.call", "read", [call["id"]], ["recording_url"]), ACCESS_ERROR)
    refused(lambda: registrar.call("dental.call", "write", [call["id"]], {"status": "answered"}), USER_ERROR)
    refused(lambda: registrar.call("dental.call", "unlink", [call["id"]]), ACCESS_ERROR)
    refused(lambda: registrar.call("dental.call", "create", {"external_id": "forged"}), ACCESS_ERROR)
    doctor = pbx["doctor"]
    refused(lambda: doctor.call("dental.call", "read", [call["id"]], ["caller_number"]), ACCESS_ERROR)
    _uis(server, pbx, event="call_end", call_session_id=session, talk_time_duration=42, direction="in")
    [call] = _calls(admin, pbx, pbx["uis"])
    assert (call["status"], call["duration"], call["missed_sms_sent"]) == ("answered", 42, False)


def test_uis_missed_call_and_refused_webhooks(server, admin, pbx):
    _uis(server, pbx, status=403, token="wrong", event="call_start", call_session_id="x", direction="in")
    _uis(server, pbx, status=400, event="call_start", direction="in")
    assert _calls(admin, pbx, pbx["uis"]) == []
    session = f"e2e-missed-{pbx['suffix']}"
    for _attempt in range(2):
        _uis(server, pbx, event="call_missed", call_session_id=session, contact_phone_number=pbx["unknown"])
    [call] = _calls(admin, pbx, pbx["uis"])
    assert (call["status"], call["missed_sms_sent"]) == ("missed", True)
    sms = admin.call("sms.sms", "search_count", [("number", "=", pbx["unknown"])])
    assert sms == 1


def test_mango_signed_events(server, admin, pbx):
    url, _db = server

    def post(event, payload, salt=pbx["salt"]):
        body = json.dumps(payload)
        sign = hashlib.sha256(f"{pbx['key']}{body}{salt}".encode()).hexdigest()
        return requests.post(
            f"{url}/dental_telephony/mango/{pbx['mango']}/events/{event}",
            data={"vpbx_api_key": pbx["key"], "sign": sign, "json": body},
            timeout=30,
        )

    entry = f"mango-{pbx['suffix']}"
    appeared = {"entry_id": entry, "call_state": "Appeared", "from": {"number": pbx["number"]}, "to": {}}
    assert post("call", appeared, salt="forged").status_code == 403
    assert _calls(admin, pbx, pbx["mango"]) == []
    assert post("call", appeared).status_code == 200
    summary = {"entry_id": entry, "call_direction": 1, "from": {"number": pbx["number"]}, "to": {},
               "talk_time": 1795766410, "end_time": 1795766470, "entry_result": 1}  # fmt: skip
    assert post("summary", summary).status_code == 200
    [call] = _calls(admin, pbx, pbx["mango"])
    assert (call["status"], call["duration"], call["patient_id"][0]) == ("answered", 60, pbx["patient"])


def test_account_actions_need_the_right_to_write_the_account(admin, pbx, make_user, branch):
    """A Director reads the PBX accounts, but their buttons act as the superuser (a new webhook token, Beeline's
    subscription): called over RPC by a Director or the front desk, they are refused and change nothing."""
    director = make_user(["dental_patient.group_director"], branch["company"])
    [before] = admin.call("dental.pbx.account", "read", [pbx["uis"]], fields=["webhook_token"], context=pbx["ctx"])
    for user in (director, pbx["registrar"]):
        for method in ("action_regenerate_token", "action_beeline_subscribe", "action_beeline_unsubscribe"):
            refused(lambda u=user, m=method: u.call("dental.pbx.account", m, [pbx["uis"]], context=u.context),
                    ACCESS_ERROR, what=f"{user.uid} {method}")  # fmt: skip
    [after] = admin.call("dental.pbx.account", "read", [pbx["uis"]], fields=["webhook_token"], context=pbx["ctx"])
    assert after["webhook_token"] == before["webhook_token"]


def test_click_to_call_only_for_those_who_work_the_phone(pbx):
    """A doctor reads the patient's card but does not place calls through the branch's PBX (its API secrets are
    used on the caller's behalf); the front desk without a PBX extension is told so."""
    refused(
        lambda: pbx["doctor"].call("dental.patient", "action_dental_call", [pbx["patient"]], context=pbx["ctx"]),
        ACCESS_ERROR,
    )
    error = refused(
        lambda: pbx["registrar"].call("dental.patient", "action_dental_call", [pbx["patient"]], context=pbx["ctx"]),
        USER_ERROR,
    )
    assert "PBX Extension" in error.message
