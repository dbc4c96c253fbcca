from lxml import etree

from odoo.tests import tagged
from odoo.tools.misc import file_path

from ..tools import validation
from ..tools.cda import NS_CDA
from .common import EgiszCommon

NS = {"h": NS_CDA, "identity": "urn:hl7-ru:identity"}


@tagged("post_install", "-at_install")
class TestCda(EgiszCommon):
    """Every generated protocol is validated against the СЭМД 119 XSD and its XSLT2 Schematron."""

    def _xml(self, document):
        return document.xml_attachment_id.raw

    def assertValid(self, xml):
        problems = validation.validate_xsd(xml)
        self.assertEqual(problems, [], "XSD")
        # Fails (does not skip) when saxonche is missing: SchematronUnavailable says what to install.
        problems, fired = validation.validate_schematron(xml)
        self.assertEqual([str(p) for p in problems], [], "Schematron")
        self.assertGreater(fired, 250, "the Schematron's rules ran on the document")

    def test_reference_sample_passes(self):
        """The validation itself: the Минздрав sample passes, the sample without its title fails rule У1-14."""
        with open(file_path("dental_egisz/tests/data/Obs_Protocol_min.xml"), "rb") as handle:
            sample = handle.read()
        self.assertValid(sample)
        tree = etree.fromstring(sample)
        title = tree.find("h:title", NS)
        title.getparent().remove(title)
        problems, _fired = validation.validate_schematron(etree.tostring(tree))
        self.assertTrue(any("У1-14" in p.message for p in problems), problems)

    def test_varied_visits_valid(self):
        """Several diagnoses, long texts, Cyrillic and Latin names, a patient without a middle name."""
        latin = self.env["dental.patient"].create(
            {
                "last_name": "O'Brien",
                "first_name": "Mary",
                "birth_date": "2001-12-31",
                "gender": "female",
                "snils": "123-456-789 64",
                "street": "Baker St & <221B>",
                "city": "Moscow",
                "zip": "119019",
            }
        )
        long_text = "Осмотр «полости рта» & <зубов> — " + "очень длинный текст; " * 400
        cases = [
            {},
            {"other_diagnosis_ids": self._other_diagnoses(self.k04_0, self.k08_1)},
            {"objective": long_text, "anamnesis": long_text, "egisz_epicrisis": "я" * 255},
            {"patient": latin, "doctor": self.doctor2, "egisz_include_anamnesis": False, "anamnesis": False},
            {"egisz_outcome": "Выздоровление", "egisz_diagnosis_comment": False, "complaints": False},
        ]
        for vals in cases:
            with self.subTest(case=sorted(vals)):
                _record, document = self._signed_document(**vals)
                xml = self._xml(document)
                self.assertValid(xml)
                self.assertFalse(document.error_ids)
        tree = etree.fromstring(xml)
        self.assertEqual(tree.findtext("h:title", namespaces=NS), "Консультация стоматолога-терапевта")

    def test_content(self):
        _record, document = self._signed_document(other_diagnosis_ids=self._other_diagnoses(self.k04_0))
        tree = etree.fromstring(self._xml(document))
        codes = tree.xpath("//h:observation[h:code/@code='809']/h:value/@code", namespaces=NS)
        self.assertEqual(codes, ["K02.1", "K04.0"])
        self.assertEqual(tree.xpath("//h:patientRole/h:id[2]/@extension", namespaces=NS), ["58659591780"])
        name = tree.find("h:recordTarget/h:patientRole/h:patient/h:name", NS)
        self.assertEqual(
            (name.findtext("h:family", namespaces=NS), name.findtext("h:given", namespaces=NS),
             name.findtext("identity:Patronymic", namespaces=NS)),
            ("Кузнецов", "Иван", "Сергеевич"),
        )  # fmt: skip
        self.assertEqual(tree.xpath("//h:author//h:code/@code", namespaces=NS), [self.position.code])
        self.assertIn(
            "Основное заболевание: K02.1",
            "".join(tree.xpath("//h:section[h:code/@code='DGN']//h:value/text()", namespaces=NS)),
        )

    def test_invalid_document_lists_errors(self):
        """A document ЕГИСЗ would refuse keeps its validation errors and cannot be signed."""
        record, document = self._signed_document()
        xml = self._xml(document).replace(b'root="1.2.643.100.3"', b'root="1.2.3"', 1)
        problems = validation.validate(xml)
        self.assertTrue(problems)
        self.assertTrue(all(p.source == "schematron" for p in problems))
        broken = xml.replace(b"<title>", b"<titl>", 1).replace(b"</title>", b"</titl>", 1)
        self.assertEqual(validation.validate(broken)[0].source, "xsd")
