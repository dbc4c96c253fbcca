"""Parsers of the inbound channels' requests: each takes the decoded payload (a dict) and returns a
``Request`` or raises ``InboundError`` with the reason (answered 400, logged, nothing created).

The formats are the services' documented webhooks, reduced to what a lead needs (doc/protocols.md: the
sources each was checked against):

- Tilda form: form fields (``Name``, ``Phone``, ``Email``, ``tranid``, ``formid``, any other field goes to
  the description); ``test=test`` is Tilda's check of the URL (``Ping``).
- JivoChat webhooks: ``chat_finished`` and ``offline_message`` events (``visitor``: name, phone, email);
  other events, and a chat whose visitor left neither a phone nor an e-mail (nobody to call back: most chats),
  are acknowledged and ignored (``Ignored``: Jivo reads any answer but ``ok`` as a failure).
- VK Callback API: ``confirmation`` (``Confirmation``: the channel answers its code), ``message_new``
  (``object.message``: ``from_id``, ``text``; before API 5.103 ``object`` is the message); other types are
  acknowledged and ignored.
- ПроДокторов and СберЗдоровье bookings: a minimal JSON form of an online booking of our own
  (readme/DESCRIPTION.md): neither aggregator publishes a booking webhook (they call the clinic system's
  booking API), so a connector translates their calls into this form.
"""

import re
from dataclasses import dataclass, field

MAX_TEXT = 4000


class InboundError(ValueError):
    """The payload is not a request of this channel: the reason is answered and logged."""


class Ping(Exception):
    """The service checks the URL: answer success, create nothing."""


class Ignored(Exception):
    """An event that is not a request (a chat accepted, a VK like...): acknowledged, nothing created."""


class Confirmation(Exception):
    """VK's confirmation handshake: answer the channel's confirmation code."""


@dataclass
class Request:
    key: str
    name: str = ""
    phone: str = ""
    email: str = ""
    message: str = ""
    title: str = ""
    when: str = ""
    services: list = field(default_factory=list)


def _text(value, limit=MAX_TEXT):
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InboundError(f"a text was expected, got {type(value).__name__}")
    return value.strip()[:limit]


def _dict(payload, key, required=True):
    value = payload.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise InboundError(f"'{key}' must be an object")
    return value


def _check_phone(phone):
    if phone and len(re.sub(r"\D", "", phone)) < 5:
        raise InboundError(f"'{phone}' is not a phone number")
    return phone


def _need_contact(request):
    if not (request.phone or request.email):
        raise InboundError("neither a phone nor an e-mail")
    return request


def _mapping(payload):
    if not isinstance(payload, dict):
        raise InboundError("the body must be a JSON object or a form")
    return payload


def parse_tilda(payload):
    payload = _mapping(payload)
    if payload.get("test") == "test":
        raise Ping()
    fields_ci = {str(key).lower(): value for key, value in payload.items()}
    key = _text(fields_ci.get("tranid"), 64)
    if not key:
        raise InboundError("no 'tranid' (Tilda's request id)")
    known = {"name", "phone", "email", "tranid", "formid", "formname", "cookies", "utm_source", "token"}
    extra = [f"{k}: {_text(v, 500)}" for k, v in payload.items() if str(k).lower() not in known and v]
    request = Request(
        key=key,
        name=_text(fields_ci.get("name"), 200),
        phone=_check_phone(_text(fields_ci.get("phone"), 64)),
        email=_text(fields_ci.get("email"), 200),
        message="\n".join(extra),
        title=_text(fields_ci.get("formname"), 200),
    )
    return _need_contact(request)


def parse_jivo(payload):
    payload = _mapping(payload)
    event = _text(payload.get("event_name"), 64)
    if not event:
        raise InboundError("no 'event_name'")
    if event not in ("chat_finished", "offline_message"):
        raise Ignored()
    visitor = _dict(payload, "visitor")
    if event == "offline_message":
        key = _text(payload.get("offline_message_id"), 64)
        message = _text(payload.get("message"))
    else:
        key = _text(payload.get("chat_id"), 64)
        chat = _dict(payload, "chat", required=False)
        lines = chat.get("messages") or []
        if not isinstance(lines, list):
            raise InboundError("'chat.messages' must be a list")
        message = "\n".join(
            _text(line.get("message"), 1000)
            for line in lines
            if isinstance(line, dict) and line.get("type") == "visitor"
        )
    if not key:
        raise InboundError("no chat or message id")
    request = Request(
        key=f"{event}:{key}",
        name=_text(visitor.get("name"), 200),
        phone=_check_phone(_text(visitor.get("phone"), 64)),
        email=_text(visitor.get("email"), 200),
        message=message[:MAX_TEXT],
    )
    if event == "chat_finished" and not (request.phone or request.email):
        raise Ignored()
    return _need_contact(request)


def parse_vk(payload):
    payload = _mapping(payload)
    kind = _text(payload.get("type"), 64)
    if not kind:
        raise InboundError("no 'type'")
    if kind == "confirmation":
        raise Confirmation()
    if kind != "message_new":
        raise Ignored()
    obj = _dict(payload, "object")
    # API 5.103 and later: object = {"message": {...}, "client_info": {...}}; before 5.103 the object was the
    # message itself (the version is chosen per server in the community's Callback API settings).
    message = _dict(obj, "message") if "message" in obj or "from_id" not in obj else obj
    sender = message.get("from_id")
    if not isinstance(sender, int) or isinstance(sender, bool) or sender <= 0:
        raise InboundError("'object.message.from_id' must be a user id")
    key = _text(payload.get("event_id"), 64) or f"{sender}:{_text(message.get('id'), 32)}"
    return Request(
        key=key,
        name=f"VK id{sender}",
        message=_text(message.get("text")),
        title=f"VK: id{sender}",
    )


def _booking(key, patient, when, doctor, service, comment):
    if not key:
        raise InboundError("no booking id")
    if not when:
        raise InboundError("no booking time")
    name = " ".join(
        _text(patient.get(part), 100) for part in ("last_name", "first_name", "middle_name") if patient.get(part)
    ) or _text(patient.get("name"), 200)
    message = " ".join(filter(None, [doctor and f"[{doctor}]", comment]))
    request = Request(
        key=key,
        name=name,
        phone=_check_phone(_text(patient.get("phone"), 64)),
        email=_text(patient.get("email"), 200),
        message=message,
        when=when,
        services=[service] if service else [],
    )
    return _need_contact(request)


def parse_prodoctorov(payload):
    payload = _mapping(payload)
    booking = _dict(payload, "appointment")
    patient = _dict(payload, "patient")
    doctor = _dict(booking, "doctor", required=False)
    service = _dict(booking, "service", required=False)
    return _booking(
        _text(booking.get("id"), 64),
        patient,
        _text(booking.get("datetime"), 64),
        _text(doctor.get("name"), 200),
        _text(service.get("name"), 200),
        _text(booking.get("comment")),
    )


def parse_sberzdorovie(payload):
    payload = _mapping(payload)
    patient = _dict(payload, "patient")
    slot = _dict(payload, "slot")
    doctor = _dict(payload, "doctor", required=False)
    return _booking(
        _text(payload.get("id"), 64),
        patient,
        _text(slot.get("start"), 64),
        _text(doctor.get("name"), 200),
        _text(payload.get("service_name"), 200),
        _text(payload.get("comment")),
    )


PARSERS = {
    "tilda": parse_tilda,
    "jivo": parse_jivo,
    "vk": parse_vk,
    "prodoctorov": parse_prodoctorov,
    "sberzdorovie": parse_sberzdorovie,
}
