"""Schematron worker process: compiles a СЭМД's XSLT2 Schematron once with Saxon-HE and validates documents.

Run by :mod:`validation` as a child process (not imported by Odoo): Saxon's GraalVM isolate reserves ~32 GB of
address space, which Odoo's ``limit_memory_hard`` (RLIMIT_AS) forbids inside a server process. Protocol on
stdin/stdout: a request is ``<8-digit length><bytes>``, the first one the .sch path, then each document; each
answer is ``<8-digit length><JSON>``: {"problems": [[text, location, kind]], "fired": n} or {"error": text}.
No Odoo import here.
"""

import json
import os
import sys

from lxml import etree

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def _read(stream):
    head = stream.read(8)
    if len(head) < 8:
        return None
    return stream.read(int(head))


def _write(stream, payload):
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    stream.write(b"%08d" % len(data) + data)
    stream.flush()


def compile_schematron(proc, sch_path):
    import lxml.isoschematron

    skeleton = os.path.join(os.path.dirname(lxml.isoschematron.__file__), "resources", "xsl", "iso-schematron-xslt1")
    sch = etree.parse(sch_path)
    sch.getroot().set("queryBinding", "xslt")
    for step in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
        sch = etree.XSLT(etree.parse(os.path.join(skeleton, step)))(sch)
    root = sch.getroot()
    root.set("version", "2.0")
    root.set("xpath-default-namespace", "urn:hl7-org:v3")
    return proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=etree.tostring(sch, encoding="unicode"))


def main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sch_path = _read(stdin)
    try:
        from saxonche import PySaxonProcessor

        proc = PySaxonProcessor(license=False)
        executable = compile_schematron(proc, sch_path.decode())
    except ImportError:
        _write(stdout, {"error": "saxonche"})
        return
    except Exception as error:
        _write(stdout, {"error": f"{type(error).__name__}: {error}"})
        return
    _write(stdout, {"ready": True})
    while (document := _read(stdin)) is not None:
        try:
            node = proc.parse_xml(xml_text=document.decode("utf-8"))
            result = etree.fromstring(executable.transform_to_string(xdm_node=node).encode("utf-8"))
        except Exception as error:
            _write(stdout, {"problems": [[f"{type(error).__name__}: {error}", "", "error"]], "fired": 0})
            continue
        problems = [
            [" ".join(item.findtext(f"{SVRL}text", "").split()), item.get("location", ""), "assert"]
            for item in result.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report")
        ]
        fired = sum(1 for _item in result.iter(f"{SVRL}fired-rule"))
        _write(stdout, {"problems": problems, "fired": fired})


if __name__ == "__main__":
    main()
