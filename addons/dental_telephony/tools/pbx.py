"""Adapters of the PBX webhooks: each one authenticates a request the way its provider signs it and turns the
body into ``CallEvent``s, or raises ``PbxError`` with the reason (answered 400, logged, nothing stored).

What each provider sends is described in docs/telephony.md; doc/protocols.md gives the sources each format was
checked against and what stays unverified.

- Mango Office (VPBX API): form fields ``vpbx_api_key``, ``sign``, ``json`` posted to ``<url>/events/call``,
  ``<url>/events/summary`` and ``<url>/events/recording``; ``sign = sha256(api_key + json + api_salt)``.
- UIS (CoMagic): HTTP notifications whose JSON body the clinic composes in UIS from its variables
  (``{{call_session_id}}``, ``{{contact_phone_number}}``...); UIS does not sign them: the URL carries a token.
- Beeline Cloud PBX: the event subscription of its API posts BroadWorks XSI events (XML); the subscription's
  URL carries a token. Recording links are asked for through the API (``X-MPBX-API-AUTH-TOKEN``) by the call's
  ``extTrackingId`` and the abonent's ``userId`` (the event's ``targetId``).
"""

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from lxml import etree

from odoo.addons.dental_patient.tools import webhook

START = "start"
ANSWER = "answer"
END = "end"
RECORDING = "recording"

MAX_TEXT = 256


class PbxError(ValueError):
    """The request is not an event of this provider: the reason is answered (400) and logged."""


class PbxForbidden(PbxError):
    """The request is not signed by the account: answered 403 and logged."""


@dataclass
class CallEvent:
    """One event of a call, in the terms of ``dental.call``. ``None`` means "not told by this event"."""

    external_id: str
    kind: str
    at: datetime | None = None
    direction: str | None = None  # "in" | "out"
    caller: str | None = None  # the patient's side (the calling number of an incoming call)
    called: str | None = None  # the clinic's (virtual) number
    extension: str | None = None  # the employee's extension or PBX user id
    answered: bool | None = None
    answer_at: datetime | None = None
    duration: int | None = None  # seconds of talk
    recording_url: str | None = None
    recording_ref: str | None = None  # the provider's recording id, to ask for its link


# A PBX's event arrives within seconds of what it tells: a time more than this ahead of its receipt is a clock in
# another zone (a local wall time sent as UTC: Mango's "UTC+3" times, a UIS time without its offset).
FUTURE_TOLERANCE = timedelta(minutes=30)


def clock_shift(events, received_at):
    """The whole hours by which these events' times run ahead of their receipt (``received_at``, naive UTC), when
    they do by more than FUTURE_TOLERANCE; a zero timedelta otherwise. Rounded to the hour: an event delivered
    late (a PBX's retry) still gives its zone's offset, up to half an hour late."""
    ahead = max(
        (moment - received_at for event in events for moment in (event.at, event.answer_at) if moment),
        default=timedelta(0),
    )
    if ahead <= FUTURE_TOLERANCE:
        return timedelta(0)
    return timedelta(hours=round(ahead / timedelta(hours=1)))


def shifted(event, shift):
    """``event`` with its times moved back by ``shift``."""
    if not shift:
        return event
    return replace(
        event,
        at=event.at - shift if event.at else event.at,
        answer_at=event.answer_at - shift if event.answer_at else event.answer_at,
    )


def secret_ok(expected, given):
    """Constant-time comparison of a configured secret and the one a request carries; empty never matches."""
    return webhook.secret_ok(expected, given)


def _text(value, label, required=False):
    if value is None or value == "":
        if required:
            raise PbxError(f"no '{label}'")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PbxError(f"'{label}' must be a text or a number")
    return str(value).strip()[:MAX_TEXT] or None


def _int(value, label):
    if value is None or value == "":
        return None
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        raise PbxError(f"'{label}' must be a number") from None
    if number < 0:
        raise PbxError(f"'{label}' must not be negative")
    return number


def _time(value, label, millis=False):
    """A moment given as a Unix time (seconds, or milliseconds with ``millis``) or an ISO 8601 date-time
    (UTC unless it carries an offset); naive UTC as Odoo stores it."""
    if value is None or value == "":
        return None
    if (isinstance(value, int | float) and not isinstance(value, bool)) or str(value).strip().isdigit():
        seconds = float(value) / (1000 if millis else 1)
        try:
            return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            raise PbxError(f"'{label}' is not a time") from None
    if not isinstance(value, str):
        raise PbxError(f"'{label}' is not a time")
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        raise PbxError(f"'{label}' is not a time") from None
    if moment.tzinfo:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _object(value, label):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PbxError(f"'{label}' must be an object")
    return value


# ---------------------------------------------------------------------------------------------- Mango Office


