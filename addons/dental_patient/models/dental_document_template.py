import re
from collections import OrderedDict

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z0-9_]+)\s*\}\}")


class DentalDocumentTemplate(models.Model):
    """A contract, consent or questionnaire with ``{{placeholders}}`` filled per patient when printed."""

    _name = "dental.document.template"
    _inherit = ["dental.book.mixin"]
    _description = "Document Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    document_type = fields.Selection(
        [("contract", "Contract"), ("consent", "Consent"), ("questionnaire", "Questionnaire"), ("other", "Other")],
        string="Type",
        required=True,
        default="contract",
    )
    company_id = fields.Many2one("res.company", string="Branch", index=True, help="Empty: every branch.")
    active = fields.Boolean(default=True)
    body = fields.Html(
        sanitize_attributes=False,
        help="Text of the document. Placeholders such as {{fio}} are replaced by the patient's data when printed.",
    )
    placeholder_help = fields.Html(compute="_compute_placeholder_help", string="Placeholders")

    @api.model
    def _get_placeholders(self):
        """Placeholders a template may use: key -> (label, value getter(patient, context) -> str).

        Later addons add their own (e.g. the plan total) by extending this method.
        """

        def company(ctx):
            return ctx["company"]

        return OrderedDict(
            [
                ("fio", (_("Full name"), lambda p, c: p.name)),
                ("last_name", (_("Last name"), lambda p, c: p.last_name)),
                ("first_name", (_("First name"), lambda p, c: p.first_name)),
                ("patronymic", (_("Patronymic"), lambda p, c: p.patronymic)),
                ("birthdate", (_("Date of birth"), lambda p, c: p.birth_date_text)),
                ("age", (_("Age"), lambda p, c: str(p.age) if p.age else "")),
                (
                    "gender",
                    (_("Gender"), lambda p, c: dict(p._fields["gender"]._description_selection(p.env)).get(p.gender)),
                ),
                ("card_number", (_("Card number"), lambda p, c: p.card_number)),
                ("phone", (_("Phone"), lambda p, c: p.mobile or p.phone)),
                ("email", (_("E-mail"), lambda p, c: p.email)),
                ("address", (_("Registered address"), lambda p, c: p._dental_address())),
                ("actual_address", (_("Actual address"), lambda p, c: p._dental_address(actual=True))),
                ("passport", (_("Identity document"), lambda p, c: p._dental_id_document())),
                ("snils", (_("SNILS"), lambda p, c: p.snils)),
                ("inn", (_("INN"), lambda p, c: p.inn)),
                ("oms_policy", (_("OMS policy"), lambda p, c: p.oms_policy)),
                ("representative", (_("Legal representative"), lambda p, c: p.representative_id.name)),
                ("representative_document", (_("Representative's document"), lambda p, c: p.representative_document)),
                ("doctor", (_("Doctor"), lambda p, c: (c.get("doctor") or p.doctor_id).name)),
                ("company_name", (_("Clinic name"), lambda p, c: company(c).name)),
                ("company_inn", (_("Clinic INN"), lambda p, c: company(c).vat)),
                ("company_kpp", (_("Clinic KPP"), lambda p, c: company(c).dental_kpp)),
                ("company_ogrn", (_("Clinic OGRN"), lambda p, c: company(c).company_registry)),
                ("company_address", (_("Clinic address"), lambda p, c: company(c).partner_id._display_address(True))),
                ("company_phone", (_("Clinic phone"), lambda p, c: company(c).phone)),
                ("company_license", (_("Clinic medical licence"), lambda p, c: company(c)._dental_license_text())),
                ("today", (_("Today's date"), lambda p, c: format_date(p.env, fields.Date.context_today(p)))),
            ]
        )

    @api.depends_context("lang")
    def _compute_placeholder_help(self):
        rows = Markup("").join(
            Markup("<tr><td><code>{{%s}}</code></td><td>%s</td></tr>") % (key, label)
            for key, (label, _getter) in self._get_placeholders().items()
        )
        table = Markup('<table class="table table-sm o_dental_placeholders"><tbody>%s</tbody></table>') % rows
        for template in self:
            template.placeholder_help = table

    @api.model
    def get_placeholder_list(self):
        """For the template editor's buttons: [{key, label}]."""
        return [{"key": key, "label": label} for key, (label, _getter) in self._get_placeholders().items()]

    @api.constrains("body")
    def _check_placeholders(self):
        known = self._get_placeholders()
        for template in self:
            unknown = sorted({key for key in PLACEHOLDER.findall(template.body or "") if key not in known})
            if unknown:
                raise ValidationError(
                    _(
                        "Template “%(template)s” uses unknown placeholders: %(unknown)s. Known ones: %(known)s.",
                        template=template.name,
                        unknown=", ".join("{{%s}}" % key for key in unknown),
                        known=", ".join("{{%s}}" % key for key in known),
                    )
                )

    def _render_for_patient(self, patient, doctor=None):
        """The body with every placeholder replaced by the patient's escaped data (Markup)."""
        self.ensure_one()
        placeholders = self._get_placeholders()
        context = {"company": patient.company_id, "doctor": doctor or self.env["hr.employee"]}

        def replace(match):
            _label, getter = placeholders[match[1]]
            return str(escape(getter(patient, context) or ""))

        return Markup(PLACEHOLDER.sub(replace, str(self.body or "")))

    def _dental_history_sources(self):
        return [*super()._dental_history_sources(), ("dental.patient.document", "template_id", _("printed documents"))]
