"""A fake N3.Health ИЭМК (PIX and EMK) on 127.0.0.1 for the tests, speaking the schemas the addon ships
(``data/n3``): every request body is validated against them (a request the contract would refuse fails the
test), recorded, and answered by ``mode``: ``accept``, ``fault`` (a RequestFault with nested errors, HTTP 500 as
WCF answers), ``timeout`` (no answer in time), ``unavailable`` (HTTP 503).
"""

import logging
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

from ..tools import n3

_logger = logging.getLogger(__name__)
NS_SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"


class FakeN3:
    def __init__(self):
        self.mode = "accept"
        self.errors = [("10", "patient.Documents", "Неверный номер СНИЛС")]
        self.delay = 0
        self.requests = []  # (path, SOAPAction, payload element)
        self.invalid = []
        schemas = {
            "/pix": etree.XMLSchema(etree.parse(os.path.join(n3.N3_DIR, "pix_service.xsd"))),
            "/emk": etree.XMLSchema(etree.parse(os.path.join(n3.N3_DIR, "emk_service.xsd"))),
        }
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                payload = etree.fromstring(body).find(f"{{{NS_SOAP11}}}Body/*")
                schema = schemas[self.path]
                if not schema.validate(payload):
                    fake.invalid.append(str(schema.error_log))
                fake.requests.append((self.path, self.headers.get("SOAPAction", "").strip('"'), payload))
                if fake.mode == "timeout":
                    time.sleep(fake.delay)
                if fake.mode == "unavailable":
                    self._answer(503, b"busy")
                elif fake.mode == "fault":
                    self._answer(500, fake.fault())
                else:
                    self._answer(200, fake.response(etree.QName(payload).localname))

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

    def operations(self):
        return [etree.QName(payload).localname for _path, _action, payload in self.requests]

    @staticmethod
    def response(operation):
        env = etree.Element(f"{{{NS_SOAP11}}}Envelope", nsmap={"s": NS_SOAP11})
        body = etree.SubElement(env, f"{{{NS_SOAP11}}}Body")
        etree.SubElement(body, f"{{{n3.NS_TEMPURI}}}{operation}Response", nsmap={None: n3.NS_TEMPURI})
        return etree.tostring(env, xml_declaration=True, encoding="UTF-8")

    def fault(self):
        ns = f"{{{n3.NS_COMMON}}}"
        env = etree.Element(f"{{{NS_SOAP11}}}Envelope", nsmap={"s": NS_SOAP11})
        fault = etree.SubElement(etree.SubElement(env, f"{{{NS_SOAP11}}}Body"), f"{{{NS_SOAP11}}}Fault")
        etree.SubElement(fault, "faultcode").text = "s:Client"
        etree.SubElement(fault, "faultstring").text = "Ошибка в запросе"
        top = etree.SubElement(etree.SubElement(fault, "detail"), f"{ns}RequestFault", nsmap={None: n3.NS_COMMON})
        etree.SubElement(top, f"{ns}ErrorCode").text = "99"
        errors = etree.SubElement(top, f"{ns}Errors")
        for code, prop, message in self.errors:
            item = etree.SubElement(errors, f"{ns}RequestFault")
            etree.SubElement(item, f"{ns}ErrorCode").text = code
            etree.SubElement(item, f"{ns}Message").text = message
            etree.SubElement(item, f"{ns}PropertyName").text = prop
        etree.SubElement(top, f"{ns}Message").text = "Ошибка в запросе"
        return etree.tostring(env, xml_declaration=True, encoding="UTF-8")
