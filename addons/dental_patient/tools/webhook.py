"""The door of the inbound webhook routes (PBX events, SMS gateways, providers' callbacks, importers).

Each route keeps its own URL, authentication scheme and answers (they are the providers' contracts); what they
share is here: the secret compared in constant time, an empty or missing secret on either side never matching
(an account whose secret is not set refuses everything), the body read within a size limit, JSON parsed (malformed: the
route's 400), a refusal logged as a warning without the secret, and the JSON answer.
"""

import hmac
import json
import logging

from werkzeug.exceptions import RequestEntityTooLarge

from odoo.http import request

_logger = logging.getLogger(__name__)

FORBIDDEN = {"ok": False, "error": "forbidden"}


def secret_ok(expected, given):
    """True when ``given`` (what a request carries) equals ``expected`` (the configured secret or the signature
    computed with it), compared in constant time. Empty, missing or non-text values never match, and text is
    compared as UTF-8 bytes, so a header with non-ASCII characters is a refusal, not a server error."""
    if not expected or not given or not isinstance(expected, str | bytes) or not isinstance(given, str | bytes):
        return False
    expected = expected.encode() if isinstance(expected, str) else expected
    given = given.encode() if isinstance(given, str) else given
    return hmac.compare_digest(expected, given)


def bearer_token(httprequest, query_param=None):
    """The token of ``Authorization: Bearer <token>``; without that header, the ``?<query_param>=`` argument
    when one is named; else an empty string (which no secret matches)."""
    scheme, _sep, token = httprequest.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        return token.strip()
    return httprequest.args.get(query_param, "") if query_param else ""


def over_limit(httprequest, limit):
    """True when the request announces a body over ``limit`` bytes (checked before anything is read)."""
    length = httprequest.content_length
    return length is not None and length > limit


def read_body(httprequest, limit):
    """The raw body, or ``None`` when it is over ``limit`` bytes: refused on its Content-Length before it is
    read, and on its real size for a body sent without one (chunked)."""
    if over_limit(httprequest, limit):
        return None
    body = httprequest.get_data(cache=True)
    return None if len(body) > limit else body


def limit_body(httprequest, limit):
    """Refuse with 413 a body over ``limit`` bytes before anything reads it: for the routes declaring
    ``dental_max_body=<limit>`` (ir.http's ``_pre_dispatch``), before Odoo parses a form. Over its Content-Length,
    nothing is read; a body sent without one (chunked) is read up to one byte over the limit, then refused.
    Within the limit the body is kept (``get_data``), and the form is parsed from it."""
    httprequest.max_content_length = limit + 1  # werkzeug stops reading a chunked body there, silently
    if read_body(httprequest, limit) is None:
        data = {"ok": False, "error": "too large"}
        response = refuse(_logger, "Webhook %s refused: the body is over %s bytes", httprequest.path, limit,
                          status=413, data=data)  # fmt: skip
        raise RequestEntityTooLarge(response=response)


def parse_json(data, empty=None):
    """The JSON value of ``data`` (bytes or text); ``empty`` for an empty body; ``ValueError`` when malformed."""
    if not data:
        return empty
    return json.loads(data)


def json_response(data, status=200):
    return request.make_json_response(data, status=status)


def refuse(logger, message, *args, status=403, data=None):
    """A refusal logged as a warning on the route's ``logger`` (``message % args``, which never carries a secret)
    and answered as JSON, by default 403 ``{"ok": false, "error": "forbidden"}``. Nothing is stored."""
    logger.warning(message, *args)
    return json_response(FORBIDDEN if data is None else data, status=status)
