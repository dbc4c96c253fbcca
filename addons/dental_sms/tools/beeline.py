"""Beeline A2P SMS (``/proto/http/``): ``action=post_sms`` and ``action=status``, XML answers."""

import logging

import requests
from lxml import etree

from . import gateway as gw
from .smsc import _int

# Beeline answers errors as text; matched on lower-cased fragments.
ERROR_WORDS = (
    ("money", gw.NO_BALANCE),
    ("balance", gw.NO_BALANCE),
    ("phone", gw.INVALID_NUMBER),
    ("target", gw.INVALID_NUMBER),
    ("auth", gw.ACCOUNT_ERROR),
    ("login", gw.ACCOUNT_ERROR),
    ("password", gw.ACCOUNT_ERROR),
    ("sender", gw.REJECTED),
    ("forbidden", gw.REJECTED),
    ("spam", gw.REJECTED),
)
STATUS_STATES = {
    "queued": (gw.PENDING, ""),
    "wait": (gw.PENDING, ""),
    "accepted": (gw.PENDING, ""),
    "sent": (gw.PENDING, ""),
    "delivered": (gw.DELIVERED, ""),
    "not_delivered": (gw.ERROR, gw.NOT_DELIVERED),
    "failed": (gw.ERROR, gw.NOT_DELIVERED),
    "expired": (gw.ERROR, gw.EXPIRED),
    "rejected": (gw.ERROR, gw.REJECTED),
}

_logger = logging.getLogger(__name__)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _parse(response):
    try:
        return etree.fromstring(response.content, parser=_PARSER)
    except etree.XMLSyntaxError:
        return None


@gw.register
class BeelineGateway(gw.Gateway):
    code = "beeline"
    default_endpoint = "https://a2p-sms-https.beeline.ru/proto/http/"
    supports_polling = True
    supports_inbound_polling = True

    def _post(self, data, idempotent):
        data = {"user": self.config.login, "pass": self.config.password, **data}
        return self._request("POST", "", idempotent=idempotent, data=data)

    def send(self, message):
        data = {"action": "post_sms", "message": message.body, "target": message.number, "post_id": message.ref}
        if self.config.sender:
            data["sender"] = self.config.sender
        try:
            response = self._post(data, idempotent=False)
        except requests.ReadTimeout:
            return gw.SendResult(gw.UNKNOWN, reason="timeout")
        root = _parse(response)
        sms = root.find(".//result/sms") if root is not None else None
        if sms is not None and sms.get("id"):
            return gw.SendResult(gw.PENDING, external_id=sms.get("id"), parts=_int(sms.get("sms_res_count")) or 1)
        error = root.findtext(".//errors/error") if root is not None else None
        error = (error or f"HTTP {response.status_code}: unexpected answer").strip()
        lowered = error.lower()
        failure_type = next((ftype for word, ftype in ERROR_WORDS if word in lowered), gw.GATEWAY_ERROR)
        return gw.SendResult(gw.ERROR, failure_type=failure_type, reason=f"Beeline: {error}"[:250])

    def fetch_status(self, messages):
        results = []
        for chunk in (messages[i : i + 50] for i in range(0, len(messages), 50)):
            response = self._post({"action": "status", "sms_id": ",".join(m.external_id for m in chunk)}, True)
            root = _parse(response)
            if root is None:
                continue
            for node in root.iter("MESSAGE"):
                code = (node.findtext("SMSSTC_CODE") or "").strip().lower()
                state, failure_type = STATUS_STATES.get(code, ("", ""))
                reason = f"Beeline status {code}" if state == gw.ERROR else ""
                results.append(gw.StatusResult(node.get("SMS_ID", ""), state, failure_type, reason))
        return results

    def fetch_inbound(self, cursor):
        """Incoming SMS to the account's numbers: ``action=inbox`` (``new_only=1``: the messages not yet
        fetched), an XML list of ``<MESSAGE SMS_ID=…>`` with ``SENDER``, ``TEXT`` and ``DATE_RECEIVE``; ids at or
        below ``cursor`` are dropped (never handled twice)."""
        root = _parse(self._post({"action": "inbox", "new_only": 1}, idempotent=True))
        if root is None:
            return [], cursor
        error = root.findtext(".//errors/error")
        if error:
            _logger.warning("SMS gateway %s: incoming messages refused", self.config.name)
            return [], cursor
        rows = []
        for node in root.iter("MESSAGE"):
            sms_id = _int(node.get("SMS_ID") or node.findtext("SMS_ID"))
            sender = (node.findtext("SENDER") or node.get("SENDER") or "").strip()
            if sms_id > _int(cursor) and sender:
                rows.append((sms_id, gw.InboundMessage(sender, (node.findtext("TEXT") or "").strip(), str(sms_id))))
        rows.sort(key=lambda row: row[0])
        return [message for _id, message in rows], (str(rows[-1][0]) if rows else cursor)
