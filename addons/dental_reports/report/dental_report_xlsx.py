from odoo import models


class DentalReportXlsx(models.AbstractModel):
    """Excel export of any clinic report: the selected rows, with the columns of its list view
    (``_dental_xlsx_columns``), headed by the columns' labels in the user's language. One read of all rows.
    A column the user may not read (a field restricted to some groups, as the list hides it) is left out."""

    _name = "report.dental_reports.report_xlsx_table"
    _inherit = "report.report_xlsx.abstract"
    _description = "Dental Report Excel Export"

    def generate_xlsx_report(self, workbook, data, objs):
        columns = [name for name in objs._dental_xlsx_columns if objs._fields[name].is_accessible(self.env)]
        field_defs = objs.fields_get(columns, ["string", "type", "selection"])
        sheet = workbook.add_worksheet(objs._description[:31])
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
        datetime_format = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
        for col, name in enumerate(columns):
            sheet.write(0, col, field_defs[name]["string"], bold)
            sheet.set_column(col, col, 16)
        rows = objs.read(columns, load="_classic_read")
        for row_index, row in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                self._dental_write_cell(
                    sheet, row_index, col, field_defs[name], row[name], money, date_format, datetime_format
                )
        sheet.freeze_panes(1, 0)

    def _dental_write_cell(self, sheet, row, col, field_def, value, money, date_format, datetime_format):
        kind = field_def["type"]
        if kind == "many2one":
            sheet.write(row, col, value[1] if value else "")
        elif kind == "selection":
            sheet.write(row, col, dict(field_def["selection"]).get(value, "") if value else "")
        elif kind == "date":
            sheet.write_datetime(row, col, value, date_format) if value else sheet.write_blank(row, col, None)
        elif kind == "datetime":
            sheet.write_datetime(row, col, value, datetime_format) if value else sheet.write_blank(row, col, None)
        elif kind == "boolean":
            sheet.write_boolean(row, col, bool(value))
        elif kind in ("monetary", "float"):
            sheet.write_number(row, col, value or 0.0, money)
        elif kind == "integer":
            sheet.write_number(row, col, value or 0)
        else:
            sheet.write(row, col, value or "")
