"""Booking over JSON-RPC: 50 registrars try the same chair slot at the same moment."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from odoo_rpc import OdooClient, RpcError

ATTEMPTS = 50
EN = {"lang": "en_US"}  # the messages checked below are the English ones


def _registrar(admin):
    """A client of its own (its own HTTP connection) in the admin's session."""
    client = OdooClient(admin.url, admin.db)
    client.session.cookies.update(admin.session.cookies)
    return client


def test_fifty_concurrent_bookings_of_one_slot(admin):
    tag = uuid.uuid4().hex[:8]
    chair_id = admin.call("dental.chair", "create", {"name": f"E2E chair {tag}"})
    doctor_id = admin.call("hr.employee", "create", {"name": f"E2E doctor {tag}"})
    patient_ids = admin.call(
        "dental.patient",
        "create",
        [{"last_name": f"Race{tag}", "first_name": f"P{index}"} for index in range(ATTEMPTS)],
    )
    start, stop = "2032-06-15 08:00:00", "2032-06-15 08:40:00"
    barrier = threading.Barrier(ATTEMPTS)

    def book(patient_id):
        client = _registrar(admin)
        barrier.wait(30)
        try:
            return client.call(
                "calendar.event",
                "create",
                {
                    "patient_id": patient_id,
                    "doctor_id": doctor_id,
                    "chair_id": chair_id,
                    "start": start,
                    "stop": stop,
                },
                context=EN,
            )
        except RpcError as error:
            return error

    try:
        with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
            results = list(pool.map(book, patient_ids))
        booked = [r for r in results if isinstance(r, int)]
        refused = [r for r in results if isinstance(r, RpcError)]
        assert len(booked) == 1, results
        assert len(refused) == ATTEMPTS - 1, results
        for error in refused:
            assert error.name == "odoo.exceptions.ValidationError", error
            assert "already" in error.message, error.message
        assert admin.call("calendar.event", "search_count", [("chair_id", "=", chair_id)]) == 1
        # The slot is free again once the booking is cancelled, and the booking stays in history.
        admin.call("calendar.event", "action_dental_cancel", booked)
        second = admin.call(
            "calendar.event",
            "create",
            {"patient_id": patient_ids[1], "doctor_id": doctor_id, "chair_id": chair_id, "start": start, "stop": stop},
        )
        assert admin.call("calendar.event", "search_count", [("chair_id", "=", chair_id)]) == 2
        booked.append(second)
    finally:
        events = admin.call("calendar.event", "search", [("chair_id", "=", chair_id)])
        if events:
            admin.call("calendar.event", "unlink", events)
        admin.call("dental.chair", "unlink", [chair_id])
        admin.call("dental.patient", "write", patient_ids, {"active": False})
        admin.call("hr.employee", "unlink", [doctor_id])


def test_moving_onto_a_taken_slot_is_refused_clearly(admin):
    tag = uuid.uuid4().hex[:8]
    chair_ids = admin.call("dental.chair", "create", [{"name": f"E2E move {tag} {i}"} for i in range(2)])
    doctor_ids = admin.call("hr.employee", "create", [{"name": f"E2E move doctor {tag} {i}"} for i in range(2)])
    patient_ids = admin.call(
        "dental.patient", "create", [{"last_name": f"Move{tag}", "first_name": f"P{i}"} for i in range(2)]
    )
    try:
        events = [
            admin.call(
                "calendar.event",
                "create",
                {
                    "patient_id": patient_ids[i],
                    "doctor_id": doctor_ids[i],
                    "chair_id": chair_ids[i],
                    "start": "2032-06-16 08:00:00",
                    "stop": "2032-06-16 08:40:00",
                },
            )
            for i in range(2)
        ]
        try:
            admin.call("calendar.event", "write", [events[1]], {"chair_id": chair_ids[0]}, context=EN)
            raise AssertionError("the move should be refused")
        except RpcError as error:
            assert error.name == "odoo.exceptions.ValidationError"
            assert "already booked" in error.message
            assert f"E2E move {tag} 0" in error.message, "the message names the chair"
        [event] = admin.call("calendar.event", "read", [events[1]], ["chair_id"])
        assert event["chair_id"][0] == chair_ids[1]
    finally:
        admin.call("calendar.event", "unlink", admin.call("calendar.event", "search", [("chair_id", "in", chair_ids)]))
        admin.call("dental.chair", "unlink", chair_ids)
        admin.call("dental.patient", "write", patient_ids, {"active": False})
        admin.call("hr.employee", "unlink", doctor_ids)
