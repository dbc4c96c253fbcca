"""Personal-data duties (152-ФЗ, GDPR): export all a clinic holds on a patient, anonymise a
patient where the law allows, and the consent history (dental.patient.consent)."""

import io
import json
import zipfile

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .dental_patient_consent import CONSENT_FIELDS, FROM_CARD, FROM_RECORD
from .dental_server_fields import ServerWrite, has_server_token, server_context

# The token of the anonymisation's own write, in a context key of its own (a JSON-RPC context cannot carry a
# ServerWrite): other addons' rules on the card (dental_egisz's transfer rules) let that write through.
ANONYMIZE_KEY = "dental_anonymize_write"


def is_anonymizing(env):
    """Whether ``env`` is the anonymisation writing the card (never a client's context)."""
    token = env.context.get(ANONYMIZE_KEY)
    return isinstance(token, ServerWrite) and token.model == "dental.patient"


# technical columns left out of the export: they say nothing about the patient
SKIPPED_FIELDS = {"create_uid", "write_uid", "write_date", "__last_update", "display_name"}
SKIPPED_PREFIXES = ("message_", "activity_", "website_message")
# the identity on the card, cleared by anonymisation (medical and money records stay, attached to the card)
IDENTITY_FIELDS = (
    "patronymic", "mobile", "phone", "email", "street", "street2", "city", "zip",
    "state_id", "actual_address", "id_document_name", "id_document_series", "id_document_number",
    "id_document_issued_by", "id_document_issuer_code", "id_document_issue_date", "snils", "inn", "oms_policy",
    "oms_insurer_id", "se_personal_id", "representative_id", "representative_relation", "representative_document",
    "image_1920", "comment", "vat", "website", "function", "title",
    # kept by dental_sms when installed
    "dental_telegram_chat_id", "dental_whatsapp_number",
)  # fmt: skip


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    consent_ids = fields.One2many("dental.patient.consent", "patient_id", string="Consent History")
    dental_anonymized = fields.Boolean(string="Anonymised", readonly=True, copy=False)
    dental_anonymized_date = fields.Datetime(string="Anonymised On", readonly=True, copy=False)

    def write(self, vals):
        if {"dental_anonymized", "dental_anonymized_date"} & set(vals) and not self.env.su:
            raise AccessError(_("A card is marked anonymised by anonymising it, not written directly."))
        res = super().write(vals)
        if not has_server_token(self.env, FROM_RECORD):
            changed = [kind for kind, fname in CONSENT_FIELDS.items() if fname in vals]
            if changed:
                self.env["dental.patient.consent"].sudo().with_context(**server_context(FROM_CARD)).create(
                    [
                        {
                            "patient_id": patient.id,
                            "kind": kind,
                            "given": bool(patient[CONSENT_FIELDS[kind]]),
                            "date": (kind == "pd" and patient.pd_consent_date) or fields.Date.context_today(self),
                            "source": "card",
                        }
                        for patient in self
                        for kind in changed
                    ]
                )
        return res

    # ------------------------------------------------------------------ export
    def _dental_check_privacy_officer(self):
        if not self.env.user.has_group("dental_patient.group_director"):
            raise AccessError(_("Only a Director exports or anonymises a patient's personal data."))
        self.check_access("write")  # the card must be within the Director's branches

    def _dental_personal_data_records(self):
        """``{model: records}`` of everything held on the patient: the card and every record of any
        installed addon pointing to it (a stored many2one to dental.patient), read as superuser
        after the officer's own access to the card was checked."""
        self.ensure_one()
        result = {"dental.patient": self.sudo()}
        fields_to_patient = (
            self.env["ir.model.fields"]
            .sudo()
            .search([("ttype", "=", "many2one"), ("relation", "=", "dental.patient"), ("store", "=", True)])
        )
        for field in fields_to_patient:
            if field.model not in self.env or self.env[field.model]._abstract or self.env[field.model]._transient:
                continue
            Model = self.env[field.model].sudo().with_context(active_test=False)
            if not Model._fields.get(field.name) or not Model._fields[field.name].store:
                continue
            records = Model.search([(field.name, "=", self.id)])
            if records:
                result[field.model] = result.get(field.model, Model.browse()) | records
        return result

    @api.model
    def _dental_export_value(self, record, fname):
        field = record._fields[fname]
        value = record[fname]
        if field.type in ("many2one",):
            return value.display_name or None
        if field.type in ("one2many", "many2many"):
            return value.mapped("display_name")
        if field.type == "selection":
            return dict(field._description_selection(record.env)).get(value) or None
        if field.type in ("date", "datetime"):
            return (
                fields.Datetime.to_string(value)
                if field.type == "datetime" and value
                else (str(value) if value else None)
            )
        if field.type == "monetary" or field.type == "float":
            return value
        return value if value is not False else None

    def _dental_personal_data(self):
        """The export as a JSON-ready dict: per model its label and its records' stored fields."""
        self.ensure_one()
        sections = []
        for model, records in self._dental_personal_data_records().items():
            Model = self.env[model]
            fnames = [
                name
                for name, field in Model._fields.items()
                if (field.store or field.inherited)  # the partner's fields of the card (_inherits)
                and field.type not in ("binary", "image", "properties", "properties_definition")
                and name not in SKIPPED_FIELDS
                and not name.startswith(SKIPPED_PREFIXES)
                and not field.groups  # what Odoo keeps to special groups (e.g. passwords) stays out
            ]
            labels = {name: Model._fields[name]._description_string(self.env) for name in fnames}
            sections.append(
                {
                    "model": model,
                    "label": self.env["ir.model"]._get(model).name,
                    "records": [{labels[f]: self._dental_export_value(rec, f) for f in fnames} for rec in records],
                    "attachments": self.env["ir.attachment"]
                    .sudo()
                    .search([("res_model", "=", model), ("res_id", "in", records.ids), ("type", "=", "binary")])
                    .ids,
                }
            )
        return {
            "patient": self.sudo().name,
            "exported_at": fields.Datetime.to_string(fields.Datetime.now()),
            "exported_by": self.env.user.name,
            "sections": sections,
        }

    def action_export_personal_data(self):
        """A ZIP of everything held on the patient: ``personal_data.json``, a PDF summary and the
        files attached to those records; kept as an attachment of the card (the export is logged)."""
        self.ensure_one()
        self._dental_check_privacy_officer()
        data = self._dental_personal_data()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("personal_data.json", json.dumps(data, ensure_ascii=False, indent=1, default=str))
            printable = dict(data, sections=[dict(section, records=[
                [(label, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
                 for label, value in record.items() if value not in (None, [], "")]
                for record in section["records"]
            ]) for section in data["sections"]])  # fmt: skip
            pdf, _format = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_qweb_pdf("dental_patient.action_report_personal_data", self.ids, data={"export": printable})
            )
            archive.writestr("personal_data.pdf", pdf)
            attachment_ids = [att_id for section in data["sections"] for att_id in section["attachments"]]
            for attachment in self.env["ir.attachment"].sudo().browse(attachment_ids):
                archive.writestr(f"files/{attachment.id}_{attachment.name}", attachment._dental_content())
        export = self.env["ir.attachment"].create(
            {
                "name": _("Personal data of %(patient)s, %(date)s.zip", patient=self.name, date=fields.Date.today()),
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.message_post(body=_("Personal data exported by %s.", self.env.user.name))
        return {"type": "ir.actions.act_url", "url": f"/web/content/{export.id}?download=true", "target": "self"}

    # ------------------------------------------------------------------ anonymisation
    def _dental_anonymize(self):
        """Remove the identity from the card and from the copies of it kept by the installed addons;
        medical and money records stay, attached to the anonymised card, as the law requires them
        kept. Addons holding more of the identity extend this (SMS bodies, appointment titles, logs)."""
        identity = [fname for fname in IDENTITY_FIELDS if fname in self._fields]
        for patient in self.sudo():
            old_names = {patient.name, patient.partner_id.name} - {False}
            vals = dict.fromkeys(identity, False)
            vals.update(
                {
                    "last_name": _("Anonymised"),
                    "first_name": patient.card_number or str(patient.id),
                    "birth_date": patient.birth_date and patient.birth_date.replace(month=1, day=1),
                    "birth_date_precision": "year" if patient.birth_date else patient.birth_date_precision,
                    "sms_consent": False,
                    "email_consent": False,
                    "family_id": False,
                    "dental_anonymized": True,
                    "dental_anonymized_date": fields.Datetime.now(),
                }
            )
            # both tokens: no consent record for the cleared checkboxes, and the anonymisation's own write
            patient.with_context(**server_context(FROM_RECORD), **{ANONYMIZE_KEY: ServerWrite("dental.patient")}).write(
                vals
            )
            removed = {
                "dental.patient.phone": patient.phone_ids.ids,
                "dental.patient.document": patient.document_ids.ids,
            }
            patient.phone_ids.unlink()
            # identity documents (passport scans, signed forms naming the patient) go, with their files
            self.env["ir.attachment"].sudo().search(
                [("res_model", "=", "dental.patient.document"), ("res_id", "in", patient.document_ids.ids)]
            ).unlink()
            patient.document_ids.unlink()
            # the chatter of the card: tracked old values of the identity and the messages naming it
            messages = (
                self.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("model", "in", ("dental.patient", "res.partner")),
                        ("res_id", "in", (patient.id, patient.partner_id.id)),
                    ]
                )
            )
            messages.tracking_value_ids.unlink()
            messages.unlink()
            patient._dental_anonymize_copies(old_names, removed)
        return True

    def _dental_anonymize_blockers(self):
        """Hook: reasons (translated sentences) not to anonymise the patient now."""
        self.ensure_one()
        return [_("The card is already anonymised.")] if self.dental_anonymized else []

    def action_anonymize_wizard(self):
        self.ensure_one()
        self._dental_check_privacy_officer()
        return {
            "type": "ir.actions.act_window",
            "name": _("Anonymise the Patient"),
            "res_model": "dental.patient.anonymize.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_patient_id": self.id},
        }

    def _dental_anonymize_copies(self, old_names, removed):
        """Hook: clear the copies of the patient's identity that an addon keeps elsewhere.

        :param old_names: the names the patient had
        :param removed: ``{model: ids}`` of the patient's records deleted by the anonymisation
        """
        return True
