"""SMS-Center (smsc.ru): ``send.php`` and ``status.php`` with JSON answers (``fmt=3``)."""

import logging

import requests

from . import gateway as gw

_logger = logging.getLogger(__name__)

# send.php error codes
SEND_ERRORS = {
    1: gw.GATEWAY_ERROR,  # bad parameters
    2: gw.ACCOUNT_ERROR,  # wrong login or password / API key
    3: gw.NO_BALANCE,  # not enough money
    4: gw.GATEWAY_ERROR,  # IP blocked for a while after too many errors
    5: gw.GATEWAY_ERROR,  # bad date format
    6: gw.REJECTED,  # message prohibited (text or sender name)
    7: gw.INVALID_NUMBER,  # wrong phone number format
    8: gw.INVALID_DESTINATION,  # the number cannot receive messages
    9: gw.GATEWAY_ERROR,  # too many identical requests
}
# status.php message statuses
STATUS_STATES = {
    -3: (gw.ABSENT, ""),  # the gateway has no such message
    -1: (gw.PENDING, ""),  # waiting to be sent
    0: (gw.PENDING, ""),  # handed to the operator
    1: (gw.DELIVERED, ""),
    2: (gw.DELIVERED, ""),  # read
    4: (gw.DELIVERED, ""),  # link opened
    3: (gw.ERROR, gw.EXPIRED),
    20: (gw.ERROR, gw.NOT_DELIVERED),
    22: (gw.ERROR, gw.INVALID_DESTINATION),
    23: (gw.ERROR, gw.REJECTED),
    24: (gw.ERROR, gw.NO_BALANCE),
    25: (gw.ERROR, gw.INVALID_DESTINATION),
}


@gw.register
class SmscGateway(gw.Gateway):
    code = "smsc"
    default_endpoint = "https://smsc.ru/sys/"
    supports_polling = True
    supports_lookup = True
    supports_inbound_polling = True

    def _auth(self):
        if self.config.api_key:
            return {"apikey": self.config.api_key}
        return {"login": self.config.login, "psw": self.config.password}

    def _post(self, path, data, idempotent):
        # POST: credentials stay out of URLs (and so out of proxies' and urllib3's logs)
        response = self._request("POST", path, idempotent=idempotent, data={**self._auth(), **data, "fmt": 3})
        try:
            return response.json()
        except ValueError:
            return {"error": f"HTTP {response.status_code}: not a JSON answer", "error_code": 0}

    def send(self, message):
        data = {
            "phones": message.number,
            "mes": message.body,
            "charset": "utf-8",
            "cost": 3,  # send, and answer the cost, the parts and the balance
            "id": message.ref,  # our id: status.php finds the message by it after a restart
        }
        if self.config.sender:
            data["sender"] = self.config.sender
        try:
            answer = self._post("send.php", data, idempotent=False)
        except requests.ReadTimeout:
            return gw.SendResult(gw.UNKNOWN, reason="timeout")
        if "error" in answer or "error_code" in answer:
            code = _int(answer.get("error_code"))
            return gw.SendResult(
                gw.ERROR,
                failure_type=SEND_ERRORS.get(code, gw.GATEWAY_ERROR),
                reason=f"SMS-Center {code}: {answer.get('error', '')}"[:250],
            )
        return gw.SendResult(
            gw.PENDING,
            external_id=str(answer.get("id") or message.ref),
            parts=_int(answer.get("cnt")),
            cost=_float(answer.get("cost")),
        )

    def fetch_status(self, messages):
        results = []
        for chunk in (messages[i : i + 50] for i in range(0, len(messages), 50)):
            answer = self._post(
                "status.php",
                {
                    "id": ",".join(m.external_id or m.ref for m in chunk),
                    "phone": ",".join(m.number for m in chunk),
                },
                idempotent=True,
            )
            rows = answer if isinstance(answer, list) else [dict(answer, id=chunk[0].external_id or chunk[0].ref)]
            for row in rows:
                if "status" not in row:
                    continue
                state, failure_type = STATUS_STATES.get(_int(row["status"]), ("", ""))
                reason = f"SMS-Center status {row['status']}" if state == gw.ERROR else ""
                results.append(gw.StatusResult(str(row.get("id")), state, failure_type, reason))
        return results

    def fetch_inbound(self, cursor):
        """Incoming SMS (replies to the account's numbers): ``get.php`` with ``get_answers=1``, after the last
        id read (``after_id``), or those of the last hour the first time. Answer (``fmt=3``): a JSON list of
        ``{"id", "received", "phone", "to_phone", "message"}``, or ``{"error", "error_code"}``."""
        data = {"get_answers": 1, **({"after_id": cursor} if cursor else {"hour": 1})}
        answer = self._post("get.php", data, idempotent=True)
        if not isinstance(answer, list):
            if answer.get("error") or answer.get("error_code"):
                _logger.warning(
                    "SMS gateway %s: incoming messages refused (%s)", self.config.name, answer.get("error_code")
                )
            return [], cursor
        rows = sorted((row for row in answer if isinstance(row, dict) and _int(row.get("id"))), key=_row_id)
        rows = [row for row in rows if _row_id(row) > _int(cursor)]  # never twice, whatever the gateway answers
        inbound = [
            gw.InboundMessage(str(row.get("phone") or ""), str(row.get("message") or ""), str(row["id"]))
            for row in rows
            if row.get("phone")
        ]
        return inbound, (str(_row_id(rows[-1])) if rows else cursor)

    def lookup(self, message):
        results = self.fetch_status([gw.OutgoingMessage(message.ref, message.number, external_id=message.ref)])
        return results[0] if results else None


def _row_id(row):
    return _int(row.get("id"))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _float(value):
    try:
        return abs(float(value))
    except (TypeError, ValueError):
        return 0.0
