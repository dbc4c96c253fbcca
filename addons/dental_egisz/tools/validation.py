"""Validation of a generated СЭМД: the HL7 CDA XSD (lxml) and the СЭМД's XSLT2 Schematron (Saxon-HE, ``saxonche``).

The Schematron runs in a worker process (``schematron_worker.py``, one per Odoo process, started on first use):
Saxon's GraalVM isolate reserves ~32 GB of address space, more than Odoo's ``limit_memory_hard`` lets a server
process map, so the worker lifts that soft limit for itself. It compiles the .sch once (≈0.5 s) through the ISO
skeleton lxml ships, as ``shared/reference/README.md`` describes (``queryBinding`` xslt, include → abstract expand
→ SVRL stylesheet, then ``version="2.0"`` and ``xpath-default-namespace="urn:hl7-org:v3"``: without it almost no
rule fires and everything "passes"). No ORM here.
"""

import json
import os
import resource
import subprocess
import sys
import threading
from dataclasses import dataclass

from lxml import etree

SEMD_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "semd")
SCHEMAS = {"119": ("119/CDA.xsd", "119/119.sch")}
WORKER = os.path.join(os.path.dirname(__file__), "schematron_worker.py")

_lock = threading.Lock()
_xsd_cache = {}
_workers = {}


class SchematronUnavailable(Exception):
    """The XSLT2 processor (Python package ``saxonche``) is missing or cannot start."""


@dataclass
class Problem:
    source: str  # "xsd" or "schematron"
    message: str
    location: str = ""

    def __str__(self):
        return f"{self.message} ({self.location})" if self.location else self.message


def _xsd(kind):
    with _lock:
        if kind not in _xsd_cache:
            path = os.path.join(SEMD_DIR, SCHEMAS[kind][0])
            _xsd_cache[kind] = etree.XMLSchema(etree.parse(path))
        return _xsd_cache[kind]


def _lift_address_space_limit():
    """In the worker only: Saxon's isolate reserves ~32 GB of address space; Odoo caps the soft limit lower."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


class _Worker:
    def __init__(self, kind):
        sch = os.path.join(SEMD_DIR, SCHEMAS[kind][1])
        self.process = subprocess.Popen(
            [sys.executable, WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_lift_address_space_limit,
        )
        answer = self.call(sch.encode())
        if "error" in answer:
            self.close()
            if answer["error"] == "saxonche":
                raise SchematronUnavailable(
                    "The Schematron of the СЭМД needs an XSLT 2.0 processor: install the Python package saxonche "
                    "(requirements.txt)."
                )
            raise SchematronUnavailable(f"The Schematron processor failed to start: {answer['error']}")

    def call(self, data):
        try:
            self.process.stdin.write(b"%08d" % len(data) + data)
            self.process.stdin.flush()
            head = self.process.stdout.read(8)
            if len(head) < 8:
                raise OSError("no answer")
            return json.loads(self.process.stdout.read(int(head)))
        except (OSError, ValueError) as error:
            tail = self.process.stderr.read1(2000).decode("utf-8", "replace") if self.process.poll() is not None else ""
            self.close()
            raise SchematronUnavailable(f"The Schematron processor stopped: {error} {tail}".strip()) from error

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def validate_xsd(xml_bytes, kind="119"):
    schema = _xsd(kind)
    try:
        document = etree.fromstring(xml_bytes)
    except etree.XMLSyntaxError as error:
        return [Problem("xsd", str(error))]
    if schema.validate(document):
        return []
    return [Problem("xsd", error.message, f"line {error.line}") for error in schema.error_log]


def validate_schematron(xml_bytes, kind="119"):
    """The failed asserts and the reports of the Schematron, and how many rules fired.

    Runs in a worker process kept per Odoo process (compiled once, ≈0.5 s; then ≈0.2 s per document).
    """
    with _lock:
        worker = _workers.get(kind)
        if worker is None or worker.process.poll() is not None:
            worker = _workers[kind] = _Worker(kind)
        try:
            answer = worker.call(xml_bytes)
        except SchematronUnavailable:
            _workers.pop(kind, None)
            raise
    problems = [Problem("schematron", text, location) for text, location, _kind in answer["problems"]]
    return problems, answer["fired"]


def validate(xml_bytes, kind="119"):
    """Every problem of the document: XSD first, then the Schematron (run only on an XSD-valid document)."""
    problems = validate_xsd(xml_bytes, kind)
    if problems:
        return problems
    problems, _fired = validate_schematron(xml_bytes, kind)
    return problems
