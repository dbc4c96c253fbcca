"""A fake РЭМД on 127.0.0.1 for the tests, speaking the WSDL the addon ships (``data/remd/emdr.wsdl``).

It checks every request against the WSDL's own XML schema (so a request the real service's contract would refuse
fails the test), records it, and answers by its ``mode``: ``accept``, ``reject`` (error codes), ``timeout`` (no
answer in time), ``unavailable`` (HTTP 503).
"""

import copy
import time

from lxml import etree

from odoo.addons.dental_patient.tests.fake_http import FakeHttpServer

from ..tools import remd

NS_SERVICE = "http://egisz.rosminzdrav.ru/iehr/emdr/service/"
NS_WSA = "http://www.w3.org/2005/08/addressing"
XS = "{http://www.w3.org/2001/XMLSchema}"


def wsdl_schema(path, namespace):
    """The XML schema of ``namespace`` declared in the WSDL's types (the other schemas of it imported inline)."""
    wsdl = etree.parse(path)
    schemas = wsdl.getroot().find("{http://schemas.xmlsoap.org/wsdl/}types").findall(f"{XS}schema")
    main = copy.deepcopy(next(s for s in schemas if s.get("targetNamespace") == namespace))
    return etree.XMLSchema(main)


class FakeRemd(FakeHttpServer):
    METHODS = ("POST",)
    NAME = "fake РЭМД"
    CONTENT_TYPE = "application/soap+xml; charset=utf-8"

    def __init__(self):
        super().__init__()
        self.mode = "accept"
        self.errors = [("VALIDATION_ERROR", "Неверный СНИЛС пациента")]
        self.delay = 0
        self.requests = []  # (clientEntityId, wsa Action, payload element)
        self.invalid = []
        self.schema = wsdl_schema(remd.SERVICE_WSDL, NS_SERVICE)

    def _handle(self, handler):
        body = self.read_body(handler)
        envelope = etree.fromstring(body)
        payload = envelope.find(f"{{{remd.NS_SOAP12}}}Body/*")
        if not self.schema.validate(payload):
            self.invalid.append(str(self.schema.error_log))
        header = envelope.find(f"{{{remd.NS_SOAP12}}}Header")
        self.requests.append(
            (
                header.findtext(f"{{{remd.NS_EGIS}}}transportHeader/{{{remd.NS_EGIS}}}authInfo/"
                                f"{{{remd.NS_EGIS}}}clientEntityId"),
                header.findtext(f"{{{NS_WSA}}}Action"),
                payload,
            )
        )  # fmt: skip
        if self.mode == "timeout":
            time.sleep(self.delay)
        if self.mode == "unavailable":
            self.reply(handler, 503, b"busy", content_type=self.CONTENT_TYPE)
            return
        self.reply(handler, 200, self.response(), content_type=self.CONTENT_TYPE)

    @property
    def url(self):
        return f"{self.base_url}/emdr"

    def response(self):
        env = etree.Element(f"{{{remd.NS_SOAP12}}}Envelope", nsmap={"soap": remd.NS_SOAP12, "s": NS_SERVICE})
        answer = etree.SubElement(
            etree.SubElement(env, f"{{{remd.NS_SOAP12}}}Body"), f"{{{NS_SERVICE}}}registerDocumentResponse"
        )
        if self.mode == "reject":
            etree.SubElement(answer, f"{{{NS_SERVICE}}}status").text = "ERROR"
            errors = etree.SubElement(answer, f"{{{NS_SERVICE}}}errors")
            for code, message in self.errors:
                item = etree.SubElement(errors, f"{{{NS_SERVICE}}}item")
                etree.SubElement(item, f"{{{NS_SERVICE}}}code").text = code
                etree.SubElement(item, f"{{{NS_SERVICE}}}message").text = message
        else:
            etree.SubElement(answer, f"{{{NS_SERVICE}}}status").text = "ACCEPTED"
            etree.SubElement(answer, f"{{{NS_SERVICE}}}messageId").text = f"msg-{len(self.requests)}"
        return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def callback_message(local_uid, status="success", emdr_id="", registered="", errors=()):
    """A registerDocumentResult request as РЭМД sends it, built by zeep from the callback WSDL."""
    import zeep

    client = zeep.Client(remd.CALLBACK_WSDL)
    values = {"localUid": local_uid, "status": status}
    if emdr_id:
        values["emdrId"] = emdr_id
    if registered:
        values["registrationDateTime"] = registered
    if errors:
        values["errors"] = {"item": [{"code": c, "message": m} for c, m in errors]}
    message = client.create_message(client.service, "registerDocumentResult", **values)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8")


def get_file_message(local_uid):
    import zeep

    client = zeep.Client(remd.CALLBACK_WSDL)
    message = client.create_message(client.service, "getDocumentFile", localUid=local_uid)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8")
