"""Online booking over HTTP (dental_portal's slot API) against a registrar booking the same slots at once."""

import datetime
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from odoo_rpc import RpcError

TZ = "Europe/Moscow"  # UTC+3 all year
ROUNDS = 4  # slots raced for


@pytest.fixture
def clinic(admin, branch, make_user):
    """A fresh branch taking online bookings: a therapist's shift tomorrow 9:00-15:00 in one chair, a 40-minute
    service bookable online, a registrar of the branch and a patient of theirs."""
    tag = uuid.uuid4().hex[:8]
    company, ctx = branch["company"], branch["context"]
    calendar = admin.call("res.company", "read", [company], fields=["resource_calendar_id"])[0]["resource_calendar_id"]
    admin.call("resource.calendar", "write", [calendar[0]], {"tz": TZ})
    admin.call("res.company", "write", [company], {"dental_online_booking": True, "dental_booking_days": 30})
    job = admin.call("hr.job", "create", {"name": f"E2E therapist {tag}"})
    doctor = admin.call("hr.employee", "create", {"name": f"E2E doctor {tag}", "company_id": company, "job_id": job})
    chair = admin.call("dental.chair", "create", {"name": f"E2E chair {tag}", "company_id": company}, context=ctx)
    service = admin.call(
        "product.product",
        "create",
        {
            "name": f"E2E consultation {tag}",
            "type": "service",
            "is_dental_service": True,
            "dental_online_booking": True,
            "dental_duration": 40,
            "dental_job_id": job,
            "company_id": company,
        },
    )
    tomorrow = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(6))  # 9:00 in Moscow
    admin.call(
        "dental.shift",
        "create",
        {
            "employee_id": doctor,
            "chair_id": chair,
            "start": f"{start:%Y-%m-%d %H:%M:%S}",
            "stop": f"{start + datetime.timedelta(hours=6):%Y-%m-%d %H:%M:%S}",
        },
        context=ctx,
    )
    registrar = make_user(["dental_patient.group_registrar"], company)
    patient = admin.call(
        "dental.patient", "create", {"last_name": f"Walkin{tag}", "first_name": "Anna", "company_id": company}
    )
    # every e2e request comes from 127.0.0.1: lift the address limit for this test only
    old_limit = admin.call("ir.config_parameter", "get_param", "dental_portal.ip_per_hour")
    admin.call("ir.config_parameter", "set_param", "dental_portal.ip_per_hour", "1000")
    yield {
        "company": company,
        "chair": chair,
        "doctor": doctor,
        "service": service,
        "day": tomorrow.isoformat(),
        "registrar": registrar,
        "patient": patient,
    }
    admin.call("ir.config_parameter", "set_param", "dental_portal.ip_per_hour", old_limit or "")


def api(client, route, **params):
    return client._post(f"/booking/api/{route}", params)


def code_sent_to(admin, phone):
    sms = admin.call("sms.sms", "search_read", [("number", "=", phone)], fields=["body"], order="id desc", limit=1)
    assert sms, f"no code sent to {phone}"
    return re.search(r"\b(\d{6})\b", sms[0]["body"]).group(1)


def test_online_booking_against_a_concurrent_registrar(admin, anonymous, clinic):
    slots = api(
        anonymous,
        "slots",
        branch_id=clinic["company"],
        service_id=clinic["service"],
        date_from=clinic["day"],
        date_to=clinic["day"],
    )
    assert len(slots) == 17, slots  # 9:00 ... 14:20, 40 minutes on the 20-minute grid
    assert slots[0]["local_start"].endswith("09:00")
    results = []
    for index, slot in enumerate(slots[: 2 * ROUNDS : 2]):  # slots 40 minutes apart: each race is its own
        phone = f"+7916{uuid.uuid4().int % 10**7:07d}"
        booking = api(
            anonymous,
            "request",
            branch_id=clinic["company"],
            service_id=clinic["service"],
            doctor_id=clinic["doctor"],
            start=slot["start"],
            last_name=f"Online{index}",
            first_name="Petr",
            phone=phone,
        )
        assert "token" in booking, booking
        code = code_sent_to(admin, booking["phone"])
        barrier = threading.Barrier(2)

        def online(token=booking["token"], code=code, barrier=barrier):
            barrier.wait(30)
            return api(anonymous, "confirm", token=token, code=code)

        def registrar(slot=slot, barrier=barrier):
            barrier.wait(30)
            try:
                return clinic["registrar"].call(
                    "calendar.event",
                    "create",
                    {
                        "patient_id": clinic["patient"],
                        "doctor_id": clinic["doctor"],
                        "chair_id": clinic["chair"],
                        "start": slot["start"],
                        "stop": slot["stop"],
                    },
                    context=clinic["registrar"].context,
                )
            except RpcError as error:
                return error

        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = pool.submit(online), pool.submit(registrar)
            online_result, registrar_result = (future.result() for future in futures)
        online_won = "error" not in online_result
        registrar_won = isinstance(registrar_result, int)
        assert online_won != registrar_won, (online_result, registrar_result)
        if registrar_result and not registrar_won:
            assert registrar_result.name == "odoo.exceptions.ValidationError", registrar_result
        results.append(online_won)
        events = admin.call(
            "calendar.event",
            "search_read",
            [("chair_id", "=", clinic["chair"]), ("start", "=", slot["start"]), ("dental_state", "!=", "cancelled")],
            fields=["booking_source"],
        )
        assert len(events) == 1, events
        assert events[0]["booking_source"] == ("online" if online_won else "phone")
    # the slots taken are no longer offered
    left = api(
        anonymous,
        "slots",
        branch_id=clinic["company"],
        service_id=clinic["service"],
        date_from=clinic["day"],
        date_to=clinic["day"],
    )
    assert not {s["start"] for s in slots[: 2 * ROUNDS : 2]} & {s["start"] for s in left}


def test_bad_input_over_http_books_nothing(admin, anonymous, clinic):
    base = {
        "branch_id": clinic["company"],
        "service_id": clinic["service"],
        "doctor_id": clinic["doctor"],
        "last_name": "Bad",
        "first_name": "Input",
        "phone": "+7 916 000-11-22",
    }
    slot = f"{clinic['day']} 07:00:00"  # 10:00 local
    # the messages are in the visitor's language (the database's default here): each case has its own
    cases = [{"start": "2020-01-01 07:00:00"}, {"start": slot, "service_id": 0}, {"start": slot, "phone": "12"}]
    messages = {api(anonymous, "request", **{**base, **values}).get("error") for values in cases}
    assert None not in messages and len(messages) == len(cases), messages
    assert not admin.call("dental.booking.request", "search", [("last_name", "=", "Bad")])
    assert api(anonymous, "confirm", token="guessed-token", code="123456")["error"]
    assert not admin.call("calendar.event", "search", [("chair_id", "=", clinic["chair"])])
