import base64
from collections import defaultdict

from lxml import etree

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from odoo.addons.dental_patient.tools.lang import in_russian

# Codes of identity documents (справочник «Коды видов документов, удостоверяющих личность»).
ID_DOCUMENT_CODES = {
    "passport_ru": "21",
    "birth_certificate": "03",
    "passport_foreign": "10",
    "residence_permit": "12",
    "other": "91",
}
FORM_KND = "1151156"
XML_FORMAT_VERSION = "5.01"


class DentalTaxCertificate(models.Model):
    """Справка об оплате медицинских услуг для представления в налоговый орган (КНД 1151156).

    Issued to a taxpayer (the patient or the relative who paid) for a patient and a year, from the
    posted payments of that year allocated to invoices: code 1 (medical services) and code 2 (expensive
    treatment, ``product.template.dental_expensive``). Issuing freezes the amounts and the identities;
    re-issuing creates a correction (same number, next correction number) and marks the earlier one
    replaced. The register is the list of these records.
    """

    _name = "dental.tax.certificate"
    _description = "Tax-Deduction Certificate (Medical Services)"
    _inherit = ["mail.thread"]
    _order = "year desc, name desc, correction_number desc"
    _check_company_auto = True

    name = fields.Char(string="Number", readonly=True, copy=False, index=True)
    correction_number = fields.Integer(string="Correction No.", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, default=lambda self: self.env.company, index=True
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year - 1, tracking=True)
    # check_company: a patient of the branch or of a company above it (dental.patient's _check_company_domain)
    taxpayer_id = fields.Many2one(
        "dental.patient",
        string="Taxpayer",
        required=True,
        tracking=True,
        check_company=True,
        help="Who paid (the patient or a relative).",
    )
    patient_id = fields.Many2one("dental.patient", string="Patient", required=True, tracking=True, check_company=True)
    taxpayer_is_patient = fields.Boolean(compute="_compute_taxpayer_is_patient", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued"), ("replaced", "Replaced by a Correction")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    issue_date = fields.Date(readonly=True, copy=False)
    previous_id = fields.Many2one("dental.tax.certificate", string="Corrects", readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_code1 = fields.Monetary(string="Medical Services (Code 1)", readonly=True)
    amount_code2 = fields.Monetary(string="Expensive Treatment (Code 2)", readonly=True)
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True)
    payment_ids = fields.Many2many("account.payment", string="Payments Counted", readonly=True, copy=False)
    signer_id = fields.Many2one("res.users", string="Signed By", default=lambda self: self.env.user)
    # identities as printed (frozen when issued)
    taxpayer_name = fields.Char(readonly=True)
    taxpayer_inn = fields.Char(readonly=True)
    taxpayer_birth_date = fields.Date(readonly=True)
    taxpayer_doc_code = fields.Char(readonly=True)
    taxpayer_doc_number = fields.Char(readonly=True)
    taxpayer_doc_date = fields.Date(readonly=True)
    patient_name = fields.Char(readonly=True)
    patient_inn = fields.Char(readonly=True)
    patient_birth_date = fields.Date(readonly=True)
    patient_doc_code = fields.Char(readonly=True)
    patient_doc_number = fields.Char(readonly=True)
    patient_doc_date = fields.Date(readonly=True)
    company_inn = fields.Char(string="Clinic INN", readonly=True)
    company_kpp = fields.Char(string="Clinic KPP", readonly=True)
    company_name = fields.Char(string="Clinic", readonly=True)
    company_license = fields.Char(string="Licence", readonly=True)

    @api.depends("taxpayer_id", "patient_id")
    def _compute_taxpayer_is_patient(self):
        for certificate in self:
            certificate.taxpayer_is_patient = certificate.taxpayer_id == certificate.patient_id

    @api.depends("amount_code1", "amount_code2")
    def _compute_amount_total(self):
        for certificate in self:
            certificate.amount_total = certificate.amount_code1 + certificate.amount_code2

    @api.constrains("year")
    def _check_year(self):
        for certificate in self:
            if not 2000 <= certificate.year <= fields.Date.context_today(self).year:
                raise ValidationError(_("The year of a certificate must be a past or the current year."))

    @api.constrains("state", "company_id", "taxpayer_id", "patient_id", "year")
    def _check_unique_issued(self):
        for certificate in self.filtered(lambda c: c.state == "issued"):
            duplicate = self.search_count(
                [
                    ("id", "!=", certificate.id),
                    ("state", "=", "issued"),
                    ("company_id", "=", certificate.company_id.id),
                    ("taxpayer_id", "=", certificate.taxpayer_id.id),
                    ("patient_id", "=", certificate.patient_id.id),
                    ("year", "=", certificate.year),
                ]
            )
            if duplicate:
                raise ValidationError(
                    _("A certificate was already issued for this taxpayer, patient and year: issue a correction.")
                )

    @api.constrains("taxpayer_id", "patient_id")
    def _check_patients_readable(self):
        """The patient and the taxpayer are cards the user may read: issuing copies their identities."""
        for certificate in self:
            (certificate.taxpayer_id | certificate.patient_id).check_access("read")

    @api.onchange("patient_id")
    def _onchange_patient_id(self):
        if self.patient_id and not self.taxpayer_id:
            self.taxpayer_id = self.patient_id

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                for fname in set(vals) & self._dental_protected_fields():
                    del vals[fname]  # set by issuing only
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & self._dental_protected_fields():
                raise UserError(_("Numbers, amounts and identities of a certificate are set by issuing it."))
            if self.filtered(lambda c: c.state != "draft") and set(vals) - {"message_main_attachment_id"}:
                raise UserError(_("An issued certificate cannot be changed: issue a correction."))
        return super().write(vals)

    @api.model
    def _dental_protected_fields(self):
        return {
            "name",
            "state",
            "correction_number",
            "previous_id",
            "issue_date",
            "amount_code1",
            "amount_code2",
            "payment_ids",
        } | {
            fname
            for fname in self._fields
            if fname.startswith(("taxpayer_", "patient_", "company_"))
            and fname not in ("taxpayer_id", "patient_id", "company_id", "taxpayer_is_patient")
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(_("An issued certificate stays in the register; issue a correction instead."))

    # ------------------------------------------------------------------ amounts
    def _dental_legal_entity(self):
        """The company whose INN the certificate bears: the branch when it has its own, else the head company."""
        self.ensure_one()
        company = self.company_id.sudo()
        return company if company.vat else company.root_id

    def _dental_payments(self):
        """Posted payments of the year made by the taxpayer for the patient, in the branches of the legal entity."""
        self.ensure_one()
        # sudo: the certificate counts every payment of the legal entity, whatever branch took it; the caller
        # checked that the user reads both cards (action_issue)
        return (
            self.env["account.payment"]
            .sudo()
            .search(
                [
                    ("company_id", "child_of", self._dental_legal_entity().id),
                    ("dental_patient_id", "=", self.patient_id.id),
                    ("dental_payer_id", "=", self.taxpayer_id.id),
                    ("payment_type", "=", "inbound"),
                    ("partner_type", "=", "customer"),
                    ("state", "in", ("in_process", "paid")),
                    ("date", ">=", f"{self.year}-01-01"),
                    ("date", "<=", f"{self.year}-12-31"),
                ]
            )
        )

    def _dental_compute_amounts(self):
        """(code 1 amount, code 2 amount, payments) of the year.

        Each payment counts for what it paid of invoices (credit notes cancel what they reversed); an
        invoice's share of expensive treatment (code 2) is the share of its lines whose service is
        flagged ``dental_expensive``. Money kept as a deposit counts once an invoice uses it.
        """
        self.ensure_one()
        payments = self._dental_payments()
        amounts = defaultdict(float)
        for payment in payments:
            lines = payment.move_id.line_ids.filtered(lambda ml: ml.account_id.account_type == "asset_receivable")
            for partial in lines.matched_debit_ids:
                invoice = partial.debit_move_id.move_id
                if invoice.move_type != "out_invoice":
                    continue
                product_lines = invoice.invoice_line_ids.filtered(lambda ml: ml.display_type == "product")
                total = sum(product_lines.mapped("price_total"))
                expensive = sum(product_lines.filtered(lambda ml: ml.product_id.dental_expensive).mapped("price_total"))
                share = expensive / total if total else 0.0
                amounts["2"] += partial.amount * share
                amounts["1"] += partial.amount * (1 - share)
        code2 = float_round(amounts["2"], precision_digits=2)
        code1 = float_round(amounts["1"] + amounts["2"], precision_digits=2) - code2
        return code1, code2, payments

    def _dental_identity(self, patient):
        # sudo: identity documents of the card, printed on the certificate (action_issue checked the user reads it)
        patient = patient.sudo()
        return {
            "name": patient.name,
            "inn": patient.inn or "",
            "birth_date": patient.birth_date,
            "doc_code": ID_DOCUMENT_CODES.get(patient.id_document_type, "") if patient.id_document_number else "",
            "doc_number": " ".join(p for p in (patient.id_document_series, patient.id_document_number) if p),
            "doc_date": patient.id_document_issue_date,
        }

    # ------------------------------------------------------------------ actions
    def action_issue(self):
        self.check_access("write")
        for certificate in self:
            # the identities and the yearly amounts below are read as superuser: only for cards the user reads
            (certificate.taxpayer_id | certificate.patient_id).check_access("read")
            certificate._check_company(["taxpayer_id", "patient_id"])
            if certificate.state != "draft":
                raise UserError(_("The certificate %s is already issued.", certificate.name))
            code1, code2, payments = certificate._dental_compute_amounts()
            if not code1 and not code2:
                raise UserError(
                    _(
                        "%(taxpayer)s paid nothing for %(patient)s's treatment in %(year)s.",
                        taxpayer=certificate.taxpayer_id.name,
                        patient=certificate.patient_id.name,
                        year=certificate.year,
                    )
                )
            vals = {
                "amount_code1": code1,
                "amount_code2": code2,
                "payment_ids": [fields.Command.set(payments.ids)],
                "state": "issued",
                "issue_date": fields.Date.context_today(certificate),
            }
            for role, patient in (("taxpayer", certificate.taxpayer_id), ("patient", certificate.patient_id)):
                identity = certificate._dental_identity(patient)
                if role == "taxpayer" and not (identity["inn"] or identity["doc_number"]):
                    raise UserError(_("Enter the INN or the identity document of %s on the card first.", patient.name))
                for key, value in identity.items():
                    vals[f"{role}_{key}"] = value
            vals.update(certificate._dental_company_values())
            if not certificate.name:
                # sudo: numbering sequence, a technical record
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .with_company(certificate.company_id)
                    .next_by_code("dental.tax.certificate")
                )
            # sudo: the issuing method alone sets the frozen fields (rights checked above)
            certificate.sudo().write(vals)
        return True

    def _dental_company_values(self):
        """The clinic's requisites frozen on the certificate when it is issued (a country addon adds its own)."""
        self.ensure_one()
        company = self.company_id.sudo()
        legal = self._dental_legal_entity()
        return {
            "company_inn": legal.vat or "",
            "company_kpp": company.dental_kpp or legal.dental_kpp or "",
            "company_name": legal.partner_id.name,
            "company_license": legal._dental_license_text(),
        }

    def action_correct(self):
        """Re-issue: a correction with the same number and the next correction number."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "issued":
            raise UserError(_("Only an issued certificate is corrected."))
        # sudo: the correction keeps the number of the certificate it replaces (rights checked above)
        self.sudo().write({"state": "replaced"})
        correction = (
            self.sudo()
            .copy(
                {
                    "name": self.name,
                    "correction_number": self.correction_number + 1,
                    "previous_id": self.id,
                    "taxpayer_id": self.taxpayer_id.id,
                    "patient_id": self.patient_id.id,
                    "year": self.year,
                }
            )
            .sudo(False)
        )
        correction.action_issue()
        return correction._get_records_action(context={})

    def action_print(self):
        return self.env.ref("dental_cash.action_report_tax_certificate").report_action(self)

    def action_download_xml(self):
        self.ensure_one()
        if self.state == "draft":
            raise UserError(_("Issue the certificate first."))
        filename, content = self._dental_xml()
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/xml",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    # ------------------------------------------------------------------ printing
    def _dental_amount_words(self, amount):
        """Amount in Russian words (num2words through res.currency), e.g. "Пять тысяч рублей 00 копеек"."""
        return in_russian(self.currency_id).amount_to_text(amount)

    def _dental_xml(self):
        """(file name, bytes) of the electronic certificate.

        Element names follow ФНС conventions for format version 5.01 (KND 1184043); the official
        XSD (UT_SVOPLMEDUSL_1_278_00_05_01_02.xsd) was not available: validate the output against it
        before submitting, adapting this method (one place) if it differs.
        """
        self.ensure_one()
        file_id = f"UT_SVOPLMEDUSL_{self.company_inn}{self.company_kpp}_{self.issue_date:%Y%m%d}_{self.id}"
        root = etree.Element("Файл", ИдФайл=file_id, ВерсПрог="dental_cash 18.0", ВерсФорм=XML_FORMAT_VERSION)
        document = etree.SubElement(
            root,
            "Документ",
            КНД=FORM_KND,
            ДатаДок=f"{self.issue_date:%d.%m.%Y}",
            НомСпр=self.name or "",
            НомКорр=str(self.correction_number),
            ОтчГод=str(self.year),
            ПрПациент="1" if self.taxpayer_is_patient else "0",
        )
        organization = etree.SubElement(document, "СвМедОрг", ИННЮЛ=self.company_inn or "", КПП=self.company_kpp or "")
        organization.set("НаимОрг", self.company_name or "")
        self._dental_xml_person(document, "СвНП", "taxpayer")
        if not self.taxpayer_is_patient:
            self._dental_xml_person(document, "СвПац", "patient")
        amounts = etree.SubElement(document, "СумОпл")
        for code, amount in (("1", self.amount_code1), ("2", self.amount_code2)):
            if amount:
                etree.SubElement(amounts, "СумКод", КодУсл=code, Сумма=f"{amount:.2f}")
        signer = etree.SubElement(document, "Подписант")
        self._dental_xml_name(signer, self.signer_id.name or "")
        content = etree.tostring(root, xml_declaration=True, encoding="windows-1251", pretty_print=True)
        return f"{file_id}.xml", content

    def _dental_xml_person(self, parent, tag, role):
        node = etree.SubElement(parent, tag)
        if self[f"{role}_inn"]:
            node.set("ИННФЛ", self[f"{role}_inn"])
        if self[f"{role}_birth_date"]:
            node.set("ДатаРожд", f"{self[f'{role}_birth_date']:%d.%m.%Y}")
        self._dental_xml_name(node, self[f"{role}_name"] or "")
        if self[f"{role}_doc_number"]:
            document = etree.SubElement(node, "УдЛичнФЛ", КодВидДок=self[f"{role}_doc_code"] or "")
            document.set("СерНомДок", self[f"{role}_doc_number"])
            if self[f"{role}_doc_date"]:
                document.set("ДатаДок", f"{self[f'{role}_doc_date']:%d.%m.%Y}")
        return node

    @staticmethod
    def _dental_xml_name(parent, full_name):
        parts = full_name.split()
        name = etree.SubElement(
            parent, "ФИО", Фамилия=parts[0] if parts else "", Имя=parts[1] if len(parts) > 1 else ""
        )
        if len(parts) > 2:
            name.set("Отчество", " ".join(parts[2:]))
        return name