def mango_sign(api_key, body, salt):
    return hashlib.sha256(f"{api_key}{body}{salt}".encode()).hexdigest()


def mango_check(form, api_key, salt):
    """The ``json`` field of a Mango request signed by the account (``PbxForbidden`` otherwise)."""
    body = form.get("json")
    if not secret_ok(api_key, form.get("vpbx_api_key")) or not isinstance(body, str) or not salt:
        raise PbxForbidden("bad API key")
    if not secret_ok(mango_sign(api_key, body, salt), form.get("sign")):
        raise PbxForbidden("bad signature")
    try:
        payload = json.loads(body)
    except ValueError:
        raise PbxError("'json' is not JSON") from None
    if not isinstance(payload, dict):
        raise PbxError("'json' must be an object")
    return payload


def _mango_number(part):
    number = _text(part.get("number"), "number")
    return number and number.removeprefix("sip:")


def mango_parse(event, payload):
    """Events of ``events/<event>``: ``call`` (state changes), ``summary`` (the end), ``recording`` (its
    progress) and ``record/added`` (the recording put in Mango's cloud storage: ``entry_id``, ``recording_id``,
    ``user_id``, ``product_id``, ``timestamp``). Other events (DTMF, SMS, ``record/tagged``...) are acknowledged
    and give nothing."""
    entry = _text(payload.get("entry_id"), "entry_id", required=True)
    if event == "record/added":
        return [
            CallEvent(
                external_id=entry,
                kind=RECORDING,
                recording_ref=_text(payload.get("recording_id"), "recording_id", required=True),
            )
        ]
    if event == "call":
        state = _text(payload.get("call_state"), "call_state", required=True)
        source = _object(payload.get("from"), "from")
        target = _object(payload.get("to"), "to")
        outgoing = bool(source.get("extension"))
        at = _time(payload.get("timestamp"), "timestamp")
        common = {
            "external_id": entry,
            "at": at,
            "direction": "out" if outgoing else "in",
            "caller": _mango_number(target if outgoing else source),
            "called": _text(target.get("line_number"), "to.line_number")
            or (None if outgoing else _mango_number(target)),
            "extension": _text((source if outgoing else target).get("extension"), "extension"),
        }
        if state == "Appeared":
            return [CallEvent(kind=START, **common)]
        if state == "Connected":
            return [CallEvent(kind=ANSWER, answer_at=at, **common)]
        if state in ("Disconnected", "OnHold"):
            return []  # the summary tells the end
        raise PbxError(f"unknown call_state '{state}'")
    if event == "summary":
        direction = _int(payload.get("call_direction"), "call_direction")
        if direction not in (0, 1, 2):
            raise PbxError("'call_direction' must be 0, 1 or 2")
        if direction == 0:
            return []  # a call between employees
        source = _object(payload.get("from"), "from")
        target = _object(payload.get("to"), "to")
        outgoing = direction == 2
        talk = _int(payload.get("talk_time"), "talk_time")
        end = _int(payload.get("end_time"), "end_time")
        if end is None:
            raise PbxError("no 'end_time'")
        answered = bool(talk) and _int(payload.get("entry_result"), "entry_result") != 0
        return [
            CallEvent(
                external_id=entry,
                kind=END,
                at=_time(end, "end_time"),
                direction="out" if outgoing else "in",
                caller=_mango_number(target if outgoing else source),
                called=_text(payload.get("line_number"), "line_number"),
                extension=_text((source if outgoing else target).get("extension"), "extension"),
                answered=answered,
                answer_at=_time(talk, "talk_time") if answered else None,
                duration=max(0, end - talk) if answered else 0,
            )
        ]
    if event == "recording":
        if _text(payload.get("recording_state"), "recording_state") != "Completed":
            return []  # Started, Continued (the recording goes on in another leg)
        # completion_code 1000: saved; 4002: shorter than the minimum, not saved; 22xx: the account is
        # restricted. recipient Mail: sent by e-mail only, nothing in the cloud to ask for.
        code = _int(payload.get("completion_code"), "completion_code")
        if code not in (None, 1000) or _text(payload.get("recipient"), "recipient") == "Mail":
            return []
        return [
            CallEvent(
                external_id=entry,
                kind=RECORDING,
                recording_ref=_text(payload.get("recording_id"), "recording_id", required=True),
            )
        ]
    return []


def mango_command(api_key, salt, payload):
    """Form of a signed Mango API command or query (``payload``: its JSON object)."""
    body = json.dumps(payload, separators=(",", ":"))
    return {"vpbx_api_key": api_key, "sign": mango_sign(api_key, body, salt), "json": body}


def mango_recording_request(api_key, salt, recording_id):
    """Form of Mango's ``queries/recording/post`` asking for a playable link. Mango answers a redirect to a
    temporary link that dies once used: it is followed at once, never stored (doc/protocols.md)."""
    return mango_command(api_key, salt, {"recording_id": recording_id, "action": "play"})


