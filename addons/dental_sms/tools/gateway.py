"""The adapter interface every SMS/messenger gateway implements (see docs/sms.md).

Adapters are plain Python classes without ORM access: ``dental.sms.account`` builds one from its
configuration (``GatewayConfig``) and ``sms.sms`` turns their answers (``SendResult``, ``StatusResult``)
into states. Credentials live only in the config object and are never logged.
"""

import logging
import time
from dataclasses import dataclass

import requests
import requests.adapters

from odoo.addons.dental_patient.tools.http_retry import RetriesExhausted, request_with_retries

_logger = logging.getLogger(__name__)

GATEWAYS = {}

# Native ``failure_type`` values of sms.sms / mail.notification the adapters answer with.
INVALID_NUMBER = "sms_number_format"
NO_BALANCE = "sms_credit"
REJECTED = "sms_rejected"
GATEWAY_ERROR = "sms_server"
ACCOUNT_ERROR = "sms_acc"
COUNTRY_NOT_SUPPORTED = "sms_country_not_supported"
# Delivery report failures (native names, see sms.sms.DELIVERY_ERRORS).
INVALID_DESTINATION = "sms_invalid_destination"
NOT_ALLOWED = "sms_not_allowed"
NOT_DELIVERED = "sms_not_delivered"
EXPIRED = "sms_expired"

# States of a message at the gateway, named like sms.sms states.
PENDING = "pending"  # accepted by the gateway, not yet delivered
DELIVERED = "sent"  # delivered to the phone (sms.sms calls it "sent")
ERROR = "error"
CANCELED = "canceled"
UNKNOWN = "unknown"  # no answer in time: the gateway may have accepted it
ABSENT = "absent"  # the gateway does not know the message (lookup after a restart)


def register(cls):
    """Class decorator: make an adapter selectable under ``cls.code``."""
    GATEWAYS[cls.code] = cls
    return cls


class GatewayError(Exception):
    """The gateway could not be reached (network error, timeout, 5xx, 429) after every retry."""


@dataclass
class GatewayConfig:
    endpoint: str
    login: str = ""
    password: str = ""
    api_key: str = ""
    sender: str = ""
    timeout: float = 10.0
    max_retries: int = 3
    backoff: float = 0.5  # seconds; doubled after each failed attempt
    callback_url: str = ""
    webhook_secret: str = ""  # Telegram's secret token, WhatsApp's verify token
    name: str = ""  # the account's name, for logs

    def __repr__(self):  # never print credentials, even in a traceback
        return f"GatewayConfig({self.name!r}, {self.endpoint!r})"


@dataclass
class SendResult:
    state: str  # PENDING, DELIVERED, ERROR or UNKNOWN
    external_id: str = ""
    parts: int = 0
    cost: float = 0.0
    failure_type: str = ""
    reason: str = ""


@dataclass
class StatusResult:
    external_id: str
    state: str  # PENDING, DELIVERED, ERROR, CANCELED, ABSENT or "" (no news)
    failure_type: str = ""
    reason: str = ""
    cost: float | None = None
    parts: int | None = None


@dataclass
class InboundMessage:
    """A message a patient sent us: ``sender`` is the Telegram chat id or the phone number."""

    sender: str
    text: str = ""
    external_id: str = ""
    phone: str = ""  # the sender's own phone, when the messenger vouches for it (Telegram's shared contact)


@dataclass
class OutgoingMessage:
    """What an adapter needs of an sms.sms: ``ref`` is our id for the gateways that keep one."""

    ref: str
    number: str
    body: str = ""
    external_id: str = ""
    # a messenger's approved template to send instead of ``body`` (WhatsApp outside the 24-hour window):
    # {"name", "language": {"code"}, "components"} as the Cloud API takes it
    template: dict | None = None


class Gateway:
    """Base adapter. Subclasses set ``code``/``default_endpoint`` and implement ``send``.

    - ``send(message)`` -> SendResult; raises GatewayError only when the gateway surely did not accept
      the message (connection refused, 5xx/429 after the retries).
    - ``fetch_status(messages)`` -> [StatusResult] for the polling cron (``supports_polling``).
    - ``lookup(message)`` -> StatusResult (ABSENT when the gateway never got it) or None when the
      gateway cannot tell (``supports_lookup``): used after a restart in the middle of a send.
    - ``check_signature(url, params, signature)`` for gateways that call us back.
    - ``parse_inbound(payload)`` -> [InboundMessage] for gateways that pass us the patients' messages
      (``supports_inbound``); the controller checks the request's authenticity first.
    - ``fetch_inbound(cursor)`` -> ([InboundMessage], new cursor) for gateways whose incoming messages we
      ask for (``supports_inbound_polling``): the messages received after ``cursor`` (the gateway's id of
      the last message read, "" the first time: only the last hour), oldest first.
    """

    code = None
    channel = "sms"  # "sms", or the messenger the adapter sends through ("telegram", "whatsapp")
    default_endpoint = ""
    supports_polling = False
    supports_lookup = False
    supports_callback = False
    supports_inbound = False
    supports_inbound_polling = False

    def __init__(self, config, sleep=time.sleep):
        self.config = config
        self._sleep = sleep
        # one session per adapter: connections (and TLS handshakes) are reused across messages
        self.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def send(self, message):
        raise NotImplementedError

    def fetch_status(self, messages):
        return []

    def lookup(self, message):
        return None

    def check_signature(self, url, params, signature):
        return False

    def parse_inbound(self, payload):
        return []

    def fetch_inbound(self, cursor):
        return [], cursor

    def _url(self, path):
        return self.config.endpoint.rstrip("/") + "/" + path.lstrip("/")

    def _request(self, method, path, idempotent=False, label=None, **kwargs):
        """HTTP call with the account's timeout and retries with exponential backoff.

        Retried: connection errors, 429 and 5xx answers, and read timeouts of ``idempotent`` calls.
        A read timeout of a sending call is not retried (the gateway may have accepted the message):
        it raises ``requests.ReadTimeout`` for the caller to answer UNKNOWN.
        Logs carry the account's name, the path (or ``label`` when the path holds a secret, as
        Telegram's token) and the HTTP status, never the parameters.
        """
        url = self._url(path)
        path = label or path
        try:
            return request_with_retries(
                self.session,
                method,
                url,
                timeout=self.config.timeout,
                max_retries=self.config.max_retries,
                backoff=self.config.backoff,
                sleep=self._sleep,
                logger=_logger,
                label=f"SMS gateway {self.config.name}: {path}",
                retry_read_timeout=idempotent,
                **kwargs,
            )
        except requests.ReadTimeout:
            _logger.warning("SMS gateway %s: no answer to %s in time", self.config.name, path)
            raise
        except RetriesExhausted as error:
            _logger.warning(
                "SMS gateway %s: %s unreachable after %s attempts (%s)",
                self.config.name,
                path,
                error.attempts,
                error.last_error,
            )
            raise GatewayError(error.last_error) from None
