"""SOAP client of the regional ИЭМК on N3.Health (Нетрика): PIX (patients) and EMK (cases). No ORM here.

Like :mod:`.remd`, zeep posts through the product's one retrying HTTP call (connection errors, 429 and 5xx retried
with backoff inside the call; a read timeout is not: the service may have taken the request) and the failures the
queue tries again later surface as ``N3Unavailable``; a refusal (a SOAP fault with the service's
``RequestFault``) is ``N3Refused`` with its errors.
"""

import logging
import os
import time

import requests
import zeep
import zeep.exceptions
from lxml import etree

from odoo.addons.dental_patient.tools.http_retry import RETRY_STATUS, RetriesExhausted

from .remd import RetryingTransport, _wsdl

_logger = logging.getLogger(__name__)
N3_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "n3")
# the vendor's WSDLs as published (shared/reference/egisz/n3health, byte-identical copies)
PIX_WSDL = os.path.join(N3_DIR, "PixService.wsdl")
EMK_WSDL = os.path.join(N3_DIR, "EmkService.wsdl")
# The type schemas the official WSDLs import from the vendor's demo host (``?xsd=xsdN``): none is in the reference,
# so each address is served by this addon's self-made complement (data/n3/README.md); nothing is fetched.
_PIX = "http://b2b-demo.n3health.ru/emk/PixService.svc?xsd="
_EMK = "http://b2b-demo.n3health.ru/emk/EMKService.svc?xsd="
SCHEMA_FILES = {
    f"{_PIX}xsd0": "pix_service.xsd",
    f"{_PIX}xsd1": "n3_serialization.xsd",
    f"{_PIX}xsd2": "n3_shared_core.xsd",
    f"{_PIX}xsd3": "n3_patient.xsd",
    f"{_PIX}xsd4": "n3_fault.xsd",
    f"{_PIX}xsd5": "n3_enums.xsd",
    f"{_EMK}xsd0": "emk_service.xsd",
    f"{_EMK}xsd1": "n3_serialization.xsd",
    f"{_EMK}xsd2": "n3_shared_core.xsd",
    f"{_EMK}xsd3": "n3_case.xsd",
    f"{_EMK}xsd4": "n3_dto.xsd",
    f"{_EMK}xsd5": "n3_step.xsd",
    f"{_EMK}xsd6": "n3_medrec.xsd",
    f"{_EMK}xsd7": "n3_medrec_diag.xsd",
    f"{_EMK}xsd8": "n3_medrec_meddoc.xsd",
    f"{_EMK}xsd9": "n3_arrays.xsd",
    f"{_EMK}xsd10": "n3_fault.xsd",
}
NS_TEMPURI = "http://tempuri.org/"
NS_COMMON = "http://schemas.datacontract.org/2004/07/N3.EMK.Dto.Common"
NS_CASE = "http://schemas.datacontract.org/2004/07/N3.EMK.Dto.Case"
NS_PATIENT = "http://schemas.datacontract.org/2004/07/EMKService.Data.Dto"
# N3.Health's identity document types (its НСИ of document types): СНИЛС, passport of the Russian Federation
DOC_SNILS = 223
DOC_PASSPORT_RU = 14


class N3Unavailable(Exception):
    """ИЭМК was not reached or did not answer; ``timeout`` when it may have received the request."""

    def __init__(self, reason, timeout=False):
        super().__init__(reason)
        self.reason = reason
        self.timeout = timeout


class N3Refused(Exception):
    """ИЭМК refused the request: ``errors`` [(code, message)] from its RequestFault (nested errors included)."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{code}: {message}" for code, message in errors))
        self.errors = errors


def _fault_errors(fault):
    """[(code, message)] of a SOAP fault's RequestFault detail (its ``Errors`` flattened), else the fault itself."""
    errors = []
    detail = fault.detail
    if detail is not None:
        for node in detail.iter(f"{{{NS_COMMON}}}RequestFault"):
            message = node.findtext(f"{{{NS_COMMON}}}Message") or ""
            prop = node.findtext(f"{{{NS_COMMON}}}PropertyName") or ""
            code = node.findtext(f"{{{NS_COMMON}}}ErrorCode") or "FAULT"
            if node.find(f"{{{NS_COMMON}}}Errors/{{{NS_COMMON}}}RequestFault") is not None and not prop:
                continue  # a container of the errors below
            errors.append((code, f"{prop}: {message}" if prop else message))
    return errors or [(str(fault.code or "FAULT"), fault.message or "")]


def local_schema(url):
    """The shipped file standing for a schema address of the official WSDLs; ValueError for any other address."""
    if url in SCHEMA_FILES:
        return os.path.join(N3_DIR, SCHEMA_FILES[url])
    if "://" in url:
        raise ValueError(f"N3.Health schema not shipped: {url}")
    return url  # a local path


