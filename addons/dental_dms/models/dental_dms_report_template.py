import re

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .dental_dms_report_column import MEDICAL_COLUMNS

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# The placeholders ("script buttons") a template's text may hold.
PLACEHOLDERS = (
    "company_name",
    "company_vat",
    "company_address",
    "insurer_name",
    "contract_number",
    "date_from",
    "date_to",
    "total_amount",
    "line_count",
    "today",
)


class DentalDmsReportTemplate(models.Model):
    """An insurer's registry layout: the text above and below the table (with placeholders such as
    ``{{company_name}}``) and the columns it wants, in its order."""

    _name = "dental.dms.report.template"
    _description = "ДМС Registry Template"
    _order = "insurer_id, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    insurer_id = fields.Many2one(
        "res.partner", string="Insurer", required=True, index=True, domain=[("dental_is_insurer", "=", True)]
    )
    company_id = fields.Many2one("res.company", string="Branch", index=True)
    header = fields.Html(
        sanitize=True,
        help="Text above the table. Placeholders: " + ", ".join("{{%s}}" % p for p in PLACEHOLDERS),
    )
    footer = fields.Html(sanitize=True, help="Text below the table (signatures); the same placeholders.")
    column_ids = fields.One2many("dental.dms.report.column", "template_id", string="Columns", copy=True)
    active = fields.Boolean(default=True)

    @api.model
    def _dms_placeholders(self):
        return PLACEHOLDERS

    def _dms_values(self, services, date_from, date_to, company, contracts=None, total=None):
        """The values of the placeholders for a registry of ``services`` (of ``contracts``, for ``total``)."""
        self.ensure_one()
        if contracts is None:
            contracts = services.contract_id
        if total is None:
            total = sum(services.mapped("amount_insurer"))
        contracts = contracts or self.insurer_id.dental_dms_contract_ids
        currency = company.currency_id
        return {
            "company_name": company.name or "",
            "company_vat": company.vat or "",
            "company_address": ", ".join(p for p in (company.zip, company.city, company.street, company.street2) if p),
            "insurer_name": self.insurer_id.name or "",
            "contract_number": ", ".join(n for n in contracts.mapped("number") if n),
            "date_from": format_date(self.env, date_from) if date_from else "",
            "date_to": format_date(self.env, date_to) if date_to else "",
            "total_amount": format_amount(self.env, total, currency),
            "line_count": str(len(services)),
            "today": format_date(self.env, fields.Date.context_today(self)),
        }

    @api.model
    def _dms_fill(self, html, values):
        """Replace the placeholders of ``html`` by their (escaped) values; unknown ones stay as typed."""
        if not html:
            return Markup("")

        def repl(match):
            key = match.group(1)
            return str(escape(values[key])) if key in values else match.group(0)

        return Markup(PLACEHOLDER.sub(repl, str(html)))

    def _dms_columns(self, services, contracts=None):
        """(key, heading) of the columns; medical codes only when every contract of the registry requires them."""
        self.ensure_one()
        if contracts is None:
            contracts = services.contract_id
        medical = contracts and all(contracts.mapped("registry_medical_codes"))
        return [
            (column.data, column.label) for column in self.column_ids if column.data not in MEDICAL_COLUMNS or medical
        ]

    def _dms_render(self, services, date_from=None, date_to=None, company=None):
        """Everything a registry shows: header, columns, rows (raw values), total, footer."""
        self.ensure_one()
        company = company or services.company_id[:1] or self.env.company
        # the services' programmes and total in one grouped read (no per-service access)
        groups = services._read_group([("id", "in", services.ids)], ["contract_id"], ["amount_insurer:sum"])
        contracts = self.env["dental.dms.contract"].union(*(contract for contract, __ in groups))
        total = sum(amount for __, amount in groups)
        values = self._dms_values(services, date_from, date_to, company, contracts=contracts, total=total)
        columns = self._dms_columns(services, contracts=contracts)
        rows = services._dms_registry_rows([key for key, __ in columns])
        return {
            "header": self._dms_fill(self.header, values),
            "footer": self._dms_fill(self.footer, values),
            "columns": columns,
            "rows": rows,
            "total": total,
            "currency": company.currency_id,
            "values": values,
        }