# ---------------------------------------------------------------------------------------------- UIS

UIS_KINDS = {
    "call_start": START,
    "call_answer": ANSWER,
    "call_end": END,
    "call_missed": END,
    "call_record": RECORDING,
}


def uis_parse(payload):
    """One notification of UIS composed as docs/telephony.md shows (``event`` names one of ``UIS_KINDS``)."""
    if not isinstance(payload, dict):
        raise PbxError("the body must be a JSON object")
    event = _text(payload.get("event"), "event", required=True)
    if event not in UIS_KINDS:
        raise PbxError(f"unknown event '{event}'")
    direction = _text(payload.get("direction"), "direction")
    if direction not in (None, "in", "out"):
        raise PbxError("'direction' must be 'in' or 'out'")
    kind = UIS_KINDS[event]
    at = _time(payload.get("notification_time"), "notification_time")
    answered = None
    if event == "call_end":
        answered = bool(_int(payload.get("talk_time_duration"), "talk_time_duration"))
    elif event == "call_missed":
        answered = False
    recording = _text(payload.get("file_link"), "file_link")
    if recording and not recording.startswith(("https://", "http://")):
        raise PbxError("'file_link' must be an http(s) address")
    if kind == RECORDING and not recording:
        raise PbxError("no 'file_link'")
    return [
        CallEvent(
            external_id=_text(payload.get("call_session_id"), "call_session_id", required=True),
            kind=kind,
            at=at,
            direction=direction,
            caller=_text(payload.get("contact_phone_number"), "contact_phone_number"),
            called=_text(payload.get("virtual_phone_number"), "virtual_phone_number"),
            extension=_text(payload.get("employee_id"), "employee_id"),
            answered=answered,
            answer_at=at if kind == ANSWER else None,
            duration=_int(payload.get("talk_time_duration"), "talk_time_duration") if kind == END else None,
            recording_url=recording,
        )
    ]


# ---------------------------------------------------------------------------------------------- Beeline

BEELINE_KINDS = {
    "CallReceivedEvent": START,
    "CallOriginatedEvent": START,
    "CallAnsweredEvent": ANSWER,
    "CallReleasedEvent": END,
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def _child(node, name):
    if node is None:
        return None
    found = node.xpath(f"./*[local-name()='{name}']")
    return found[0] if found else None


def _child_text(node, name):
    child = _child(node, name)
    return child.text.strip() if child is not None and child.text else None


def beeline_parse(body):
    """One XSI event (``xsi:Event``): received, originated, answered and released calls; other events
    (subscription renewals, holds...) give nothing."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        raise PbxError("the body is not XML") from None
    if etree.QName(root).localname != "Event":
        raise PbxError("the body is not an XSI event")
    data = _child(root, "eventData")
    if data is None:
        raise PbxError("no 'eventData'")
    kind_name = (data.get(_XSI_TYPE) or "").rpartition(":")[2]
    if kind_name not in BEELINE_KINDS:
        return []
    call = _child(data, "call")
    if call is None:
        raise PbxError("no 'call'")
    external_id = _text(_child_text(call, "extTrackingId") or _child_text(call, "callId"), "extTrackingId", True)
    personality = _child_text(call, "personality")
    if personality not in ("Originator", "Terminator", "Click-to-Dial"):
        raise PbxError("'personality' must be Originator or Terminator")
    address = _child_text(_child(call, "remoteParty"), "address") or ""
    caller = address.removeprefix("tel:").removeprefix("sip:").partition("@")[0] or None
    times = _child(call, "startTime"), _child(call, "answerTime"), _child(call, "releaseTime")
    start, answer, release = (_time(t.text if t is not None else None, "time", millis=True) for t in times)
    kind = BEELINE_KINDS[kind_name]
    answered = None
    if kind == END:
        answered = answer is not None
    target = _text(_child_text(root, "targetId"), "targetId")
    # Beeline finds a call's recording by its extTrackingId and the abonent's userId (the event's target):
    # GET v2/records/<extTrackingId>/<userId>/reference (v2/records/<id>/reference wants Beeline's record id)
    recording_ref = f"{external_id}/{target}" if answered and target else None
    return [
        CallEvent(
            external_id=external_id,
            kind=kind,
            at={START: start, ANSWER: answer, END: release}[kind],
            direction="in" if personality == "Terminator" else "out",
            caller=_text(caller, "remoteParty.address"),
            called=_text(_child_text(call, "addressOfRecord") or target, "targetId"),
            extension=target,
            answered=answered,
            answer_at=answer,
            duration=int((release - answer).total_seconds()) if answered and release else None,
            recording_ref=recording_ref,
        )
    ]
