from odoo import _, api, models
from odoo.tools.misc import format_date, format_datetime, formatLang


class DentalReportPdf(models.AbstractModel):
    """PDF print of a clinic report (``_dental_report_model``): the selected rows with the columns of the Excel
    export (``_dental_xlsx_columns``, the ones the user may read), and the totals of the summed figures. One read.

    A print of another report is a model ``report.dental_reports.<template>`` inheriting this one with its
    report model, and a template calling ``dental_reports.report_pdf_table``.
    """

    _name = "dental.report.pdf"
    _description = "Dental Report PDF Print"
    _dental_report_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        model = self._dental_report_model
        docs = self.env[model].browse(docids)
        docs.check_access("read")
        columns = [name for name in docs._dental_xlsx_columns if docs._fields[name].is_accessible(self.env)]
        field_defs = docs.fields_get(columns, ["string", "type", "selection"])
        rows = docs.read(columns, load="_classic_read")
        currency = self.env.company.currency_id
        summed = [
            name
            for name in columns
            if field_defs[name]["type"] in ("monetary", "float", "integer") and docs._fields[name].aggregator == "sum"
        ]
        totals = {name: sum(row[name] or 0 for row in rows) for name in summed}
        return {
            "doc_ids": docids,
            "doc_model": model,
            "docs": docs,
            "title": docs._description,
            "company": self.env.company,
            "headers": [field_defs[name]["string"] for name in columns],
            "numeric": [field_defs[name]["type"] in ("monetary", "float", "integer") for name in columns],
            "lines": [[self._dental_format(field_defs[name], row[name], currency) for name in columns] for row in rows],
            "totals": [
                self._dental_format(field_defs[name], totals[name], currency) if name in totals else ""
                for name in columns
            ],
        }

    @api.model
    def _dental_format(self, field_def, value, currency):
        kind = field_def["type"]
        if kind == "many2one":
            return value[1] if value else ""
        if kind == "selection":
            return dict(field_def["selection"]).get(value, "") if value else ""
        if kind == "date":
            return format_date(self.env, value) if value else ""
        if kind == "datetime":
            return format_datetime(self.env, value) if value else ""
        if kind == "boolean":
            return _("Yes") if value else ""
        if kind == "monetary":
            return formatLang(self.env, value or 0.0, currency_obj=currency)
        if kind == "float":
            return formatLang(self.env, value or 0.0)
        if kind == "integer":
            return str(value or 0)
        return value or ""


class DentalReportServicePdf(models.AbstractModel):
    _name = "report.dental_reports.report_service_pdf"
    _inherit = "dental.report.pdf"
    _description = "Services Rendered PDF Print"
    _dental_report_model = "dental.report.service"


class DentalReportDoctorPdf(models.AbstractModel):
    _name = "report.dental_reports.report_doctor_pdf"
    _inherit = "dental.report.pdf"
    _description = "Doctors' Income PDF Print"
    _dental_report_model = "dental.report.doctor"


class DentalReportDebtPdf(models.AbstractModel):
    _name = "report.dental_reports.report_debt_pdf"
    _inherit = "dental.report.pdf"
    _description = "Debtors PDF Print"
    _dental_report_model = "dental.report.debt"
