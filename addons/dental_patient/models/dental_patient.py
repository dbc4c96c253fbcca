import functools
import re
from datetime import date

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, create_index, email_normalize, format_date
from odoo.tools.translate import LazyGettext

from ..tools import dates, identifiers

NAME_PARTS = ("last_name", "first_name", "patronymic")
PHONE_FIELDS = ("mobile", "phone")
IDENTIFIER_FIELDS = (
    "snils",
    "inn",
    "oms_policy",
    "se_personal_id",
    "id_document_type",
    "id_document_series",
    "id_document_number",
)
# Year stored in birth_date when only the day and month of birth are known.
UNKNOWN_BIRTH_YEAR = 1900
ID_DOCUMENT_TYPES = [
    ("passport_ru", "Russian passport"),
    ("passport_foreign", "Foreign passport"),
    ("birth_certificate", "Birth certificate"),
    ("residence_permit", "Residence permit"),
    ("other", "Other document"),
]


class DentalPatient(models.Model):
    """A patient of the clinic.

    The patient *is* a partner (``_inherits``): invoices, payments, SMS, CRM and
    the portal work on ``partner_id``; what only the clinic needs lives here.
    Medical data (``medical_note`` here, the chart and records in dental_chart)
    is restricted to the "Medical Records" section (``group_section_medical_read``, implied by the clinical
    roles ``group_assistant`` and up); changing it needs the section's edit level.
    """

    _name = "dental.patient"
    _description = "Patient"
    _inherits = {"res.partner": "partner_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_name, first_name, patronymic, id"
    _DENTAL_SQL_RULE_CHECK = 10  # from this many records, record rules are checked in SQL (_check_access)
    # Every leg on this table: an OR with a res_partner column (name) forces sequential scans of both tables.
    _rec_names_search = ["search_name", "card_number", "any_phone"]

    # ------------------------------------------------------------------ identity
    partner_id = fields.Many2one(
        "res.partner", string="Partner", required=True, ondelete="restrict", index=True, auto_join=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Branch",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
        help="Branch that registered the patient. Patients of the head company are shared by all its branches.",
    )
    active = fields.Boolean(default=True, tracking=True)
    last_name = fields.Char(tracking=True, index="trigram")
    first_name = fields.Char(tracking=True, index="trigram")
    patronymic = fields.Char(tracking=True)
    card_number = fields.Char(
        string="Card No.",
        readonly=True,
        copy=False,
        index="trigram",
        help="Medical card number, given from the branch sequence when the patient is created.",
    )
    search_name = fields.Char(
        compute="_compute_search_name",
        store=True,
        index="trigram",
        help="Last, first name and patronymic: what name fragments are searched in (indexed).",
    )
    birth_date = fields.Date(tracking=True, index=True)
    birth_date_precision = fields.Selection(
        [("full", "Full date"), ("day_month", "Day and month only"), ("year", "Year only")],
        string="Birth Date Known",
        default="full",
        required=True,
        help="Part of the birth date that is known. Day and month only: the year shown is meaningless; "
        "year only: the day and month are meaningless.",
    )
    birth_date_text = fields.Char(
        string="Date of Birth",
        compute="_compute_birth_date_text",
        inverse="_inverse_birth_date_text",
        help="DD.MM.YYYY, DD.MM (year unknown) or YYYY (only the year known).",
    )
    age = fields.Integer(compute="_compute_age")
    gender = fields.Selection([("male", "Male"), ("female", "Female")], tracking=True)

    # ------------------------------------------------------------------ contacts
    phone_ids = fields.One2many("dental.patient.phone", "patient_id", string="Other Phones")
    phone_digits = fields.Char(
        compute="_compute_phone_digits",
        store=True,
        index="trigram",
        help="Digits of every phone of the patient, for searching by any fragment typed in any format.",
    )
    any_phone = fields.Char(string="Phone (any)", compute="_compute_any_phone", search="_search_any_phone")
    actual_address_same = fields.Boolean(string="Lives at the Registered Address", default=True)
    actual_address = fields.Char(string="Actual Address", help="Where the patient actually lives.")

    # ------------------------------------------------------------------ clinic
    group_id = fields.Many2one(
        "dental.patient.group",
        string="Patient Group",
        tracking=True,
        index="btree_not_null",
        help="Segment of patients (CLV group, VIP, corporate, ...).",
    )
    source_id = fields.Many2one(
        "utm.source",
        string="Marketing Channel",
        tracking=True,
        index="btree_not_null",
        help="How the patient learned about the clinic.",
    )
    channel_required = fields.Boolean(related="company_id.dental_channel_required")
    coordinator_id = fields.Many2one("res.users", string="Coordinator", tracking=True, index="btree_not_null")
    doctor_id = fields.Many2one("hr.employee", string="Attending Doctor", tracking=True, index="btree_not_null")
    family_id = fields.Many2one("dental.family", string="Family", tracking=True, index="btree_not_null")
    family_member_ids = fields.One2many(related="family_id.member_ids", string="Family Members")
    manual_status_ids = fields.Many2many(
        "dental.patient.status",
        string="Manual Statuses",
        domain=[("condition", "=", "manual")],
        help="Statuses given by hand; the others are given by their conditions.",
    )
    status_ids = fields.Many2many("dental.patient.status", string="Statuses", compute="_compute_status_ids")
    last_visit_date = fields.Date(
        readonly=True,
        copy=False,
        index=True,
        help="Day of the last completed visit; kept up to date by the schedule (dental_calendar).",
    )
    visit_status = fields.Selection(
        [("primary", "Primary"), ("secondary", "Secondary")],
        compute="_compute_visit_status",
        search="_search_visit_status",
        help="Primary: never treated, or no completed visit within the branch's primary-patient period.",
    )

    # ------------------------------------------------------------------ identity documents
    id_document_type = fields.Selection(ID_DOCUMENT_TYPES, string="Identity Document", default="passport_ru")
    id_document_name = fields.Char(string="Document Name", help="Name of the document when the type is Other.")
    id_document_series = fields.Char(string="Series")
    id_document_number = fields.Char(string="Number", index="btree_not_null")
    id_document_issued_by = fields.Char(string="Issued By")
    id_document_issuer_code = fields.Char(
        string="Issuer Code", help="Subdivision code of a Russian passport (NNN-NNN)."
    )
    id_document_issue_date = fields.Date(string="Issue Date")
    snils = fields.Char(string="SNILS", index="btree_not_null", help="Russian individual insurance account number.")
    inn = fields.Char(string="INN", index="btree_not_null", help="Russian taxpayer number of the person (12 digits).")
    oms_policy = fields.Char(string="OMS Policy", help="Compulsory medical insurance policy number (16 digits).")
    oms_insurer_id = fields.Many2one("res.partner", string="OMS Insurer", domain=[("is_company", "=", True)])
    se_personal_id = fields.Char(
        string="Swedish Personal ID",
        index="btree_not_null",
        help="Personnummer or samordningsnummer (YYMMDD-NNNN or YYYYMMDD-NNNN).",
    )
    se_coordination_number = fields.Boolean(
        string="Coordination Number",
        compute="_compute_se_coordination_number",
        help="The Swedish ID is a samordningsnummer (for people not registered in Sweden).",
    )

    # ------------------------------------------------------------------ representative
    representative_id = fields.Many2one(
        "res.partner", string="Legal Representative", help="Parent, guardian or trustee who signs for the patient."
    )
    representative_relation = fields.Selection(
        [
            ("mother", "Mother"),
            ("father", "Father"),
            ("guardian", "Guardian"),
            ("trustee", "Trustee"),
            ("other", "Other"),
        ],
        string="Relation",
    )
    representative_document = fields.Char(
        string="Representative's Document",
        help="Document giving the authority (birth certificate, power of attorney...).",
    )
    is_minor = fields.Boolean(compute="_compute_age", string="Minor")

    # ------------------------------------------------------------------ consents
    sms_consent = fields.Boolean(
        string="SMS Mailings",
        default=True,
        tracking=True,
        help="Off: the patient's numbers are put on the SMS blacklist, so no SMS campaign reaches them.",
    )
    email_consent = fields.Boolean(
        string="E-mail Mailings",
        default=True,
        tracking=True,
        help="Off: the patient's e-mail is put on the mailing blacklist.",
    )
    pd_consent = fields.Boolean(
        string="Personal Data Consent", tracking=True, help="Consent to personal-data processing (152-ФЗ)."
    )
    pd_consent_date = fields.Date(string="Consent Date", tracking=True)

    # ------------------------------------------------------------------ medical (clinical roles only)
    medical_note = fields.Text(
        string="Medical Alerts",
        groups="dental_patient.group_section_medical_read",
        help="Allergies, chronic diseases, medications: shown to clinical staff only.",
    )

    # ------------------------------------------------------------------ duplicates and documents
    duplicate_ids = fields.Many2many("dental.patient", string="Possible Duplicates", compute="_compute_duplicate_ids")
    duplicate_count = fields.Integer(compute="_compute_duplicate_ids")
    document_ids = fields.One2many("dental.patient.document", "patient_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count")

    _sql_constraints = [
        ("card_number_company_uniq", "unique(card_number, company_id)", "A card number is unique within a branch."),
    ]

    # ------------------------------------------------------------------ computes, inverses and searches
    @api.depends("name")
    def _compute_display_name(self):
        # A patient's name is its partner's (``_inherits``). The generic compute reads it through the related
        # field, whose first access fetches every prefetched column of both tables (about a hundred of
        # res_partner) for each patient shown: a pivot of 300 debtors or a list of appointments paid ~30 ms for
        # names alone. Fetch the two columns instead, as the superuser like the related field itself (a name is
        # shown wherever a record the user reads points to the patient).
        patients = self.sudo()
        patients.fetch(["partner_id"])
        patients.partner_id.fetch(["name"])
        for patient, patient_sudo in zip(self, patients, strict=True):
            patient.display_name = patient_sudo.partner_id.name or False

    @api.depends("last_name", "first_name", "patronymic")
    def _compute_search_name(self):
        for patient in self:
            patient.search_name = self._compose_name(patient.last_name, patient.first_name, patient.patronymic) or False

    @api.depends("birth_date", "birth_date_precision")
    def _compute_birth_date_text(self):
        for patient in self:
            patient.birth_date_text = patient._format_birth_date()

    def _format_birth_date(self):
        self.ensure_one()
        if not self.birth_date:
            return False
        if self.birth_date_precision == "day_month":
            return self.birth_date.strftime("%d.%m")
        if self.birth_date_precision == "year":
            return str(self.birth_date.year)
        return self.birth_date.strftime("%d.%m.%Y")

    def _inverse_birth_date_text(self):
        for patient in self:
            patient.write(self._parse_birth_date(patient.birth_date_text))

    @api.model
    def _parse_birth_date(self, text):
        """Values of birth_date/birth_date_precision for "DD.MM.YYYY", "DD.MM", "YYYY" or ISO text."""
        text = (text or "").strip()
        if not text:
            return {"birth_date": False, "birth_date_precision": "full"}
        try:
            if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}", text):
                day, month, year = map(int, re.split(r"[./-]", text))
                return {"birth_date": date(year, month, day), "birth_date_precision": "full"}
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return {"birth_date": fields.Date.to_date(text), "birth_date_precision": "full"}
            if re.fullmatch(r"\d{1,2}[./]\d{1,2}", text):
                day, month = map(int, re.split(r"[./]", text))
                return {"birth_date": date(UNKNOWN_BIRTH_YEAR, month, day), "birth_date_precision": "day_month"}
            if re.fullmatch(r"\d{4}", text):
                return {"birth_date": date(int(text), 1, 1), "birth_date_precision": "year"}
            reason = ValueError("unknown format")
        except ValueError as error:  # e.g. 31.02.2001
            reason = error
        raise ValidationError(
            _("Date of birth “%(text)s” is not a date: use DD.MM.YYYY, DD.MM or YYYY.", text=text)
        ) from reason

    @api.depends("birth_date", "birth_date_precision")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for patient in self:
            known = patient.birth_date and patient.birth_date_precision != "day_month"
            patient.age = relativedelta(today, patient.birth_date).years if known else 0
            patient.is_minor = bool(known and patient.age < 18)

    @api.depends("phone", "mobile", "phone_ids.number")
    def _compute_phone_digits(self):
        for patient in self:
            numbers = [patient.mobile, patient.phone, *patient.phone_ids.mapped("number")]
            patient.phone_digits = " ".join(identifiers.digits_only(n) for n in numbers if n) or False

    def _compute_any_phone(self):
        for patient in self:
            patient.any_phone = patient.mobile or patient.phone

    def _search_any_phone(self, operator, value):
        if operator not in ("ilike", "=", "like", "=ilike") or not isinstance(value, str):
            raise UserError(_("Unsupported search on phones."))
        if not re.fullmatch(r"[\d\s()+\-./]+", value.strip()):
            return expression.FALSE_DOMAIN  # letters: a name, not a phone
        digits = identifiers.digits_only(value)
        if len(digits) == 11 and digits.startswith("8"):  # Russian trunk prefix: 8 916... is +7 916...
            digits = "7" + digits[1:]
        elif 1 < len(digits) < 11 and value.strip().startswith("8"):
            # "8 916 123": the start of a number dialled with the trunk prefix (stored +7 916 123...), or digits
            # inside a number; both on the trigram index (a bitmap OR)
            return ["|", ("phone_digits", "ilike", "7" + digits[1:]), ("phone_digits", "ilike", digits)]
        if not digits:
            return expression.FALSE_DOMAIN
        return [("phone_digits", "ilike", digits)]

    def _condition_to_sql(self, alias, fname, operator, value, query):
        # A name typed in any order ("Мария Иванова" for Иванова Мария Сергеевна) finds the patient: each word
        # of a name fragment is a condition of its own, all of them on the trigram index of search_name.
        if (
            fname == "search_name"
            and operator == "ilike"
            and isinstance(value, str)
            and len(value.split()) > 1
            and any(char.isalpha() for char in value)  # digits typed in the search box are a phone, kept whole
        ):
            return SQL(
                "(%s)",
                SQL(" AND ").join(
                    super(DentalPatient, self)._condition_to_sql(alias, fname, operator, word, query)
                    for word in value.split()
                ),
            )
        return super()._condition_to_sql(alias, fname, operator, value, query)

    @api.depends("se_personal_id")
    def _compute_se_coordination_number(self):
        for patient in self:
            patient.se_coordination_number = bool(patient.se_personal_id) and identifiers.is_se_coordination_number(
                patient.se_personal_id
            )

    @api.depends("last_visit_date", "company_id.dental_primary_period_months")
    @api.depends_context("date")
    def _compute_visit_status(self):
        today = fields.Date.context_today(self)
        for patient in self:
            limit = today - relativedelta(months=patient.company_id.dental_primary_period_months or 0)
            recent = patient.last_visit_date and patient.last_visit_date > limit
            patient.visit_status = "secondary" if recent else "primary"

    def _search_visit_status(self, operator, value):
        if operator not in ("=", "!=") or value not in ("primary", "secondary"):
            raise UserError(_("Unsupported search on the visit status."))
        today = fields.Date.context_today(self)
        secondary = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    ("last_visit_date", ">", today - relativedelta(months=company.dental_primary_period_months or 0)),
                ]
                for company in self.env["res.company"].sudo().search([])  # sudo: the settings of every branch
            ]
        )
        want_secondary = (value == "secondary") == (operator == "=")
        # a patient never treated has no last visit: "NOT (date > limit)" is NULL in SQL, so name them explicitly
        return secondary if want_secondary else ["|", ("last_visit_date", "=", False), "!", *secondary]

    @api.depends("manual_status_ids", "last_visit_date", "birth_date", "group_id")
    def _compute_status_ids(self):
        statuses = self.env["dental.patient.status"].search([("condition", "!=", "manual")])
        matches = {status: status._matching_patients(self) for status in statuses}
        for patient in self:
            auto = statuses.filtered(lambda s, p=patient: p in matches[s])
            patient.status_ids = patient.manual_status_ids | auto

    @api.depends("partner_id.phone_sanitized", "last_name", "first_name", "patronymic", "birth_date")
    def _compute_duplicate_ids(self):
        Patient = self.with_context(active_test=False)
        for patient in self:
            domains = patient._get_duplicate_domains()
            if len(domains) > 1:
                # An OR of the partner's phone and the patient's name would scan both tables: the criteria's
                # indexed searches are joined by a UNION and searched once more under the user's rules.
                # sudo: only the candidates' ids, the search below applies the record rules
                union = SQL(" UNION ").join(Patient.sudo()._search(domain).subselect() for domain in domains)
                domains = [[("id", "in", SQL("(%s)", union))]]
            duplicates = Patient.search(domains[0], limit=5) if domains else self.browse()
            patient.duplicate_ids = duplicates
            patient.duplicate_count = len(duplicates)

    def _get_duplicate_domains(self):
        """Domains of the patients with the same normalised phone, or the same full name and birth date."""
        self.ensure_one()
        domains = []
        numbers = [n for n in (self._normalize_phone(self.mobile), self._normalize_phone(self.phone)) if n]
        if numbers:
            domains.append([("partner_id.phone_sanitized", "in", numbers)])
        if self.last_name and self.first_name and self.birth_date:
            domains.append(
                [
                    ("last_name", "=ilike", self.last_name.strip()),
                    ("first_name", "=ilike", self.first_name.strip()),
                    ("patronymic", "=ilike", (self.patronymic or "").strip() or False),
                    ("birth_date", "=", self.birth_date),
                ]
            )
        if self._origin.id:
            domains = [expression.AND([domain, [("id", "!=", self._origin.id)]]) for domain in domains]
        return domains

    def _get_duplicate_domain(self):
        """Patients with the same normalised phone, or the same full name and birth date (one domain)."""
        domains = self._get_duplicate_domains()
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _compute_document_count(self):
        # the length of the card's document list, which the form reads anyway: no query of its own
        for patient in self:
            patient.document_count = len(patient.document_ids)

    # ------------------------------------------------------------------ constraints
    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for patient in self:
            if patient.birth_date and patient.birth_date > today:
                raise ValidationError(_("The birth date of %(patient)s is in the future.", patient=patient.name))

    @api.constrains("snils", "inn", "oms_policy", "se_personal_id")
    def _check_identifiers(self):
        checks = {
            "snils": identifiers.validate_snils,
            "inn": identifiers.validate_inn_person,
            "oms_policy": identifiers.validate_oms_policy,
            "se_personal_id": identifiers.validate_se_personal_id,
        }
        for patient in self:
            for fname, validate in checks.items():
                if patient[fname]:
                    patient._validate_identifier(fname, validate, patient[fname])

    @api.constrains("id_document_type", "id_document_series", "id_document_number")
    def _check_id_document(self):
        for patient in self:
            if not (patient.id_document_series or patient.id_document_number):
                continue
            if patient.id_document_type == "passport_ru":
                patient._validate_identifier(
                    "id_document_number",
                    identifiers.validate_ru_passport,
                    patient.id_document_series,
                    patient.id_document_number,
                )
            elif patient.id_document_type == "birth_certificate":
                patient._validate_identifier(
                    "id_document_number",
                    identifiers.validate_ru_birth_certificate,
                    patient.id_document_series,
                    patient.id_document_number,
                )

    def _validate_identifier(self, fname, validate, *values):
        try:
            return validate(*values)
        except ValueError as error:
            raise ValidationError(
                _(
                    "%(field)s of %(patient)s is not valid (%(value)s): %(reason)s.",
                    field=self._fields[fname].get_description(self.env)["string"],
                    patient=self.name,
                    value=" ".join(v for v in values if v),
                    reason=self._dental_error_reason(error),
                )
            ) from error

    def _dental_error_reason(self, error):
        """The reason of an identifier's ``ValueError`` in the user's language (tools/identifiers.py)."""
        reason = error.args[0] if error.args else ""
        return self.env._(reason) if isinstance(reason, LazyGettext) else str(reason)

    @api.constrains("source_id")
    def _check_source_required(self):
        for patient in self:
            if patient.company_id.dental_channel_required and not patient.source_id:
                raise ValidationError(
                    _("Choose the marketing channel of %(patient)s: the branch requires it.", patient=patient.name)
                )

    @api.constrains("family_id", "company_id")
    def _check_family_company(self):
        for patient in self:
            family_company = patient.family_id.company_id
            if family_company and family_company not in patient.company_id.parent_ids:
                raise ValidationError(
                    _(
                        "%(patient)s and the family %(family)s belong to different branches.",
                        patient=patient.name,
                        family=patient.family_id.name,
                    )
                )

    # ------------------------------------------------------------------ onchanges
    @api.onchange("snils")
    def _onchange_snils(self):
        return self._dental_identifier_warning("snils", identifiers.validate_snils, self.snils)

    @api.onchange("inn")
    def _onchange_inn(self):
        return self._dental_identifier_warning("inn", identifiers.validate_inn_person, self.inn)

    @api.onchange("oms_policy")
    def _onchange_oms_policy(self):
        return self._dental_identifier_warning("oms_policy", identifiers.validate_oms_policy, self.oms_policy)

    @api.onchange("se_personal_id")
    def _onchange_se_personal_id(self):
        return self._dental_identifier_warning(
            "se_personal_id", identifiers.validate_se_personal_id, self.se_personal_id
        )

    @api.onchange("id_document_number")
    def _onchange_id_document_number(self):
        # on the number only: the series is typed first, the pair is checked once the number is there
        validate = {
            "passport_ru": identifiers.validate_ru_passport,
            "birth_certificate": identifiers.validate_ru_birth_certificate,
        }.get(self.id_document_type)
        if validate and self.id_document_number:
            return self._dental_identifier_warning(
                "id_document_number", validate, self.id_document_series, self.id_document_number
            )
        return None

    def _dental_identifier_warning(self, fname, validate, *values):
        """The form's warning when the identifier just typed is not valid (the constraints still refuse it)."""
        if not any(values):
            return None
        try:
            validate(*values)
        except ValueError as error:
            return {
                "warning": {
                    "title": _("Check the number"),
                    "message": _(
                        "%(field)s is not valid (%(value)s): %(reason)s. The card cannot be saved with it.",
                        field=self._fields[fname].get_description(self.env)["string"],
                        value=" ".join(v for v in values if v),
                        reason=self._dental_error_reason(error),
                    ),
                }
            }
        return None

    @api.model
    def _check_medical_edit(self, fnames):
        """Medical fields are read with the "Medical Records" section and changed with its edit level only.

        Their ``groups`` let a reader of the section read them; a reader who may change the card (the
        "Patients: Edit" section) would change them too without this check.
        """
        if self.env.su or self.env.user.has_group("dental_patient.group_section_medical_edit"):
            return
        medical = sorted(
            fname
            for fname in fnames
            if fname in self._fields
            and "dental_patient.group_section_medical_read" in (self._fields[fname].groups or "").split(",")
        )
        if medical:
            raise AccessError(
                _(
                    "Only the staff who may edit medical records change the medical fields of a card: %(fields)s.",
                    fields=", ".join(self._fields[fname].string for fname in medical),
                )
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._check_medical_edit(set().union(*vals_list))
        for vals in vals_list:
            vals.update(self._prepare_name_vals(vals))
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            vals.setdefault("company_id", company.id)
            self._prepare_phone_vals(vals, company)
            if vals.get("email"):
                vals["email"] = vals["email"].strip()
            if not vals.get("partner_id"):
                vals.setdefault("is_company", False)
                vals.setdefault("type", "contact")
            if not vals.get("card_number") and not self.env.context.get("dental_card_number_later"):
                vals["card_number"] = self._next_card_number(company)
        patients = super().create(vals_list)
        patients._check_source_required()  # "required at creation": not in vals means not given
        patients._sync_partner_company()
        patients._normalize_identifiers()
        patients._sync_blacklists()
        return patients

    def write(self, vals):
        self._check_medical_edit(vals)
        if "name" in vals and not any(part in vals for part in NAME_PARTS):
            vals = dict(vals, **self._split_name(vals["name"]))
        if any(vals.get(fname) for fname in PHONE_FIELDS):
            vals = dict(vals)
            company = self.env["res.company"].browse(vals.get("company_id")) or self.company_id[:1] or self.env.company
            self._prepare_phone_vals(vals, company)
        res = super().write(vals)
        if any(part in vals for part in NAME_PARTS):
            for patient in self:
                name = self._compose_name(patient.last_name, patient.first_name, patient.patronymic)
                if not name:
                    raise UserError(_("Give the patient's last name and first name."))
                if patient.name != name:
                    patient.partner_id.name = name
        if "company_id" in vals:
            self._sync_partner_company()
        if set(IDENTIFIER_FIELDS) & set(vals):
            self._normalize_identifiers()
        if {"sms_consent", "email_consent", "mobile", "phone", "email"} & set(vals):
            self._sync_blacklists()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        for patient in self:
            history = patient._dental_history()
            if history:
                raise UserError(
                    _(
                        "%(patient)s has history (%(what)s) and cannot be deleted: archive the card instead.",
                        patient=patient.name,
                        what=", ".join(history),
                    )
                )

    def unlink(self):
        partners = self.partner_id
        res = super().unlink()
        # The partner was created for the patient: remove it too unless something else uses it.
        for partner in partners:
            try:
                with self.env.cr.savepoint():
                    partner.unlink()
            except (UserError, ValidationError, psycopg2.IntegrityError):
                partner.active = False  # referenced elsewhere (invoices, messages...): keep it, archived
        return res

    # ------------------------------------------------------------------ actions
    @api.model
    def action_open_patients(self):
        """Patients list; archived cards are shown too when the branch says so."""
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_patient.dental_patient_action")
        if self.env.company.dental_show_archived:
            action["context"] = {"active_test": False}
        return action

    def action_open_duplicates(self):
        self.ensure_one()
        return self.duplicate_ids._get_records_action(
            name=_("Possible duplicates of %s", self.name), context={"active_test": False}
        )

    def action_create_family(self):
        """Create a family named after the patient and put the patient in it."""
        self.ensure_one()
        family = self.env["dental.family"].create(
            {
                "name": _("Family %s", self.last_name or self.name),
                "company_id": self.company_id.id,
            }
        )
        self.family_id = family
        return family._get_records_action(context={})

    def action_leave_family(self):
        self.family_id = False

    def action_grant_portal(self):
        """Open Odoo's portal wizard for the patient's partner ("activate account")."""
        self.ensure_one()
        if not self.email:
            raise UserError(_("Give %s an e-mail address first: the portal invitation is sent to it.", self.name))
        return self.env["portal.wizard"].with_context(active_ids=self.partner_id.ids).action_open_wizard()

    def action_print_document(self):
        self.ensure_one()
        return self.env["dental.document.print"]._get_records_action(
            name=_("Print a document"), target="new", context={"default_patient_id": self.id}
        )

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_patient.dental_patient_document_action")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id}
        return action

    # ------------------------------------------------------------------ business methods
    @api.model
    def _compose_name(self, last_name, first_name, patronymic):
        return " ".join(part.strip() for part in (last_name, first_name, patronymic) if part and part.strip())

    @api.model
    def _split_name(self, name):
        """Split "Last First Patronymic..." typed in one field into name parts."""
        parts = (name or "").split()
        return {
            "last_name": parts[0] if parts else False,
            "first_name": parts[1] if len(parts) > 1 else False,
            "patronymic": " ".join(parts[2:]) or False,
        }

    @api.model
    def _prepare_name_vals(self, vals):
        if any(vals.get(part) for part in NAME_PARTS):
            return {"name": self._compose_name(*(vals.get(part) for part in NAME_PARTS))}
        if vals.get("name"):
            return self._split_name(vals["name"])
        raise UserError(_("Give the patient's last name and first name."))

    @api.model
    def _normalize_phone(self, number, company=None, raise_exception=False):
        """E.164 form of a phone typed in any format, read in the branch's numbering plan."""
        if not number:
            return False
        country = (company or self.env.company)._dental_phone_country()
        return (
            self.env["res.partner"]._phone_format(
                number=number, country=country, force_format="E164", raise_exception=raise_exception
            )
            or False
        )

    @api.model
    def _prepare_phone_vals(self, vals, company):
        """Store the phones of ``vals`` in E.164; a number that cannot be one is refused."""
        for fname in PHONE_FIELDS:
            if vals.get(fname):
                try:
                    vals[fname] = self._normalize_phone(vals[fname], company, raise_exception=True)
                except UserError as error:
                    raise ValidationError(
                        _(
                            "%(field)s: %(reason)s",
                            field=self._fields[fname].get_description(self.env)["string"],
                            reason=error.args[0],
                        )
                    ) from error

    def _dental_history(self):
        """Names of what ties the patient to the clinic's history (empty: may be deleted).

        Later addons extend it (appointments, plans, invoices...).
        """
        self.ensure_one()
        history = []
        if self.document_ids:
            history.append(_("printed documents"))
        if self.last_visit_date:
            history.append(_("visits"))
        return history

    def _normalize_identifiers(self):
        """Store identifiers in their canonical form (invalid ones are refused by the constraints)."""
        canonical = {
            "snils": identifiers.validate_snils,
            "inn": identifiers.validate_inn_person,
            "oms_policy": identifiers.validate_oms_policy,
            "se_personal_id": identifiers.validate_se_personal_id,
        }
        documents = {
            "passport_ru": identifiers.validate_ru_passport,
            "birth_certificate": identifiers.validate_ru_birth_certificate,
        }
        for patient in self:
            vals = {}
            for fname, validate in canonical.items():
                if patient[fname]:
                    vals[fname] = patient._validate_identifier(fname, validate, patient[fname])
            validate = documents.get(patient.id_document_type)
            if validate and (patient.id_document_series or patient.id_document_number):
                series, number = patient._validate_identifier(
                    "id_document_number", validate, patient.id_document_series, patient.id_document_number
                )
                vals.update(id_document_series=series, id_document_number=number)
            changed = {fname: value for fname, value in vals.items() if patient[fname] != value}
            if changed:
                patient.write(changed)  # canonical values: the nested call changes nothing more

    def _sync_partner_company(self):
        for patient in self:
            if patient.partner_id.company_id != patient.company_id:
                patient.partner_id.company_id = patient.company_id

    def _sync_blacklists(self):
        """Mirror the mailing consents into Odoo's blacklists, which mass mailings honour.

        A withdrawn consent lists the patient's numbers and e-mail. A consent given lifts them only when every
        patient with the same number (e-mail) consents too and the user sees every one of them: a consent typed
        for one card never lifts another patient's refusal, nor one of a branch the user does not work in.
        """
        # sudo: front-desk roles record the patient's choice; they have no right on the blacklists themselves.
        phone_blacklist = self.env["phone.blacklist"].sudo()
        mail_blacklist = self.env["mail.blacklist"].sudo()
        for patient in self:
            numbers = [n for n in (patient.mobile, patient.phone) if n]
            if numbers:
                if patient.sms_consent:
                    listed = phone_blacklist.search([("number", "in", numbers)]).mapped("number")
                    liftable = [
                        number
                        for number in listed
                        if self._dental_consent_shared(["|", ("mobile", "=", number), ("phone", "=", number)], "sms")
                    ]
                    if liftable:
                        phone_blacklist._remove(liftable, message=_("SMS consent given by %s", patient.name))
                else:
                    phone_blacklist._add(numbers, message=_("SMS consent withdrawn by %s", patient.name))
            email = email_normalize(patient.email)
            if email:
                if patient.email_consent:
                    if mail_blacklist.search([("email", "=", email)]) and self._dental_consent_shared(
                        [("email_normalized", "=", email)], "email"
                    ):
                        mail_blacklist._remove(email, message=_("E-mail consent given by %s", patient.name))
                else:
                    mail_blacklist._add(email, message=_("E-mail consent withdrawn by %s", patient.name))

    @api.model
    def _dental_consent_shared(self, domain, channel):
        """Whether every patient matching ``domain`` (a number or an e-mail) consents to mailings on ``channel``
        ("sms" or "email") and the user sees them all."""
        consent = f"{channel}_consent"
        # sudo: a yes/no over the patients of every branch sharing the contact; nothing of them is returned
        Everyone = self.sudo().with_context(active_test=False)
        holders = Everyone.search_count(domain)
        if Everyone.search_count(expression.AND([domain, [(consent, "=", False)]])):
            return False
        return self.env.su or self.with_context(active_test=False).search_count(domain) == holders

    @api.model
    def _next_card_number(self, company):
        return self._card_sequence(company).next_by_id()

    def _assign_card_numbers(self):
        """Give the patients (in id order) their branch's next card numbers."""
        for patient in self.sorted("id"):
            patient.card_number = self._next_card_number(patient.company_id)

    @api.model
    def _card_sequence(self, company):
        """The branch's card-number sequence, created on its first patient (editable afterwards)."""
        # sudo: sequences are technical records; staff creating patients need a number, not rights on ir.sequence.
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", "dental.patient"), ("company_id", "=", company.id)], limit=1)
        if not sequence:
            # continue after the numbers already given in the branch (imported cards, a deleted sequence)
            self.env.cr.execute(
                SQL(
                    "SELECT max(card_number::bigint) FROM dental_patient"
                    " WHERE company_id = %s AND card_number ~ '^[0-9]{1,18}$'",
                    company.id,
                )
            )
            last = self.env.cr.fetchone()[0] or 0
            sequence = Sequence.create(
                {
                    "name": _("Patient card number (%s)", company.name),
                    "code": "dental.patient",
                    "company_id": company.id,
                    "padding": 6,
                    "number_next": last + 1,
                }
            )
        return sequence

    def _dental_address(self, actual=False):
        """One-line address for documents: the registered one, or where the patient actually lives."""
        self.ensure_one()
        if actual and not self.actual_address_same and self.actual_address:
            return self.actual_address
        parts = [self.zip, self.state_id.name, self.city, self.street, self.street2]
        return ", ".join(part for part in parts if part)

    def _dental_id_document(self):
        """The identity document as printed on contracts: "Russian passport 45 12 345678, issued ..."."""
        self.ensure_one()
        if not (self.id_document_series or self.id_document_number):
            return ""
        kind = (
            self.id_document_name
            if self.id_document_type == "other" and self.id_document_name
            else dict(self._fields["id_document_type"]._description_selection(self.env)).get(self.id_document_type, "")
        )
        text = " ".join(part for part in (kind, self.id_document_series, self.id_document_number) if part)
        if self.id_document_issued_by or self.id_document_issue_date:
            issued = " ".join(
                part
                for part in (
                    self.id_document_issued_by,
                    format_date(self.env, self.id_document_issue_date) if self.id_document_issue_date else "",
                )
                if part
            )
            text = _("%(document)s, issued %(issued)s", document=text, issued=issued)
        return text

    # ------------------------------------------------------------------ import (base_import)
    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import Template for Patients"),
                "template": "/dental_patient/book/patients.xlsx",
            }
        ]

    @api.model
    def load(self, fields, data):
        """Import: without an ID column, a row updates the patient with the same full name and birth date.

        A selection cell may hold the first letters of a label ("Ж" for Женский). Card numbers are given once
        every row is in (in the order of the rows): a file refused, or only tried, consumes none.
        """
        field_names, rows = self._match_import_rows(fields, self._prepare_import_selections(fields, data))
        result = super(DentalPatient, self.with_context(dental_card_number_later=True)).load(field_names, rows)
        failed = not result["ids"] or any(message.get("type") == "error" for message in result["messages"])
        if not failed and not self.env.context.get("dental_import_dryrun"):
            self.browse(result["ids"]).filtered(lambda patient: not patient.card_number)._assign_card_numbers()
        return result

    @api.model
    def _prepare_import_selections(self, field_names, data):
        """Rows whose selection cells typed as a label's first letters (any installed language) hold the value."""
        labels = {
            index: self._get_import_selection_labels(self._fields[fname])
            for index, fname in enumerate(field_names)
            if fname in self._fields and self._fields[fname].type == "selection"
        }
        if not labels:
            return data
        prepared = []
        for row in data:
            row = list(row)
            for index, options in labels.items():
                typed = row[index].strip().lower() if isinstance(row[index], str) else ""
                if not typed or any(typed in names for names in options.values()):
                    continue  # empty, or a value or label load() takes as it is
                matches = [value for value, names in options.items() if any(n.startswith(typed) for n in names)]
                if len(matches) == 1:
                    row[index] = matches[0]
            prepared.append(row)
        return prepared

    @api.model
    def _get_import_selection_labels(self, field):
        """{value: its lower-case value and labels in every installed language} of a selection field."""
        options = {value: {str(value).lower()} for value, _label in field._description_selection(self.env)}
        for lang in {"en_US", *(code for code, _name in self.env["res.lang"].get_installed())}:
            for value, label in field._description_selection(self.with_context(lang=lang).env):
                options.setdefault(value, set()).add(label.lower())
        return options

    @api.model
    def _match_import_rows(self, field_names, data):
        if "id" in field_names or ".id" in field_names:
            return field_names, data
        index = {
            fname: field_names.index(fname)
            for fname in (*NAME_PARTS, "name", "birth_date_text", "birth_date")
            if fname in field_names
        }
        if not ({"last_name", "first_name"} <= set(index) or "name" in index):
            return field_names, data
        matched = []
        for row in data:
            parts = (
                {part: row[index[part]] if part in index else False for part in NAME_PARTS}
                if "last_name" in index
                else self._split_name(row[index["name"]])
            )
            birth = {}
            try:
                if "birth_date_text" in index and row[index["birth_date_text"]]:
                    birth = self._parse_birth_date(row[index["birth_date_text"]])
                elif "birth_date" in index and row[index["birth_date"]]:
                    birth = {"birth_date": dates.fields_date(row[index["birth_date"]])}
            except (ValidationError, ValueError):
                birth = {}  # the row's own import reports the bad date
            matched.append(self._find_import_match(parts, birth.get("birth_date")))
        return [*field_names, ".id"], [[*row, str(match.id) if match else ""] for row, match in zip(data, matched)]

    @api.model
    def _find_import_match(self, parts, birth_date):
        if not (parts.get("last_name") and parts.get("first_name")):
            return self.browse()
        domain = [
            ("last_name", "=ilike", parts["last_name"].strip()),
            ("first_name", "=ilike", parts["first_name"].strip()),
            ("patronymic", "=ilike", (parts.get("patronymic") or "").strip() or False),
            ("birth_date", "=", birth_date or False),
        ]
        found = self.with_context(active_test=False).search(domain, limit=2)
        return found if len(found) == 1 else self.browse()

    # ------------------------------------------------------------------ performance overrides
    # The ORM overrides that exist only for the performance budgets (docs: README, Quality bars): the
    # indexes of the list and of name-fragment searches (init), a page of a name-fragment search from
    # rule-free candidates (_search and its helpers), record rules checked in one query (_check_access).
    # Each returns exactly what the default implementation returns.
    def init(self):
        # The default order (_order) of the patient list: read in index order, no sort of every patient.
        create_index(
            self.env.cr, "dental_patient_order_idx", self._table, ["last_name", "first_name", "patronymic", "id"]
        )
        # Every patient search checks the partner's record rule (inherited through _inherits) on each match:
        # a join of dental_patient and res_partner read by index-only scans of these two (the list's count
        # reads up to 10,001 patients: 13 -> 6 ms at 100k patients).
        create_index(
            self.env.cr, "dental_patient_partner_rule_idx", self._table, ["partner_id", "active", "company_id"]
        )
        create_index(self.env.cr, "dental_res_partner_rule_idx", "res_partner", ["id", "partner_share", "company_id"])
        # Patient search by a name fragment runs on res_partner.name, which Odoo indexes
        # with a btree only: add a trigram index for "ilike %fragment%".
        if self.env.registry.has_trigram:
            create_index(
                self.env.cr,
                "dental_res_partner_name_trgm_idx",
                "res_partner",
                ["(unaccent(name)) gin_trgm_ops" if self.env.registry.has_unaccent else "name gin_trgm_ops"],
                method="gin",
            )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        fragment = self._dental_fragment_conjunct(domain) if limit and order == self._order else None
        if fragment is None:
            return super()._search(domain, offset=offset, limit=limit, order=order)
        # The caller's whole domain is compiled first, with the caller's rights: a field of a group the caller
        # lacks (medical data) is refused here, before anything runs without the rules.
        full = super()._search(domain, offset=offset, limit=limit, order=order)
        if self.env.su:
            return self._dental_order_matches(full)
        # A page of a name-fragment search under record rules, from a window of rule-free candidates. With
        # the rules (the branch, and the partner's rule inherited through _inherits) in the query, PostgreSQL
        # costs a join per match and scans the whole table instead of the trigram indexes. The first
        # ``window`` matches of the name-fragment condition alone (name, card number, phones: no other
        # condition of the caller runs without the rules) are taken in list order, then the caller's domain is
        # searched again among them with the rules: when those fill the page, it is exactly the page of the
        # full search (every match before the last candidate is a candidate); when the candidates were all
        # the fragment's matches, too. Otherwise the full search runs. The answer is always the full search's.
        window = max(4 * (offset + limit), 100)
        Candidates = self.sudo()
        if any(expression.is_leaf(leaf) and leaf[0] == "active" for leaf in expression.normalize_domain(domain)):
            Candidates = Candidates.with_context(active_test=False)  # archived matches stay candidates
        # sudo: only the ids matching the name fragment, in list order; the page is searched below under the
        # caller's rights and rules
        candidates = list(Candidates._search(fragment, limit=window, order=order))
        candidate_domain = expression.AND([[("id", "in", candidates)], domain])
        query = super()._search(candidate_domain, offset=offset, limit=limit, order=order)
        if len(candidates) < window:
            return query
        page = self.browse(query.get_result_ids())
        if len(page) == limit:
            return page._as_query(ordered=True)  # known ids: the caller's fetch does not search again
        return self._dental_order_matches(full)

    @api.model
    def _dental_order_matches(self, query):
        """Order a page of name-fragment matches by sorting them, not by walking the list's order index.

        The matches of a name fragment sit together in name order: walking the order index until a page is
        full can read most patients. Sorting the matches the trigram indexes find is cheap: the same order,
        through an expression the index does not provide.
        """
        alias = query.table
        query.order = SQL(
            "(%s || ''), %s, %s, %s",
            SQL.identifier(alias, "last_name"),
            SQL.identifier(alias, "first_name"),
            SQL.identifier(alias, "patronymic"),
            SQL.identifier(alias, "id"),
        )
        return query

    @api.model
    def _dental_is_name_fragment_search(self, domain):
        return self._dental_fragment_conjunct(domain) is not None

    @api.model
    def _dental_fragment_conjunct(self, domain):
        """The condition of ``domain`` a name-fragment search's candidates are searched with, or None.

        A condition every match meets (a top-level conjunct) made only of conditions on the name, the card
        number and the phones (the list's search box and the autocomplete), one of them a name fragment of at
        least 3 characters. Only this part of a user's domain is ever searched without the record rules.
        """
        for term in self._dental_conjuncts(expression.normalize_domain(domain or [])):
            leaves = [item for item in term if item not in ("&", "|")]
            if all(self._dental_is_window_leaf(leaf) for leaf in leaves) and any(
                leaf[0] in ("search_name", "display_name")
                and leaf[1] in ("ilike", "=ilike", "like")
                and len(leaf[2].strip()) >= 3
                for leaf in leaves
            ):
                return term
        return None

    @api.model
    def _dental_is_window_leaf(self, leaf):
        return (
            isinstance(leaf, list | tuple)
            and len(leaf) == 3
            and leaf[0] in ("search_name", "display_name", "card_number", "any_phone")
            and leaf[1] in ("ilike", "=ilike", "like", "=like", "=")
            and isinstance(leaf[2], str)
        )

    @api.model
    def _dental_conjuncts(self, domain):
        """The terms of a normalised (prefix) domain joined by its top-level ANDs, each a domain."""

        def term_end(index):
            needed = 1  # operands still to read: an operator adds one (two operands replace it), a leaf ends one
            while needed:
                token = domain[index]
                needed += 1 if token in ("&", "|") else 0 if token == "!" else -1
                index += 1
            return index

        terms, index = [], 0
        while index < len(domain):
            if domain[index] == "&":  # at the top level an AND only splits a term in two
                index += 1
                continue
            end = term_end(index)
            terms.append(domain[index:end])
            index = end
        return terms

    def _check_access(self, operation):
        # Odoo evaluates record rules on records already read in Python, record by record; a patient's rules
        # include the partner's (inherited through _inherits), a sub-domain evaluated per patient: ~0.2 ms
        # each, 15 ms for a list page. For a page of patients one SQL query on the ids gives the same answer.
        if self.env.su or len(self._ids) < self._DENTAL_SQL_RULE_CHECK or not all(self._ids):
            return super()._check_access(operation)
        if not self.env["ir.model.access"].check(self._name, operation, raise_exception=False):
            return super()._check_access(operation)
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(self._name, operation)
        if not domain:
            return None
        # sudo: the rules themselves are the filter, as in the default implementation
        allowed = (
            self.sudo().with_context(active_test=False)._search(expression.AND([[("id", "in", self.ids)], domain]))
        )
        forbidden = (self - self.browse(allowed.get_result_ids())).exists()
        if forbidden:
            return forbidden, functools.partial(Rule._make_access_error, operation, forbidden)
        return None
