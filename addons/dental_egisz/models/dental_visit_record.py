from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dental_patient.tools.identifiers import validate_snils
from odoo.addons.dental_patient.tools.lang import in_russian

from ..tools import cda
from .dental_egisz_nsi import NSI_CONDITION, NSI_DIAGNOSIS_TYPE, NSI_GENDER, NSI_PLACE, NSI_VISIT_KIND

MAX_LEN = 255
# field -> (company field used in the "fixed" mode, label for the pre-flight messages)
CODED = {
    "egisz_visit_kind_id": "egisz_visit_kind_id",
    "egisz_place_id": "egisz_place_id",
    "egisz_condition_id": "egisz_condition_id",
    "egisz_diagnosis_type_id": "egisz_diagnosis_type_id",
}
NSI_1005 = "1.2.643.5.1.13.13.11.1005"


class DentalVisitRecord(models.Model):
    _inherit = "dental.visit.record"

    egisz_enabled = fields.Boolean(related="company_id.egisz_enabled", string="ЕГИСЗ")
    egisz_fixed_codes = fields.Boolean(string="Fixed Codes", compute="_compute_egisz_fixed_codes")
    egisz_title = fields.Char(string="Document Title", help="Title of the protocol sent to ЕГИСЗ.")
    egisz_visit_kind_id = fields.Many2one(
        "dental.egisz.nsi", string="Visit Kind", domain=[("oid", "=", NSI_VISIT_KIND)], ondelete="restrict",
        help="Primary or repeat visit (НСИ 1007).",
    )  # fmt: skip
    egisz_place_id = fields.Many2one(
        "dental.egisz.nsi", string="Place of Care", domain=[("oid", "=", NSI_PLACE)], ondelete="restrict"
    )
    egisz_condition_id = fields.Many2one(
        "dental.egisz.nsi", string="Condition at Presentation", domain=[("oid", "=", NSI_CONDITION)],
        ondelete="restrict",
    )  # fmt: skip
    egisz_diagnosis_type_id = fields.Many2one(
        "dental.egisz.nsi", string="Diagnosis Type", domain=[("oid", "=", NSI_DIAGNOSIS_TYPE)], ondelete="restrict"
    )
    egisz_outcome = fields.Char(string="Outcome", help="Result of the visit, added to the conclusion.")
    egisz_epicrisis = fields.Char(string="Epicrisis", help="Conclusion of the consultation.")
    egisz_diagnosis_comment = fields.Char(string="Diagnosis Comment")
    egisz_include_anamnesis = fields.Boolean(string="Send the Anamnesis", default=True)
    egisz_include_outcome = fields.Boolean(string="Send the Outcome", default=True)
    egisz_document_ids = fields.One2many("dental.egisz.document", "visit_record_id", string="ЕГИСЗ Documents")
    egisz_document_state = fields.Selection(related="egisz_document_ids.state", string="ЕГИСЗ Status", readonly=True)

    @api.depends("company_id.egisz_values_mode")
    def _compute_egisz_fixed_codes(self):
        for record in self:
            record.egisz_fixed_codes = record.company_id.egisz_values_mode == "fixed"

    @api.constrains("egisz_title", "egisz_epicrisis", "egisz_diagnosis_comment", "egisz_outcome")
    def _check_egisz_lengths(self):
        for record in self:
            for fname in ("egisz_title", "egisz_epicrisis", "egisz_diagnosis_comment", "egisz_outcome"):
                if len(record[fname] or "") > MAX_LEN:
                    raise ValidationError(
                        _(
                            "%(field)s is limited to %(max)s characters for ЕГИСЗ.",
                            field=record._fields[fname].get_description(self.env)["string"],
                            max=MAX_LEN,
                        )
                    )

    # ------------------------------------------------------------ signing
    def action_sign(self):
        """With ЕГИСЗ on, a record is signed only when ЕГИСЗ will accept it; its protocol is then generated."""
        egisz = self.filtered(lambda r: r.company_id.egisz_enabled)
        for record in egisz:
            problems = record._egisz_preflight()
            if problems:
                raise UserError(record._egisz_problems_message(problems))
        res = super().action_sign()
        for record in egisz:
            self.env["dental.egisz.document"]._create_from_visit(record)
        return res

    def action_egisz_check(self):
        """The pre-flight check: every problem at once, or a notice that all is ready."""
        self.ensure_one()
        problems = self._egisz_preflight()
        if problems:
            raise UserError(self._egisz_problems_message(problems))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": _("The record is ready for ЕГИСЗ."), "sticky": False},
        }

    def action_egisz_documents(self):
        self.ensure_one()
        return self.egisz_document_ids._get_records_action(name=_("ЕГИСЗ Documents"))

    def _egisz_problems_message(self, problems):
        return _(
            "ЕГИСЗ will refuse this record:\n%(problems)s", problems="\n".join(f"• {problem}" for problem in problems)
        )

    # ------------------------------------------------------------ pre-flight
    def _egisz_code(self, fname):
        """The record's code, or the branch's one when the codes are fixed for the branch."""
        self.ensure_one()
        if self.company_id.egisz_values_mode == "fixed":
            return self.company_id[CODED[fname]]
        return self[fname]

    def _egisz_preflight(self):
        """Everything ЕГИСЗ will refuse, in the user's language (empty list when the record can be sent)."""
        self.ensure_one()
        problems = []
        company = self.company_id
        if not company.egisz_org_oid:
            problems.append(_("The branch has no organisation OID (ФРМО)."))
        if not company.egisz_client_entity_id:
            problems.append(_("The branch has no clientEntityId."))
        if not company.egisz_region_id:
            problems.append(_("The branch has no region (НСИ 1.2.643.5.1.13.13.99.2.206)."))
        if not (company.street or company.city):
            problems.append(_("The branch has no address."))
        if not company.zip:
            problems.append(_("The branch has no postal code."))
        problems += self.doctor_id._egisz_problems()
        doctor = self.doctor_id.sudo()  # the signer's SNILS, checked only
        if doctor.egisz_snils:
            try:
                validate_snils(doctor.egisz_snils)
            except ValueError as error:
                problems.append(_("The doctor's SNILS: %(reason)s.", reason=self.env._(error.args[0])))
        patient = self.patient_id.sudo()  # identity fields the protocol carries, checked only
        if not patient.snils:
            problems.append(_("The patient has no SNILS."))
        else:
            try:
                validate_snils(patient.snils)
            except ValueError as error:
                problems.append(_("The patient's SNILS: %(reason)s.", reason=self.env._(error.args[0])))
        if not (patient.last_name and patient.first_name):
            problems.append(_("The patient's last and first names are both needed."))
        if not patient.birth_date or patient.birth_date_precision != "full":
            problems.append(_("The patient's full birth date (day, month and year) is needed."))
        if not patient.gender:
            problems.append(_("The patient's sex is not set."))
        if not (patient.street or patient.city):
            problems.append(_("The patient's address is not set."))
        if not patient.zip:
            problems.append(_("The patient's postal code is not set."))
        if not (self.egisz_title or "").strip():
            problems.append(_("The document title is empty."))
        labels = {
            "egisz_visit_kind_id": _("The visit kind (primary or repeat) is not chosen."),
            "egisz_place_id": _("The place of care is not chosen."),
            "egisz_condition_id": _("The condition at presentation is not chosen."),
            "egisz_diagnosis_type_id": _("The diagnosis type is not chosen."),
        }
        for fname, message in labels.items():
            if not self._egisz_code(fname):
                problems.append(message)
        if not self.diagnosis_id:
            problems.append(_("The main diagnosis (ICD-10) is not set."))
        for diagnosis in self.diagnosis_id | self.other_diagnosis_ids:
            if not diagnosis.is_icd10:
                problems.append(_("%(diagnosis)s is not an ICD-10 code.", diagnosis=diagnosis.display_name))
        if not (self.objective or self.treatment or "").strip():
            problems.append(_("The examination or the treatment is empty: the protocol needs its text."))
        if not (self.egisz_epicrisis or "").strip():
            problems.append(_("The epicrisis (conclusion) is empty."))
        for fname in ("egisz_title", "egisz_epicrisis", "egisz_diagnosis_comment", "egisz_outcome"):
            if len(self[fname] or "") > MAX_LEN:
                problems.append(
                    _(
                        "%(field)s is longer than %(max)s characters.",
                        field=self._fields[fname].get_description(self.env)["string"],
                        max=MAX_LEN,
                    )
                )
        return problems

    # ------------------------------------------------------------ СЭМД data
    def _egisz_protocol_data(self, document):
        """The protocol of this signed record as :mod:`..tools.cda` dataclasses."""
        self.ensure_one()
        company = self.company_id
        patient = self.patient_id.sudo()  # the protocol carries the identity; only its document reads it
        doctor = self.doctor_id.sudo()
        tz = pytz.timezone(company.resource_calendar_id.tz or "Europe/Moscow")
        signed = pytz.utc.localize(self.signed_date or fields.Datetime.now()).astimezone(tz)
        start = tz.localize(datetime.combine(self.date, time(9, 0)))
        if self.date == signed.date():
            start = signed - timedelta(minutes=30)
        region = company.egisz_region_id

        def code(entry):
            return cda.Code(entry.code, entry.name, entry.oid, entry.version or "")

        def address(partner):
            parts = [partner.zip, partner.city, partner.street, partner.street2]
            return cda.Address(", ".join(p for p in parts if p), region.code, region.name, partner.zip or "")

        nsi = self.env["dental.egisz.nsi"]
        gender = nsi._get(NSI_GENDER, "1" if patient.gender == "male" else "2")
        diagnoses = [
            cda.Code(d.code, in_russian(d).name, NSI_1005) for d in self.diagnosis_id | self.other_diagnosis_ids
        ]
        main = in_russian(self.diagnosis_id)
        diagnosis_text = f"{main.code} {main.name}"
        if self.egisz_diagnosis_comment:
            diagnosis_text = f"{diagnosis_text}. {self.egisz_diagnosis_comment}"
        diagnosis_type = self._egisz_code("egisz_diagnosis_type_id")
        if diagnosis_type:
            diagnosis_text = f"{diagnosis_type.name}: {diagnosis_text}"
        examination = "\n".join(
            text for text in (self.complaints, self.objective, self.st_localis, self.treatment) if (text or "").strip()
        )
        return cda.Protocol(
            document_id=str(document.id),
            set_id=str((self.previous_id or self).id),
            version=self.version,
            title=self.egisz_title.strip(),
            created=signed,
            visit_start=start,
            visit_end=max(signed, start + timedelta(minutes=1)),
            organisation=cda.Organisation(company.egisz_org_oid, company.name, address(company.partner_id)),
            patient=cda.Patient(
                family=patient.last_name,
                given=patient.first_name,
                patronymic=patient.patronymic or "",
                snils=_digits(patient.snils),
                local_id=str(patient.id),
                gender=code(gender),
                birth_date=patient.birth_date,
                birth_precision=patient.birth_date_precision,
                oms_policy=_digits(patient.oms_policy) if len(_digits(patient.oms_policy)) == 16 else "",
                address=address(patient.partner_id),
            ),
            author=cda.Person(
                family=_name_part(doctor.name, 0),
                given=_name_part(doctor.name, 1) or _name_part(doctor.name, 0),
                patronymic=_name_part(doctor.name, 2),
                snils=_digits(doctor.egisz_snils),
                local_id=str(doctor.id),
                position=code(doctor.egisz_position_id),
            ),
            diagnoses=diagnoses,
            visit_kind=code(self._egisz_code("egisz_visit_kind_id")),
            place=code(self._egisz_code("egisz_place_id")),
            condition=code(self._egisz_code("egisz_condition_id")),
            examination=examination,
            conclusion=self.egisz_epicrisis.strip(),
            diagnosis_text=diagnosis_text,
            anamnesis=(self.anamnesis or "").strip() if self.egisz_include_anamnesis else "",
            outcome=(self.egisz_outcome or "").strip() if self.egisz_include_outcome else "",
            mis_number=company.egisz_mis_number or "1",
            contract_number=patient.card_number or str(patient.id),
        )


def _digits(value):
    return "".join(ch for ch in (value or "") if ch.isdigit())


def _name_part(name, index):
    """Part ``index`` of "Last First Patronymic" (an employee has one name field)."""
    parts = (name or "").split()
    return parts[index] if len(parts) > index else ""
