"""ATOL Online API v4 client (also the protocol of Бизнес.ру Онлайн-Чеки): token, registration of a receipt
(``sell``, ``sell_refund``, ``sell_correction``, ``sell_refund_correction``) and its report by uuid.

Plain HTTP, no ORM: the model builds the request body and keeps the state (see models/dental_ru_fiscal_receipt.py).
Every call goes through the product's retrying JSON client (dental_patient/tools/json_http.py). A registration is
never retried after a read timeout inside one call: ATOL may have taken it; the queue sends it again later with the
same ``external_id``, which ATOL refuses as a duplicate naming the document it already has (error 33), so a receipt is
never printed twice.

Checked against ATOL's "Описание протокола v4 (ФФД 1.05)", document version 4.6 (doc/fiscal_protocol.md lists the
sources and what stays unverified): errors come as JSON with HTTP 400/401 (read like a 200), a token missing or
expired is error 10/11 (HTTP 401), a report not ready yet is error 34 with ``status: wait``.
"""

import logging

from odoo.addons.dental_patient.tools.json_http import JsonHttpClient

_logger = logging.getLogger(__name__)

# ATOL error codes (API v4, table 6): 10 MissingToken, 11 ExpiredToken (HTTP 401): get a new token and call again.
# 12 is getToken's wrong login or password, 13 a validation error, 20 a group code not matching the token: a new
# token changes nothing there.
TOKEN_ERRORS = frozenset({10, 11})
DUPLICATE_ERROR = 33  # a document with this external_id exists in the group: its uuid is in the answer


class AtolUnreachable(Exception):
    """No answer we can act on (connection refused, timeouts, 5xx after retries): the outcome is unknown."""


class AtolResult:
    """What ATOL said: ``status`` ``wait``/``done``/``fail``, ``uuid``, ``error_code``/``error_text`` of a refusal,
    ``payload`` (fiscal attributes of a done receipt), ``duplicate`` when the external id was already known."""

    def __init__(self, status, uuid=None, error_code=None, error_text=None, payload=None, duplicate=False):
        self.status = status
        self.uuid = uuid
        self.error_code = error_code
        self.error_text = error_text
        self.payload = payload or {}
        self.duplicate = duplicate

    def __repr__(self):
        return f"AtolResult({self.status!r}, uuid={self.uuid!r}, error={self.error_code!r})"


class AtolClient(JsonHttpClient):
    """The cloud register adapter: ``get_token``, ``register``, ``report``, and the request body in the API's shape
    (``format_timestamp``, ``adapt_body``: ATOL v4 is the product's shape, a later version converts it)."""

    API_VERSION = "v4"
    LABEL = "ATOL"
    UNREACHABLE = AtolUnreachable
    LOGGER = _logger

    def __init__(self, endpoint, login, password, group_code, *, token=None, timeout=30.0, max_retries=2, backoff=1.0):
        super().__init__(endpoint, timeout=timeout, max_retries=max_retries, backoff=backoff)
        self.login = login
        self.password = password
        self.group_code = group_code
        self.token = token

    # ------------------------------------------------------------------ body
    def format_timestamp(self, moment):
        """The document's time (``moment``: the branch's local datetime) as the API writes it."""
        return moment.strftime("%d.%m.%Y %H:%M:%S")

    # ФФД 1.05 has corrections of income and of expense only: a refund not registered (money paid back to the
    # patient) is corrected by a correction of expense. API v5 (ФФД 1.2) has ``sell_refund_correction`` itself.
    OPERATION_PATHS = {"sell_refund_correction": "buy_correction"}

    def adapt_body(self, body):
        """The receipt's request in this API's version. The model builds the ATOL v4 body with what ФФД 1.2 adds to
        a correction (its items, total and client, the company's e-mail); the v4 correction has none of them (table 3
        and its schema: company {sno, inn, payment_address}, correction_info, payments, vats)."""
        if "correction" in body:
            correction = {k: v for k, v in body["correction"].items() if k not in ("items", "total", "client")}
            correction["company"] = {k: v for k, v in correction["company"].items() if k != "email"}
            body = dict(body, correction=correction)
        return body

    def operation_path(self, operation):
        """The operation's name in this API's URL (``sell``, ``sell_refund``, ``sell_correction``...)."""
        return self.OPERATION_PATHS.get(operation, operation)

    # ------------------------------------------------------------------ calls
    def get_token(self):
        """A new token (valid 24 hours at ATOL). Raises AtolUnreachable, or returns an AtolResult ``fail``."""
        answer = self._call("POST", "getToken", json={"login": self.login, "pass": self.password}, auth=False)
        if answer.get("token"):
            self.token = answer["token"]
            return AtolResult("done")
        return self._error_result(answer)

    def register(self, operation, body):
        """Register a receipt; ``body`` carries its ``external_id``. AtolResult ``wait`` (accepted) or ``fail``."""
        path = f"{self.group_code}/{self.operation_path(operation)}"
        answer = self._authorised("POST", path, json=body, retry_read_timeout=False)
        error = answer.get("error")
        if error and self._code(error) == DUPLICATE_ERROR and answer.get("uuid"):
            return AtolResult(answer.get("status") or "wait", uuid=answer["uuid"], duplicate=True)
        if error:
            return self._error_result(answer)
        return AtolResult(answer.get("status") or "wait", uuid=answer.get("uuid"))

    def report(self, uuid):
        """The state of a registered receipt: ``wait``, ``done`` (payload: fiscal attributes) or ``fail``.

        Only ``status: fail`` fails it: an error with ``status: wait`` (34, "Состояние чека не найдено. Попробуйте
        позднее": not processed yet) or without a status (a bad request, the service's own trouble) says nothing of
        the document, which is asked for again later (``wait``), never sent anew."""
        answer = self._authorised("GET", f"{self.group_code}/report/{uuid}")
        status = answer.get("status")
        if status not in ("done", "fail"):
            status = "wait"
        result = AtolResult(status, uuid=answer.get("uuid") or uuid, payload=answer.get("payload"))
        if answer.get("error"):
            result.error_code = self._code(answer["error"])
            result.error_text = answer["error"].get("text")
        return result

    # ------------------------------------------------------------------ helpers
    def _authorised(self, method, path, **kwargs):
        if not self.token:
            self._require_token()
        answer = self._call(method, path, **kwargs)
        if answer.get("error") and self._code(answer["error"]) in TOKEN_ERRORS:
            self._require_token()  # expired: once more with a new token
            answer = self._call(method, path, **kwargs)
        return answer

    def _require_token(self):
        result = self.get_token()
        if result.status != "done":
            raise AtolRefused(result)

    def _call(self, method, path, auth=True, retry_read_timeout=True, **kwargs):
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if auth:
            headers["Token"] = self.token or ""
        label = f"{self.LABEL} {path.split('/')[-1] if 'report' not in path else 'report'}"
        __, answer = self._request_json(
            method,
            f"{self.endpoint}/{self.API_VERSION}/{path}",
            headers=headers,
            label=label,
            retry_read_timeout=retry_read_timeout,
            **kwargs,
        )
        return answer

    @staticmethod
    def _code(error):
        try:
            return int(error.get("code"))
        except (TypeError, ValueError):
            return None

    def _error_result(self, answer):
        error = answer.get("error") or {}
        return AtolResult(
            "fail", uuid=answer.get("uuid"), error_code=self._code(error), error_text=error.get("text") or ""
        )


class AtolRefused(Exception):
    """ATOL refused the credentials (no token): a settings problem, not a receipt's."""

    def __init__(self, result):
        super().__init__(f"{result.error_code}: {result.error_text}")
        self.result = result
