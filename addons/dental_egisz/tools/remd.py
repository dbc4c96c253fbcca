"""SOAP client of РЭМД (zeep) and the parsing of its callbacks. No ORM here.

The transport goes through the product's one retrying HTTP call (``dental_patient.tools.http_retry``): connection
errors, 429 and 5xx are retried with backoff; a read timeout is not (РЭМД may have taken the document) and
surfaces as ``RemdUnavailable(timeout=True)`` for the queue to try again later.
"""

import base64
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests
import zeep
import zeep.exceptions
import zeep.wsa
import zeep.wsdl
from lxml import etree

from odoo.addons.dental_patient.tools.http_retry import RetriesExhausted, request_with_retries

_logger = logging.getLogger(__name__)
WSDL_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "remd")
SERVICE_WSDL = os.path.join(WSDL_DIR, "emdr.wsdl")
CALLBACK_WSDL = os.path.join(WSDL_DIR, "emdr_callback.wsdl")
NS_EGIS = "http://egisz.rosminzdrav.ru"
NS_CALLBACK = "http://egisz.rosminzdrav.ru/iehr/emdr/callback/"
NS_SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
_documents = {}
_lock = threading.Lock()


class RemdUnavailable(Exception):
    """РЭМД was not reached or did not answer; ``timeout`` when it may have received the request."""

    def __init__(self, reason, timeout=False):
        super().__init__(reason)
        self.reason = reason
        self.timeout = timeout


@dataclass
class RegisterResult:
    accepted: bool
    message_id: str = ""
    errors: list = field(default_factory=list)  # [(code, message)]


@dataclass
class CallbackResult:
    local_uid: str
    success: bool
    emdr_id: str = ""
    registered_at: object = None  # datetime or None
    errors: list = field(default_factory=list)


class RetryingTransport(zeep.Transport):
    """zeep's transport posting through ``request_with_retries``."""

    def __init__(self, timeout, max_retries, backoff, sleep, label="РЭМД registerDocument", retry_status=None):
        super().__init__(session=requests.Session(), timeout=timeout, operation_timeout=timeout)
        self._retry = {"max_retries": max_retries, "backoff": backoff, "sleep": sleep}
        if retry_status is not None:
            self._retry["retry_status"] = retry_status
        self.label = label

    def post(self, address, message, headers):
        return request_with_retries(
            self.session,
            "POST",
            address,
            timeout=self.operation_timeout,
            logger=_logger,
            label=self.label,
            retry_read_timeout=False,
            data=message,
            headers=headers,
            **self._retry,
        )


def _wsdl(path, transport):
    """zeep's parsed WSDL, once per process and path (parsing costs ~50 ms)."""
    with _lock:
        if path not in _documents:
            _documents[path] = zeep.wsdl.Document(path, transport)
        return _documents[path]


class RemdClient:
    def __init__(self, endpoint, client_entity_id, timeout=30.0, max_retries=2, backoff=1.0, sleep=time.sleep):
        self.endpoint = endpoint
        self.client_entity_id = client_entity_id
        self.transport = RetryingTransport(timeout, max_retries, backoff, sleep)
        client = zeep.Client(wsdl=_wsdl(SERVICE_WSDL, self.transport), transport=self.transport,
                             plugins=[zeep.wsa.WsAddressingPlugin()])  # fmt: skip
        self.client = client
        self.service = client.create_service("{http://egisz.rosminzdrav.ru/iehr/emdr/service/}EmdrBinding", endpoint)

    def _transport_header(self):
        header = etree.Element(f"{{{NS_EGIS}}}transportHeader", nsmap={"egis": NS_EGIS})
        auth = etree.SubElement(header, f"{{{NS_EGIS}}}authInfo")
        etree.SubElement(auth, f"{{{NS_EGIS}}}clientEntityId").text = self.client_entity_id
        return header

    def register_document(self, **request):
        """``registerDocument``: RegisterResult (accepted, or refused with РЭМД's error codes)."""
        try:
            answer = self.service.registerDocument(_soapheaders=[self._transport_header()], **request)
        except requests.ReadTimeout:
            raise RemdUnavailable("timeout", timeout=True) from None
        except RetriesExhausted as error:
            raise RemdUnavailable(error.last_error) from None
        except zeep.exceptions.Fault as fault:
            return RegisterResult(False, errors=[(fault.code or "FAULT", fault.message or "")])
        except (zeep.exceptions.Error, etree.XMLSyntaxError) as error:
            raise RemdUnavailable(f"invalid answer: {type(error).__name__}") from None
        errors = [(item.code, item.message) for item in (answer.errors.item if answer.errors else [])]
        accepted = (answer.status or "").upper() in ("ACCEPTED", "SUCCESS", "OK") and not errors
        return RegisterResult(accepted, message_id=answer.messageId or "", errors=errors)


def new_message_id():
    return f"urn:uuid:{uuid.uuid4()}"


def parse_callback(body):
    """The operation called in a SOAP 1.2 request body: ("registerDocumentResult", CallbackResult) or
    ("getDocumentFile", local uid). Raises ValueError on anything else."""
    try:
        envelope = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise ValueError("not XML") from error
    payload = envelope.find(f"{{{NS_SOAP12}}}Body/*")
    if payload is None:
        raise ValueError("no SOAP body")
    if payload.tag == f"{{{NS_CALLBACK}}}registerDocumentResult":
        ns = f"{{{NS_CALLBACK}}}"
        errors = [
            (item.findtext(f"{ns}code", ""), item.findtext(f"{ns}message", ""))
            for item in payload.iterfind(f"{ns}errors/{ns}item")
        ]
        status = (payload.findtext(f"{ns}status") or "").strip().lower()
        registered = payload.findtext(f"{ns}registrationDateTime")
        return "registerDocumentResult", CallbackResult(
            local_uid=(payload.findtext(f"{ns}localUid") or "").strip(),
            success=status == "success" and not errors,
            emdr_id=(payload.findtext(f"{ns}emdrId") or "").strip(),
            registered_at=registered,
            errors=errors,
        )
    if payload.tag == f"{{{NS_CALLBACK}}}getDocumentFileRequest":
        return "getDocumentFile", (payload.findtext(f"{{{NS_CALLBACK}}}localUid") or "").strip()
    raise ValueError("unknown operation")


def envelope(tag, children):
    """A SOAP 1.2 answer ``<tag>`` in the callback namespace with ``children`` [(name, text)]."""
    env = etree.Element(f"{{{NS_SOAP12}}}Envelope", nsmap={"soap": NS_SOAP12, "cb": NS_CALLBACK})
    answer = etree.SubElement(etree.SubElement(env, f"{{{NS_SOAP12}}}Body"), f"{{{NS_CALLBACK}}}{tag}")
    for name, text in children:
        etree.SubElement(answer, f"{{{NS_CALLBACK}}}{name}").text = text
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def fault(reason, code="soap:Sender"):
    env = etree.Element(f"{{{NS_SOAP12}}}Envelope", nsmap={"soap": NS_SOAP12})
    node = etree.SubElement(etree.SubElement(env, f"{{{NS_SOAP12}}}Body"), f"{{{NS_SOAP12}}}Fault")
    etree.SubElement(etree.SubElement(node, f"{{{NS_SOAP12}}}Code"), f"{{{NS_SOAP12}}}Value").text = code
    reason_node = etree.SubElement(etree.SubElement(node, f"{{{NS_SOAP12}}}Reason"), f"{{{NS_SOAP12}}}Text")
    reason_node.text = reason
    reason_node.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def b64(data):
    return base64.b64encode(data).decode()