class N3Transport(RetryingTransport):
    """The retrying transport loading the WSDLs' imports from the shipped files, never from the network."""

    def load(self, url):
        return super().load(local_schema(url))


class SchemaResolver(etree.Resolver):
    """lxml's counterpart of :class:`N3Transport` (validation of messages against the same schemas)."""

    def resolve(self, system_url, public_id, context):
        if system_url in SCHEMA_FILES:
            return self.resolve_filename(local_schema(system_url), context)
        return None


def message_schema(wsdl_path):
    """An lxml XMLSchema of every type the WSDL at ``wsdl_path`` imports, loaded the way the client loads them."""
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(SchemaResolver())
    wsdl = etree.parse(wsdl_path, parser)
    imports = wsdl.xpath(
        "/wsdl:definitions/wsdl:types/xsd:schema/xsd:import",
        namespaces={"wsdl": "http://schemas.xmlsoap.org/wsdl/", "xsd": "http://www.w3.org/2001/XMLSchema"},
    )
    driver = etree.Element("{http://www.w3.org/2001/XMLSchema}schema", nsmap={"xs": "http://www.w3.org/2001/XMLSchema"})
    for node in imports:
        etree.SubElement(driver, "{http://www.w3.org/2001/XMLSchema}import", namespace=node.get("namespace"),
                         schemaLocation=node.get("schemaLocation"))  # fmt: skip
    return etree.XMLSchema(etree.fromstring(etree.tostring(driver), parser))


class N3Client:
    """``guid``: the MIS's authorisation token issued by the regional ИЭМК; ``id_lpu``: the branch there."""

    def __init__(self, pix_endpoint, emk_endpoint, guid, id_lpu, timeout=30.0, max_retries=2, backoff=1.0,
                 sleep=time.sleep):  # fmt: skip
        self.guid = guid
        self.id_lpu = id_lpu
        # WCF answers a fault with HTTP 500: read it (a refusal), do not retry it
        self.transport = N3Transport(
            timeout, max_retries, backoff, sleep, label="ИЭМК N3.Health", retry_status=RETRY_STATUS - {500}
        )
        self.pix = zeep.Client(wsdl=_wsdl(PIX_WSDL, self.transport), transport=self.transport)
        self.emk = zeep.Client(wsdl=_wsdl(EMK_WSDL, self.transport), transport=self.transport)
        self.pix_service = self.pix.create_service(f"{{{NS_TEMPURI}}}BasicHttpBinding_IPixService", pix_endpoint)
        self.emk_service = self.emk.create_service(f"{{{NS_TEMPURI}}}BasicHttpBinding_IEmkService", emk_endpoint)

    def _call(self, operation, **params):
        try:
            return operation(guid=self.guid, **params)
        except requests.ReadTimeout:
            raise N3Unavailable("timeout", timeout=True) from None
        except RetriesExhausted as error:
            raise N3Unavailable(error.last_error) from None
        except zeep.exceptions.Fault as fault:
            raise N3Refused(_fault_errors(fault)) from None
        except (zeep.exceptions.Error, etree.XMLSyntaxError) as error:
            raise N3Unavailable(f"invalid answer: {type(error).__name__}") from None

    # ------------------------------------------------------------ PIX
    def add_patient(self, patient):
        """PIX ``AddPatient``: ``patient`` is a dict of ``PatientDto`` fields, or the XML of :meth:`render_patient`."""
        self._call(self.pix_service.AddPatient, idLPU=self.id_lpu, patient=self._patient(patient))

    def update_patient(self, patient):
        self._call(self.pix_service.UpdatePatient, idLPU=self.id_lpu, patient=self._patient(patient))

    def render_patient(self, patient):
        """The ``patient`` element (``PatientDto``) of PIX ``AddPatient`` for the dict ``patient``, as XML bytes:
        what the patient card keeps and sends (the token is not in it)."""
        envelope = self.pix.create_message(self.pix_service, "AddPatient", guid="", idLPU="", patient=patient)
        node = envelope.find(f".//{{{NS_TEMPURI}}}patient")
        return etree.tostring(node, encoding="UTF-8", xml_declaration=True)

    def _patient(self, patient):
        if not isinstance(patient, bytes):
            return patient
        node = etree.fromstring(patient, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        return self.pix.get_type(f"{{{NS_PATIENT}}}PatientDto").parse_xmlelement(node, self.pix.wsdl.types)

    # ------------------------------------------------------------ EMK
    def _case(self, case):
        return self.emk.get_type(f"{{{NS_CASE}}}CaseAmb")(**case)

    def add_case(self, case):
        """EMK ``AddCase`` of an outpatient case (``CaseAmb``, sent with its xsi:type) given as a dict."""
        self._call(self.emk_service.AddCase, caseDto=self._case(case))

    def close_case(self, case):
        """EMK ``CloseCase``: the closing data of a case opened before (same ``IdCaseMis``)."""
        self._call(self.emk_service.CloseCase, caseDto=self._case(case))
