"""A fake N3.Health ИЭМК (PIX and EMK) on 127.0.0.1 for the tests, built from the official WSDLs the addon ships
(``data/n3``): every request body is validated against the types they import (loaded as the client loads them),
its SOAPAction checked against the WSDL's SOAP 1.1 binding (a request the contract would refuse fails the test),
recorded, and answered by ``mode``: ``accept`` (the operation's output element), ``fault`` (the WSDL's
``RequestFaultFault``: a RequestFault with nested errors, HTTP 500 as WCF answers), ``fault_list`` (its
``ListOf_RequestFaultFault``: an ArrayOfRequestFault), ``timeout`` (no answer in time), ``unavailable`` (HTTP 503).
``AddPatient`` of a patient the fake already holds is refused as a duplicate (as the registry refuses it).
"""

import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

from ..tools import n3

_logger = logging.getLogger(__name__)
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


class FakeN3:
    def __init__(self):
        self.mode = "accept"
        self.errors = [("10", "patient.Documents", "Неверный номер СНИЛС")]
        self.delay = 0
        self.requests = []  # (path, SOAPAction, payload element)
        self.invalid = []
        self.patients = set()  # IdPatientMIS added
        self.schemas = schemas = {"/pix": n3.message_schema(n3.PIX_WSDL), "/emk": n3.message_schema(n3.EMK_WSDL)}
        actions = {"/pix": soap_actions(n3.PIX_WSDL), "/emk": soap_actions(n3.EMK_WSDL)}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                payload = etree.fromstring(body).find(f"{{{NS_SOAP11}}}Body/*")
                schema = schemas[self.path]
                if not schema.validate(payload):
                    fake.invalid.append(str(schema.error_log))
                operation = etree.QName(payload).localname
                action = self.headers.get("SOAPAction", "").strip('"')
                if actions[self.path].get(operation) != action:
                    fake.invalid.append(f"SOAPAction {action!r} is not the WSDL's for {operation}")
                fake.requests.append((self.path, action, payload))
                duplicate = operation == "AddPatient" and fake._known(payload)
                if operation == "AddPatient" and fake.mode in ("accept", "timeout"):
                    fake.patients.add(fake._patient_id(payload))  # taken, even if the answer comes too late
                if fake.mode == "timeout":
                    time.sleep(fake.delay)
                if fake.mode == "unavailable":
                    self._answer(503, b"busy")
                elif fake.mode in ("fault", "fault_list"):
                    self._answer(500, fake.fault(array=fake.mode == "fault_list"))
                elif duplicate:
                    self._answer(500, fake.fault(errors=[DUPLICATE]))
                else:
                    self._answer(200, fake.response(operation))

            def _answer(self, status, data):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError as error:
                    _logger.debug("fake ИЭМК: the client left before the answer (%s)", error)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, service):
        return f"http://127.0.0.1:{self.server.server_address[1]}/{service}"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

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
