"""СЭМД «Протокол консультации» (CDA R2, kind 119 of НСИ 1.2.643.5.1.13.13.11.1520, edition 4) built from plain data.

No ORM here: ``dental.visit.record`` fills the dataclasses below (:meth:`_egisz_protocol_data`) and
:func:`build_protocol` returns the XML bytes. An edition is a class (``Protocol119R4``) registered in ``EDITIONS``
under its kind; a newer edition subclasses it and overrides the parts that changed (template ids, sections).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

NS_CDA = "urn:hl7-org:v3"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_IDENTITY = "urn:hl7-ru:identity"
NS_ADDRESS = "urn:hl7-ru:address"
NS_FIAS = "urn:hl7-ru:fias"
NS_MEDSERVICE = "urn:hl7-ru:medService"
NSMAP = {
    None: NS_CDA,
    "xsi": NS_XSI,
    "identity": NS_IDENTITY,
    "address": NS_ADDRESS,
    "medService": NS_MEDSERVICE,
    "fias": NS_FIAS,
}

OID_SNILS = "1.2.643.100.3"
OID_MINZDRAV = "1.2.643.5.1.13"
# НСИ dictionaries the protocol names (OID -> name, version written into codeSystemVersion)
NSI_NAMES = {
    "1.2.643.5.1.13.13.11.1522": ("Виды медицинской документации", "4.45"),
    "1.2.643.5.1.13.13.99.2.285": ("Уровень конфиденциальности медицинского документа", "1.2"),
    "1.2.643.5.1.13.13.11.1040": ("Пол пациента", "2.1"),
    "1.2.643.5.1.13.13.11.1002": ("Должности медицинских и фармацевтических работников", "9.6"),
    "1.2.643.5.1.13.13.99.2.206": ("Субъекты Российской Федерации", "6.5"),
    "1.2.643.5.1.13.13.99.2.726": ("Типы документированных событий", "1.1"),
    "1.2.643.5.1.13.13.99.2.197": ("Секции электронных медицинских документов", "4.29"),
    "1.2.643.5.1.13.13.99.2.166": ("Кодируемые поля CDA документов", "5.41"),
    "1.2.643.5.1.13.13.11.1005": ("Международная классификация болезней и состояний, связанных со здоровьем, "
                                  "10 пересмотра. Версия 4", "2.27"),
    "1.2.643.5.1.13.13.11.1007": ("Вид случая госпитализации или обращения (первичный, повторный)", "2.1"),
    "1.2.643.5.1.13.13.11.1008": ("Место оказания медицинской помощи", "5.1"),
    "1.2.643.5.1.13.13.11.1006": ("Степень тяжести состояния пациента", "2.4"),
    "1.2.643.5.1.13.13.11.1504": ("Тип адреса пациента", "1.3"),
    "1.2.643.5.1.13.13.11.1039": ("Источники оплаты медицинской помощи", "4.3"),
    "1.2.643.5.1.13.13.99.2.724": ("Типы документов оснований", "1.1"),
    "1.2.643.5.1.13.13.11.1035": ("Виды полиса обязательного медицинского страхования", "1.3"),
}  # fmt: skip


@dataclass
class Code:
    """A coded value of an НСИ dictionary."""

    code: str
    name: str
    oid: str
    version: str = ""


@dataclass
class Address:
    text: str
    state_code: str  # НСИ 1.2.643.5.1.13.13.99.2.206 (субъект РФ), e.g. "77"
    state_name: str
    postal_code: str = ""


@dataclass
class Person:
    family: str
    given: str
    patronymic: str = ""
    snils: str = ""  # 11 digits
    local_id: str = ""
    position: Code | None = None  # НСИ 1002


@dataclass
class Patient(Person):
    gender: Code | None = None  # НСИ 1040
    birth_date: date | None = None
    birth_precision: str = "full"  # full, year (day_month cannot be sent: the year is unknown)
    oms_policy: str = ""  # 16 digits of a unified policy
    address: Address | None = None


@dataclass
class Organisation:
    oid: str
    name: str
    address: Address


@dataclass
class Protocol:
    """What the document says: the header's ids and the sections' contents."""

    document_id: str  # unique id of this document (the registry document's id)
    set_id: str  # the same for every version of one protocol
    version: int
    title: str
    created: datetime  # aware datetime
    visit_start: datetime
    visit_end: datetime
    organisation: Organisation
    patient: Patient
    author: Person
    diagnoses: list = field(default_factory=list)  # [Code] of МКБ-10, the main one first
    diagnosis_type: Code | None = None  # НСИ 1077
    visit_kind: Code | None = None  # НСИ 1007 (primary / repeat)
    place: Code | None = None  # НСИ 1008
    condition: Code | None = None  # НСИ 1006
    examination: str = ""  # the consultation's protocol (805)
    conclusion: str = ""  # the epicrisis (806)
    diagnosis_text: str = ""  # the diagnosis in words with the doctor's comment (DGN, 806)
    anamnesis: str = ""  # ANAM (required section; "no information" when empty or not sent)
    life_anamnesis: str = ""  # LANAM (required section; "no information" when empty)
    contract_number: str = ""  # the contract for paid services (defaults to the patient's card number)
    contract_date: date | None = None
    outcome: str = ""  # optional line of the conclusion
    mis_number: str = "1"  # the MIS number and instance in the clinic's OID branch (root.100.<mis>.<inst>)
    mis_instance: str = "1"


PAYMENT_PATIENT = Code("4", "Средства пациента", "1.2.643.5.1.13.13.11.1039", "4.3")
CONTRACT = Code("3", "Договор на оказание платных медицинских услуг", "1.2.643.5.1.13.13.99.2.724", "1.1")
POLICY_UNIFIED = Code("3", "Полис ОМС единого образца", "1.2.643.5.1.13.13.11.1035", "1.3")


def _e(parent, tag, attrib=None, text=None, ns=NS_CDA):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrib or {})
    if text is not None:
        element.text = text
    return element


def _xsi(element, xsi_type):
    element.set(f"{{{NS_XSI}}}type", xsi_type)
    return element


def _ts(moment):
    """HL7 TS of an aware datetime, to the minute with its offset: 202101251600+0300."""
    return moment.strftime("%Y%m%d%H%M%z")


class Protocol119R4:
    """«Протокол консультации (CDA) Редакция 4»: kind 119, document type 5 of НСИ 1522."""

    kind = "119"
    template_id = "1.2.643.5.1.13.2.7.5.1.5.9.4"
    doc_type = Code("5", "Протокол консультации", "1.2.643.5.1.13.13.11.1522")

    def __init__(self, protocol):
        self.p = protocol
        self.oid_root = f"{protocol.organisation.oid}.100.{protocol.mis_number}.{protocol.mis_instance}"

    # -------------------------------------------------------------- helpers
    def code(self, parent, value, tag="code", xsi_type=None):
        name, version = NSI_NAMES.get(value.oid, ("", ""))
        attrib = {
            "code": value.code,
            "codeSystem": value.oid,
            "codeSystemVersion": value.version or version,
            "codeSystemName": name,
            "displayName": value.name,
        }
        if xsi_type:
            element = etree.SubElement(parent, f"{{{NS_CDA}}}{tag}")
            _xsi(element, xsi_type)
            for key, val in attrib.items():
                element.set(key, val)
            return element
        return _e(parent, tag, attrib)

    def field_code(self, parent, code, name):
        return self.code(parent, Code(code, name, "1.2.643.5.1.13.13.99.2.166"))

    def name(self, parent, person):
        name = _e(parent, "name")
        _e(name, "family", text=person.family)
        _e(name, "given", text=person.given)
        if person.patronymic:
            _xsi(_e(name, "Patronymic", text=person.patronymic, ns=NS_IDENTITY), "ST")
        return name

    def address(self, parent, address, ns_type=None, tag="addr"):
        addr = _e(parent, tag)
        if ns_type:
            self.code(addr, ns_type, tag="Type", xsi_type="CD").tag = f"{{{NS_ADDRESS}}}Type"
        _e(addr, "streetAddressLine", text=address.text)
        state = self.code(addr, Code(address.state_code, address.state_name, "1.2.643.5.1.13.13.99.2.206"), "x", "CD")
        state.tag = f"{{{NS_ADDRESS}}}stateCode"
        if address.postal_code:
            _e(addr, "postalCode", text=address.postal_code)
        _e(addr, "Address", {"nullFlavor": "NI"}, ns=NS_FIAS)
        return addr

    def person_entity(self, parent, tag, person):
        entity = _e(parent, tag)
        _e(entity, "id", {"root": f"{self.oid_root}.70", "extension": person.local_id})
        _e(entity, "id", {"root": OID_SNILS, "extension": person.snils})
        self.code(entity, person.position)
        self.name(_e(entity, "assignedPerson"), person)
        return entity

    def text_table(self, section, rows):
        tbody = _e(_e(_e(section, "text"), "table"), "tbody")
        for label, value in rows:
            tr = _e(tbody, "tr")
            _e(_e(tr, "td"), "content", text=label)
            _e(_e(tr, "td"), "content", text=value)

    def observation(self, section, code, name, value=None, text=None):
        obs = _e(_e(section, "entry"), "observation", {"classCode": "OBS", "moodCode": "EVN"})
        self.field_code(obs, code, name)
        if value is not None:
            self.code(obs, value, tag="value", xsi_type="CD")
        else:
            _xsi(_e(obs, "value", text=text), "ST")
        return obs

    def text_section(self, body, code, name, text):
        """A required free-text section (7006); "no information" (nullFlavor NI) when there is no text."""
        section = self.section(body, code, name, name)
        self.text_table(section, [("Описание", text or "Сведения отсутствуют")])
        if text:
            self.observation(section, "7006", "Текстовое описание", text=text)
        else:
            obs = _e(_e(section, "entry"), "observation", {"classCode": "OBS", "moodCode": "EVN"})
            self.field_code(obs, "7006", "Текстовое описание")
            _xsi(_e(obs, "value", {"nullFlavor": "NI"}), "ST")
        return section

    def section(self, parent, code, name, title):
        section = _e(_e(parent, "component"), "section")
        self.code(section, Code(code, name, "1.2.643.5.1.13.13.99.2.197"))
        _e(section, "title", text=title)
        return section

    # -------------------------------------------------------------- document
    def build(self):
        p = self.p
        doc = etree.Element(f"{{{NS_CDA}}}ClinicalDocument", nsmap=NSMAP)
        _e(doc, "realmCode", {"code": "RU"})
        _e(doc, "typeId", {"root": "2.16.840.1.113883.1.3", "extension": "POCD_MT000040"})
        _e(doc, "templateId", {"root": self.template_id})
        _e(doc, "id", {"root": f"{self.oid_root}.51", "extension": p.document_id})
        self.code(doc, self.doc_type)
        _e(doc, "title", text=p.title)
        _e(doc, "effectiveTime", {"value": _ts(p.created)})
        self.code(doc, Code("N", "Обычный", "1.2.643.5.1.13.13.99.2.285"), tag="confidentialityCode")
        _e(doc, "languageCode", {"code": "ru-RU"})
        _e(doc, "setId", {"root": f"{self.oid_root}.50", "extension": p.set_id})
        _e(doc, "versionNumber", {"value": str(p.version)})
        self.record_target(doc)
        author = _e(doc, "author")
        _e(author, "time", {"nullFlavor": "NI"})
        self.person_entity(author, "assignedAuthor", p.author)
        self.custodian(doc)
        recipient = _e(_e(_e(doc, "informationRecipient"), "intendedRecipient"), "receivedOrganization")
        _e(recipient, "id", {"root": OID_MINZDRAV})
        _e(recipient, "name", text="Министерство здравоохранения Российской Федерации")
        legal = _e(doc, "legalAuthenticator")
        _e(legal, "time", {"nullFlavor": "NI"})
        _e(legal, "signatureCode", {"nullFlavor": "NI"})
        self.person_entity(legal, "assignedEntity", p.author)
        self.payment(doc)
        self.service_event(doc)
        encounter = _e(_e(doc, "componentOf"), "encompassingEncounter")
        _e(encounter, "id", {"root": f"{self.oid_root}.15", "extension": p.set_id})
        _e(encounter, "id", {"root": f"{self.oid_root}.17", "extension": p.set_id})
        _e(encounter, "code", {"nullFlavor": "NI"})
        _e(encounter, "DocType", {"nullFlavor": "NI"}, ns=NS_MEDSERVICE)
        _e(_e(encounter, "effectiveTime"), "low", {"value": _ts(p.visit_start)})
        body = _e(_e(doc, "component"), "structuredBody")
        self.sections(body)
        return doc

    def record_target(self, doc):
        p = self.p
        role = _e(_e(doc, "recordTarget"), "patientRole")
        _e(role, "id", {"root": f"{self.oid_root}.10", "extension": p.patient.local_id})
        _e(role, "id", {"root": OID_SNILS, "extension": p.patient.snils})
        _e(role, "IdentityDoc", {"nullFlavor": "NI"}, ns=NS_IDENTITY)
        if p.patient.oms_policy:
            policy = _e(role, "InsurancePolicy", ns=NS_IDENTITY)
            self.code(policy, POLICY_UNIFIED, "x", "CD").tag = f"{{{NS_IDENTITY}}}InsurancePolicyType"
            _xsi(_e(policy, "Number", text=p.patient.oms_policy, ns=NS_IDENTITY), "ST")
        else:
            _e(role, "InsurancePolicy", {"nullFlavor": "NI"}, ns=NS_IDENTITY)
        if p.patient.address:
            self.address(role, p.patient.address, Code("3", "Адрес фактического проживания (пребывания)",
                                                       "1.2.643.5.1.13.13.11.1504"))  # fmt: skip
        patient = _e(role, "patient")
        self.name(patient, p.patient)
        self.code(patient, p.patient.gender, tag="administrativeGenderCode")
        birth = p.patient.birth_date
        value = birth.strftime("%Y") if p.patient.birth_precision == "year" else birth.strftime("%Y%m%d")
        _e(patient, "birthTime", {"value": value})
        self.organisation(role, "providerOrganization")

    def organisation(self, parent, tag, class_code=None):
        org = self.p.organisation
        element = _e(parent, tag, {"classCode": class_code} if class_code else {})
        _e(element, "id", {"root": org.oid})
        if tag == "providerOrganization":
            _e(element, "Props", {"nullFlavor": "NI"}, ns=NS_IDENTITY)
        _e(element, "name", text=org.name)
        self.address(element, org.address)
        return element

    def payment(self, doc):
        """Who pays: the patient under the contract for paid services (НСИ 1039 code 4, document type 3)."""
        p = self.p
        entity = _e(_e(doc, "participant", {"typeCode": "IND"}), "associatedEntity", {"classCode": "GUAR"})
        self.code(entity, PAYMENT_PATIENT)
        info = _e(entity, "DocInfo", ns=NS_IDENTITY)
        self.code(info, CONTRACT, "x", "CD").tag = f"{{{NS_IDENTITY}}}IdentityDocType"
        _e(info, "InsurancePolicyType", {"nullFlavor": "NA"}, ns=NS_IDENTITY)
        _e(info, "Series", {"nullFlavor": "NA"}, ns=NS_IDENTITY)
        _xsi(_e(info, "Number", text=p.contract_number or p.patient.local_id, ns=NS_IDENTITY), "ST")
        _e(info, "INN", {"nullFlavor": "NI"}, ns=NS_IDENTITY)
        period = _e(info, "effectiveTime", ns=NS_IDENTITY)
        start = (p.contract_date or p.visit_start).strftime("%Y%m%d")
        _xsi(_e(period, "low", {"value": start}, ns=NS_IDENTITY), "TS")
        _xsi(_e(period, "high", {"nullFlavor": "NAV"}, ns=NS_IDENTITY), "TS")

    def custodian(self, doc):
        assigned = _e(_e(doc, "custodian"), "assignedCustodian")
        self.organisation(assigned, "representedCustodianOrganization", class_code="ORG")

    def service_event(self, doc):
        p = self.p
        event = _e(_e(doc, "documentationOf"), "serviceEvent")
        self.code(event, Code("1", "Консультация", "1.2.643.5.1.13.13.99.2.726"))
        time = _e(event, "effectiveTime")
        _e(time, "low", {"value": _ts(p.visit_start)})
        _e(time, "high", {"value": _ts(p.visit_end)})
        self.person_entity(_e(event, "performer", {"typeCode": "PPRF"}), "assignedEntity", p.author)

    def sections(self, body):
        p = self.p
        info = self.section(body, "DOCINFO", "Сведения о документе", "Общие сведения")
        rows = [("Шифр по МКБ-10", f"{d.code} ({d.name})") for d in p.diagnoses]
        rows += [("Обращение", p.visit_kind.name), ("Место проведения", p.place.name)]
        self.text_table(info, rows)
        for diagnosis in p.diagnoses:
            self.observation(info, "809", "Шифр по МКБ-10", value=diagnosis)
        self.observation(info, "800", "Обращение", value=p.visit_kind)
        self.observation(info, "801", "Место проведения", value=p.place)
        self.text_section(body, "ANAM", "Анамнез заболевания", p.anamnesis)
        self.text_section(body, "LANAM", "Анамнез жизни", p.life_anamnesis)
        consultation = self.section(
            body, "RESCONS", "Консультации врачей специалистов", "Консультация врача специалиста"
        )
        conclusion = p.conclusion
        if p.outcome:
            conclusion = f"{conclusion}\n{p.outcome}" if conclusion else p.outcome
        self.text_table(
            consultation,
            [("Состояние", p.condition.name), ("Объективно", p.examination), ("Заключение", conclusion)],
        )
        self.observation(consultation, "804", "Состояние пациента", value=p.condition)
        self.observation(consultation, "805", "Протокол консультации", text=p.examination)
        self.observation(consultation, "806", "Заключение консультации", text=conclusion)
        diagnosis = self.section(consultation, "DGN", "Диагнозы", "Диагнозы")
        self.text_table(diagnosis, [("Диагноз", p.diagnosis_text)])
        self.observation(diagnosis, "806", "Заключение консультации", text=p.diagnosis_text)


EDITIONS = {Protocol119R4.kind: Protocol119R4}


def build_protocol(protocol, kind="119"):
    """The CDA XML (UTF-8 bytes with the declaration) of ``protocol`` in the edition registered for ``kind``."""
    document = EDITIONS[kind](protocol).build()
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
