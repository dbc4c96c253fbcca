"""Client of a patient-invoice financing provider (Payzmart/Paynova-like REST API): the clinic registers a posted
invoice, the patient chooses to pay within 14 days free of charge or in instalments, the provider tells the outcome
through signed callbacks (controllers/main.py), and the clinic cancels an invoice paid directly at the desk.

API (JSON over HTTPS, ``Authorization: Bearer <api key>``, ``X-Merchant-Id: <merchant id>``):
- ``POST {endpoint}/v1/invoices`` with the invoice (its ``external_id`` first): 201 ``{"id", "status"}``; the same
  ``external_id`` again answers 200 with the invoice the provider already has (``"duplicate": true``); a refusal is
  4xx ``{"error": {"code", "message"}}``;
- ``POST {endpoint}/v1/invoices/<id>/cancel``: 200 ``{"id", "status": "cancelled"}`` (also when it already was);
- callbacks: ``POST`` to the clinic's callback URL, body ``{"event_id", "type", "invoice_id", "external_id", ...}``,
  header ``X-Signature: sha256=<hex HMAC-SHA256 of the raw body with the webhook secret>``.

Plain HTTP, no ORM. Every call goes through the product's retrying JSON client (dental_patient/tools/json_http.py);
a registration is never retried after a read timeout inside one call (the provider may have taken it): the queue
sends the same body with the same ``external_id`` later and the provider answers with the invoice it has.
"""

import hashlib
import hmac
import logging

from odoo.addons.dental_patient.tools import webhook
from odoo.addons.dental_patient.tools.json_http import JsonHttpClient

_logger = logging.getLogger(__name__)

SIGNATURE_PREFIX = "sha256="


class FinancingUnreachable(Exception):
    """No answer we can act on (connection refused, timeouts, 5xx after retries): the outcome is unknown."""


class FinancingResult:
    """What the provider said: ``ok``, ``reference`` (its invoice id), ``status``, ``duplicate``, and for a refusal
    ``error_code``/``error_text``."""

    def __init__(self, ok, reference=None, status=None, error_code=None, error_text=None, duplicate=False):
        self.ok = ok
        self.reference = reference
        self.status = status
        self.error_code = error_code
        self.error_text = error_text
        self.duplicate = duplicate

    def __repr__(self):
        return f"FinancingResult(ok={self.ok!r}, reference={self.reference!r}, error={self.error_code!r})"


def sign(secret, body):
    """The ``X-Signature`` header value of ``body`` (bytes)."""
    digest = hmac.new((secret or "").encode(), body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_PREFIX}{digest}"


def check_signature(secret, body, header):
    """True when ``header`` is the signature of ``body`` with ``secret`` (constant-time comparison); never with
    an empty secret, and a header with non-ASCII characters is a refusal, not an error."""
    if not secret or not isinstance(header, str):
        return False
    return webhook.secret_ok(sign(secret, body), header.strip())


class FinancingClient(JsonHttpClient):
    UNREACHABLE = FinancingUnreachable
    LOGGER = _logger

    def __init__(self, endpoint, merchant_id, api_key, *, timeout=30.0, max_retries=2, backoff=1.0):
        super().__init__(endpoint, timeout=timeout, max_retries=max_retries, backoff=backoff)
        self.merchant_id = merchant_id
        self.api_key = api_key

    def register(self, body):
        """Register an invoice; ``body`` carries its ``external_id``."""
        status, answer = self._call("POST", "v1/invoices", json=body, retry_read_timeout=False, label="register")
        if status >= 400:
            return self._error_result(status, answer)
        return FinancingResult(
            True, reference=answer.get("id"), status=answer.get("status"), duplicate=bool(answer.get("duplicate"))
        )

    def cancel(self, reference, reason):
        """Cancel a registered invoice (paid at the clinic); cancelling a cancelled invoice is harmless."""
        status, answer = self._call("POST", f"v1/invoices/{reference}/cancel", json={"reason": reason}, label="cancel")
        if status >= 400:
            return self._error_result(status, answer)
        return FinancingResult(True, reference=answer.get("id") or reference, status=answer.get("status"))

    def _call(self, method, path, label, retry_read_timeout=True, **kwargs):
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {self.api_key or ''}",
            "X-Merchant-Id": self.merchant_id or "",
        }
        return self._request_json(
            method,
            f"{self.endpoint}/{path}",
            headers=headers,
            label=f"Financing provider {label}",
            retry_read_timeout=retry_read_timeout,
            **kwargs,
        )

    @staticmethod
    def _error_result(status, answer):
        error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
        return FinancingResult(
            False,
            reference=answer.get("id"),
            error_code=str(error.get("code") or f"http_{status}"),
            error_text=error.get("message") or f"HTTP {status}",
        )
