import base64
import io
import re
from datetime import datetime

import xlsxwriter
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import DEFAULT_SERVER_DATE_FORMAT

from ..tools import actions

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Limits of a reference book's import and export (System Parameters, also in the Dental settings).
MAX_ROWS_PARAM = "dental_patient.book_max_rows"
MAX_SIZE_PARAM = "dental_patient.book_import_max_mb"
DEFAULT_MAX_ROWS = 50000
DEFAULT_MAX_SIZE_MB = 10


class DentalBookImport(models.TransientModel):
    """Import (and export) a reference book from/to Excel with a prepared template.

    Rides on Odoo's import engine (``base_import`` reads the file, ``load`` writes
    the records): all-or-nothing, a row with an ID updates that record, a row
    without one updates the record with the same name (patients: full name and
    birth date), the result counts created, updated and failed rows.
    """

    _name = "dental.book.import"
    _description = "Reference Book Import"

    book = fields.Selection(
        [("patients", "Patients"), ("employees", "Employees"), ("partners", "Counterparties")],
        required=True,
        default="patients",
    )
    file = fields.Binary(string="File", help="The filled template: Excel (.xlsx, .xls), .ods or .csv.")
    filename = fields.Char()
    state = fields.Selection([("draft", "Draft"), ("done", "Imported"), ("failed", "Failed")], default="draft")
    created_count = fields.Integer(readonly=True)
    updated_count = fields.Integer(readonly=True)
    failed_count = fields.Integer(readonly=True)
    result_html = fields.Html(readonly=True)

    # ------------------------------------------------------------------ books
    @api.model
    def _get_book_model(self, book):
        return {"patients": "dental.patient", "employees": "hr.employee", "partners": "res.partner"}[book]

    @api.model
    def _get_book_columns(self, book):
        """Columns of a book's template: (field path for ``load``, header label)."""
        columns = {
            "patients": [
                (".id", _("ID")),
                ("last_name", _("Last name")),
                ("first_name", _("First name")),
                ("patronymic", _("Patronymic")),
                ("mobile", _("Mobile")),
                ("phone", _("Home phone")),
                ("email", _("E-mail")),
                ("gender", _("Gender")),
                ("birth_date_text", _("Date of birth (DD.MM.YYYY or DD.MM)")),
                ("city", _("City")),
                ("street", _("Street")),
                ("zip", _("ZIP")),
                ("snils", _("SNILS")),
                ("inn", _("INN")),
                ("oms_policy", _("OMS policy")),
                ("id_document_series", _("Document series")),
                ("id_document_number", _("Document number")),
                ("source_id", _("Marketing channel")),
                ("group_id", _("Patient group")),
                ("comment", _("Comment")),
            ],
            "employees": [
                (".id", _("ID")),
                ("name", _("Name")),
                ("job_id", _("Job position")),
                ("mobile_phone", _("Mobile")),
                ("work_phone", _("Work phone")),
                ("work_email", _("E-mail")),
                ("birthday", _("Date of birth (DD.MM.YYYY)")),
                ("identification_id", _("Identification No")),
                ("passport_id", _("Passport No")),
            ],
            "partners": [
                (".id", _("ID")),
                ("name", _("Name")),
                ("vat", _("INN")),
                ("dental_kpp", _("KPP")),
                ("street", _("Address")),
                ("phone", _("Phone")),
                ("email", _("E-mail")),
                ("comment", _("Comment")),
            ],
        }
        return columns[book]

    @api.model
    def _get_book_defaults(self, book):
        """Values every imported row gets (columns the template does not show)."""
        return {"partners": {"is_company": "1"}}.get(book, {})

    @api.model
    def _get_book_domain(self, book):
        """Records exported with the book."""
        return {"partners": [("is_company", "=", True)]}.get(book, [])

    # ------------------------------------------------------------------ limits and rights
    @api.model
    def _get_limits(self):
        """(maximum rows imported or exported, maximum size of an imported file in bytes)."""
        ICP = self.env["ir.config_parameter"].sudo()  # sudo: the limits are read by every user of the wizard

        def positive(key, default):
            try:
                return max(int(ICP.get_param(key, default)), 1)
            except (TypeError, ValueError):
                return default

        return positive(MAX_ROWS_PARAM, DEFAULT_MAX_ROWS), positive(MAX_SIZE_PARAM, DEFAULT_MAX_SIZE_MB) * 1024 * 1024

    @api.model
    def _check_book_access(self):
        """Import and export of reference books are for the roles that may use this wizard."""
        self.check_access("create")

    # ------------------------------------------------------------------ template and export
    def action_download_template(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/dental_patient/book/{self.book}.xlsx", "target": "download"}

    def action_export(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/dental_patient/book/{self.book}.xlsx?export=1",
            "target": "download",
        }

    @api.model
    def _book_xlsx(self, book, with_data=False):
        """The book's template (header row) as .xlsx, with the current records when ``with_data``.

        The export is for the roles of the wizard; every text is written as text (a cell typed "=..." by
        someone is never a formula in the file).
        """
        columns = self._get_book_columns(book)
        records = None
        if with_data:
            self._check_book_access()
            Model = self.env[self._get_book_model(book)]
            max_rows, _max_size = self._get_limits()
            count = Model.search_count(self._get_book_domain(book), limit=max_rows + 1)
            if count > max_rows:
                raise UserError(
                    _(
                        "The book has more than %(limit)s records, the most an export holds. An administrator may "
                        "raise the limit in the Dental settings.",
                        limit=max_rows,
                    )
                )
            records = Model.search(self._get_book_domain(book))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        sheet = workbook.add_worksheet(dict(self._fields["book"]._description_selection(self.env))[book][:31])
        header = workbook.add_format({"bold": True, "bg_color": "#D9EAF7", "border": 1})
        Model = self.env[self._get_book_model(book)]
        for col, (path, label) in enumerate(columns):
            sheet.write_string(0, col, label, header)
            sheet.set_column(col, col, max(12, len(label) + 2))
            allowed = self._get_allowed_values(Model, path)
            if allowed:
                self._add_allowed_values(sheet, col, allowed)
        if records is not None:
            rows = records.export_data([path for path, _label in columns])["datas"]
            for row_index, row in enumerate(rows, 1):
                for col, value in enumerate(row):
                    self._write_cell(sheet, row_index, col, value)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()

    @api.model
    def _get_allowed_values(self, Model, path):
        """Labels a column takes (a selection field's, in the user's language), or None for free text."""
        field = Model._fields.get(path)
        if field is None or field.type != "selection":
            return None
        return [label for _value, label in field._description_selection(self.env)]

    @api.model
    def _add_allowed_values(self, sheet, col, allowed):
        """The header's note lists a column's values; its cells offer them in a drop-down (not enforced: the
        first letter is accepted too, and the import says what it refuses)."""
        hint = _(
            "Allowed values: %(values)s (or their first letters, e.g. %(example)s).",
            values=", ".join(allowed),
            example=", ".join(label[:1] for label in allowed),
        )
        sheet.write_comment(0, col, hint, {"x_scale": 2})
        max_rows, _max_size = self._get_limits()
        sheet.data_validation(
            1,
            col,
            max_rows,
            col,
            {
                "validate": "list",
                "source": allowed,
                "error_type": "information",
                "input_title": _("Allowed values"),
                "input_message": ", ".join(allowed)[:255],
            },
        )

    @api.model
    def _write_cell(self, sheet, row, col, value):
        """A number as a number, anything else as a string (never a formula or a link)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, self._export_cell(value))

    @api.model
    def _export_cell(self, value):
        if value is False or value is None:
            return ""
        if hasattr(value, "strftime"):
            return value.strftime("%d.%m.%Y")
        return str(value)

    # ------------------------------------------------------------------ import
    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the file to import."))
        self._check_file_size()
        header, rows = self._read_rows()
        self._check_row_count(len(rows))
        field_paths = self._map_header(header)
        data = [self._prepare_row(field_paths, row) for row in rows]
        defaults = self._get_book_defaults(self.book)
        load_fields = [*field_paths, *defaults]
        load_data = [[*row, *defaults.values()] for row in data]
        Model = self.env[self._get_book_model(self.book)].with_context(dental_import=True, import_file=True)
        before = Model.with_context(active_test=False).search([], order="id desc", limit=1).id or 0
        result = Model.load(load_fields, load_data)
        errors = [message for message in result["messages"] if message.get("type") == "error"]
        if len(errors) > 1 and any(
            other["message"] == errors[0]["message"] and other.get("record") != errors[0].get("record")
            for other in errors[1:]
        ):
            errors = errors[1:]  # load() repeats a row's error on the batch's first row: keep the row's own
        if errors or not result["ids"]:
            self._report_failure(errors, len(data))
        else:
            created = sum(1 for record_id in result["ids"] if record_id > before)
            self.write(
                {
                    "state": "done",
                    "created_count": created,
                    "updated_count": len(result["ids"]) - created,
                    "failed_count": 0,
                    "result_html": False,
                }
            )
        return self._reopen()

    def _check_file_size(self):
        _max_rows, max_size = self._get_limits()
        size = len(self.with_context(bin_size=False).file) * 3 // 4  # base64: 4 characters per 3 bytes
        if size > max_size:
            raise UserError(
                _(
                    "The file is larger than %(limit)s MB, the most an import reads: split it into smaller files.",
                    limit=max_size // (1024 * 1024),
                )
            )

    def _check_row_count(self, count):
        max_rows, _max_size = self._get_limits()
        if count > max_rows:
            raise UserError(
                _(
                    "The file has %(count)s rows, more than the %(limit)s an import takes: split it into smaller "
                    "files.",
                    count=count,
                    limit=max_rows,
                )
            )

    def _read_rows(self):
        """Header and data rows of the uploaded file, read by base_import (xlsx, xls, ods, csv)."""
        importer = self.env["base_import.import"].create(
            {
                "res_model": self._get_book_model(self.book),
                "file": base64.b64decode(self.file),
                "file_name": self.filename or "import.xlsx",
                "file_type": XLSX_MIMETYPE,
            }
        )
        options = {"quoting": '"', "separator": "", "has_headers": True, "encoding": "utf-8"}
        if (self.filename or "").lower().endswith(".csv"):
            options["separator"] = ";" if b";" in base64.b64decode(self.file).split(b"\n")[0] else ","
        try:
            _length, rows = importer._read_file(options)
        except (ValueError, UserError) as error:
            raise UserError(_("The file cannot be read: %s", error)) from error
        rows = list(rows)
        if len(rows) < 2:
            raise UserError(_("The file has no data rows under the header."))
        return rows[0], rows[1:]

    @api.model
    def _normalize_header(self, text):
        return re.sub(r"\s+", " ", (text or "").strip().lower())

    def _map_header(self, header):
        """Field path of each column: template labels (any installed language) or technical names."""
        known = {}
        # English (the source labels) always, even when the database has no English active.
        for lang in {"en_US", *(code for code, _name in self.env["res.lang"].get_installed())}:
            for path, label in self.with_context(lang=lang)._get_book_columns(self.book):
                known[self._normalize_header(label)] = path
        for path, _label in self._get_book_columns(self.book):
            known[self._normalize_header(path)] = path
        paths, unknown = [], []
        for title in header:
            path = known.get(self._normalize_header(title))
            (paths if path else unknown).append(path or title)
        if unknown:
            raise UserError(
                _(
                    "Unknown columns: %(unknown)s. Use the template's columns: %(known)s.",
                    unknown=", ".join(unknown),
                    known=", ".join(label for _path, label in self._get_book_columns(self.book)),
                )
            )
        return paths

    def _prepare_row(self, field_paths, row):
        """Cells as ``load`` wants them: dates typed DD.MM.YYYY become ISO."""
        Model = self.env[self._get_book_model(self.book)]
        prepared = []
        for path, value in zip(field_paths, row):
            field = Model._fields.get(path)
            if field is not None and field.type == "date" and re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", value.strip()):
                value = datetime.strptime(value.strip(), "%d.%m.%Y").strftime(DEFAULT_SERVER_DATE_FORMAT)
            prepared.append(value.strip() if isinstance(value, str) else value)
        return prepared

    def _report_failure(self, errors, row_count):
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td></tr>") % (self._error_row(error), self._error_message(error))
            for error in errors
        )
        failed_rows = {self._error_row(error) for error in errors} - {""}
        self.write(
            {
                "state": "failed",
                "created_count": 0,
                "updated_count": 0,
                "failed_count": len(failed_rows) or row_count,
                "result_html": Markup(
                    '<p>%s</p><table class="table table-sm o_dental_import_errors"><thead><tr><th>%s</th><th>%s</th>'
                    "</tr></thead><tbody>%s</tbody></table>"
                )
                % (
                    _("Nothing was imported: correct these rows and import the file again."),
                    _("Row"),
                    _("Error"),
                    rows,
                ),
            }
        )

    @api.model
    def _error_message(self, error):
        """A load() error's message, with the values the column allows when load() gives them."""
        message = error.get("message", "")
        Model = self.env[self._get_book_model(self.book)]
        allowed = error.get("moreinfo") and self._get_allowed_values(Model, error.get("field"))
        if allowed:
            message = _("%(message)s. Allowed values: %(values)s.", message=message, values=", ".join(allowed))
        return message

    @api.model
    def _error_row(self, error):
        """Spreadsheet row number of a load() error (row 1 is the header)."""
        row = error.get("record")
        if row is None:
            row = (error.get("rows") or {}).get("from")
        return "" if row is None else row + 2

    def _reopen(self):
        return actions.reopen_wizard(self, _("Import reference book"))

    # ------------------------------------------------------------------ matching by name (employees, partners)
    @api.model
    def _match_rows_by_name(self, Model, field_paths, data):
        """Rows without an ID update the existing record with the same name (archived ones too)."""
        if "id" in field_paths or ".id" in field_paths or "name" not in field_paths:
            return field_paths, data
        name_index = field_paths.index("name")
        names = {row[name_index].strip() for row in data if row[name_index]}
        domain = [("name", "in", list(names))]
        if Model._name == "res.partner":
            domain.append(("is_company", "=", True))
        existing = {}
        for record in Model.with_context(active_test=False).search(domain):
            existing.setdefault(record.name.strip().lower(), []).append(record.id)
        matched = []
        for row in data:
            ids = existing.get((row[name_index] or "").strip().lower(), [])
            matched.append(str(ids[0]) if len(ids) == 1 else "")
        return [*field_paths, ".id"], [[*row, match] for row, match in zip(data, matched)]
