"""A fake N3.Health ИЭМК (PIX and EMK) on 127.0.0.1 for the tests, built from the official WSDLs the addon ships
(``data/n3``): every request body is validated against the types they import (loaded as the client loads them),
its SOAPAction checked against the WSDL's SOAP 1.1 binding (a request the contract would refuse fails the test),
recorded, and answered by ``mode``: ``accept`` (the operation's output element), ``fault`` (the WSDL's
``RequestFaultFault``: a RequestFault with nested errors, HTTP 500 as WCF answers), ``fault_list`` (its
``ListOf_RequestFaultFault``: an ArrayOfRequestFault), ``timeout`` (no answer in time), ``unavailable`` (HTTP 503).
``AddPatient`` of a patient the fake already holds is refused as a duplicate (as the registry refuses it).
"""

import time

from lxml import etree

from odoo.addons.dental_patient.tests.fake_http import FakeHttpServer

from ..tools import n3

NS_SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
NS_WSDL = {"wsdl": "http://schemas.xmlsoap.org/wsdl/", "soap": "http://schemas.xmlsoap.org/wsdl/soap/"}
DUPLICATE = ("20", "patient.IdPatientMIS", "Пациент уже зарегистрирован")


def soap_actions(wsdl_path):
    """{operation: SOAPAction} of the WSDL's SOAP 1.1 binding."""
    wsdl = etree.parse(wsdl_path)
    return {
        node.getparent().get("name"): node.get("soapAction")
        for node in wsdl.xpath("//wsdl:binding[soap:binding]/wsdl:operation/soap:operation", namespaces=NS_WSDL)
    }


class FakeN3(FakeHttpServer):
    METHODS = ("POST",)
    NAME = "fake ИЭМК"
    CONTENT_TYPE = "text/xml; charset=utf-8"

    def __init__(self):
        super().__init__()
        self.mode = "accept"
        self.errors = [("10", "patient.Documents", "Неверный номер СНИЛС")]
        self.delay = 0
        self.requests = []  # (path, SOAPAction, payload element)
        self.invalid = []
        self.patients = set()  # IdPatientMIS added
        self.schemas = {"/pix": n3.message_schema(n3.PIX_WSDL), "/emk": n3.message_schema(n3.EMK_WSDL)}
        self.actions = {"/pix": soap_actions(n3.PIX_WSDL), "/emk": soap_actions(n3.EMK_WSDL)}

    def _handle(self, handler):
        body = self.read_body(handler)
        payload = etree.fromstring(body).find(f"{{{NS_SOAP11}}}Body/*")
        schema = self.schemas[handler.path]
        if not schema.validate(payload):
            self.invalid.append(str(schema.error_log))
        operation = etree.QName(payload).localname
        action = handler.headers.get("SOAPAction", "").strip('"')
        if self.actions[handler.path].get(operation) != action:
            self.invalid.append(f"SOAPAction {action!r} is not the WSDL's for {operation}")
        self.requests.append((handler.path, action, payload))
        duplicate = operation == "AddPatient" and self._known(payload)
        if operation == "AddPatient" and self.mode in ("accept", "timeout"):
            self.patients.add(self._patient_id(payload))  # taken, even if the answer comes too late
        if self.mode == "timeout":
            time.sleep(self.delay)
        if self.mode == "unavailable":
            self.reply(handler, 503, b"busy", content_type=self.CONTENT_TYPE)
        elif self.mode in ("fault", "fault_list"):
            self.reply(handler, 500, self.fault(array=self.mode == "fault_list"), content_type=self.CONTENT_TYPE)
        elif duplicate:
            self.reply(handler, 500, self.fault(errors=[DUPLICATE]), content_type=self.CONTENT_TYPE)
        else:
            self.reply(handler, 200, self.response(operation), content_type=self.CONTENT_TYPE)

    def url(self, service):
        return f"{self.base_url}/{service}"

    @staticmethod
    def _patient_id(payload):
        return payload.findtext(f"{{{n3.NS_TEMPURI}}}patient/{{{n3.NS_PATIENT}}}IdPatientMIS")

    def _known(self, payload):
        return self._patient_id(payload) in self.patients

    def operations(self):
        return [etree.QName(payload).localname for _path, _action, payload in self.requests]

    @staticmethod
    def response(operation):
        env = etree.Element(f"{{{NS_SOAP11}}}Envelope", nsmap={"s": NS_SOAP11})
        body = etree.SubElement(env, f"{{{NS_SOAP11}}}Body")
        etree.SubElement(body, f"{{{n3.NS_TEMPURI}}}{operation}Response", nsmap={None: n3.NS_TEMPURI})
        return etree.tostring(env, xml_declaration=True, encoding="UTF-8")

    def fault(self, array=False, errors=None):
        """The WSDL's fault detail: a RequestFault with nested errors, or (``array``) an ArrayOfRequestFault."""
        ns = f"{{{n3.NS_COMMON}}}"
        env = etree.Element(f"{{{NS_SOAP11}}}Envelope", nsmap={"s": NS_SOAP11})
        fault = etree.SubElement(etree.SubElement(env, f"{{{NS_SOAP11}}}Body"), f"{{{NS_SOAP11}}}Fault")
        etree.SubElement(fault, "faultcode").text = "s:Client"
        etree.SubElement(fault, "faultstring").text = "Ошибка в запросе"
        detail = etree.SubElement(fault, "detail")
        if array:
            top = etree.SubElement(detail, f"{ns}ArrayOfRequestFault", nsmap={None: n3.NS_COMMON})
            container = top
        else:
            top = etree.SubElement(detail, f"{ns}RequestFault", nsmap={None: n3.NS_COMMON})
            etree.SubElement(top, f"{ns}ErrorCode").text = "99"
            container = etree.SubElement(top, f"{ns}Errors")
        for code, prop, message in errors or self.errors:
            item = etree.SubElement(container, f"{ns}RequestFault")
            etree.SubElement(item, f"{ns}ErrorCode").text = code
            etree.SubElement(item, f"{ns}Message").text = message
            etree.SubElement(item, f"{ns}PropertyName").text = prop
        if not array:
            etree.SubElement(top, f"{ns}Message").text = "Ошибка в запросе"
        self.schemas["/pix"].assertValid(top)  # the fault detail the WSDL declares
        return etree.tostring(env, xml_declaration=True, encoding="UTF-8")
