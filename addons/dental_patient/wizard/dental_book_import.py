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
                ("dental_contact_name", _("Contact person")),
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

    @api.model
    def _get_book_sheets(self, book):
        """Further sheets of a book's file, after the sheet of its records: [(sheet, label)].

        A further sheet has its columns (``_get_sheet_columns``), is exported by ``_get_sheet_rows`` and imported
        by ``_import_sheet`` after the records' sheet, in the same all-or-nothing import. A file without it (a
        .csv) imports the records' sheet alone.
        """
        return []

    @api.model
    def _get_sheet_columns(self, book, sheet):
        """Columns of a further sheet: (key, header label), like ``_get_book_columns``."""
        return []

    @api.model
    def _get_sheet_rows(self, book, sheet, records):
        """Rows (lists of cell values, in the order of the sheet's columns) exported for ``records``."""
        return []

    def _import_sheet(self, sheet, keys, rows, records):
        """Import a further sheet's ``rows`` (cells in the order of ``keys``, the columns' keys) after the
        records' sheet created or updated ``records``.

        :return: errors, dicts with ``record`` (index of the row in ``rows``) and ``message``; any error rolls
            the whole import back.
        """
        return []

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

    @api.model
    def _check_book_import_access(self, book):
        """Importing a book also takes the rights to create and change its records (AccessError otherwise),
        refused before the file is read."""
        self._check_book_access()
        Model = self.env[self._get_book_model(book)]
        Model.check_access("create")
        Model.check_access("write")

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
        Model = self.env[self._get_book_model(book)]
        rows = records.export_data([path for path, _label in columns])["datas"] if records is not None else []
        self._write_sheet(workbook, self._get_book_label(book), columns, rows, Model)
        for sheet, label in self._get_book_sheets(book):
            rows = self._get_sheet_rows(book, sheet, records) if records is not None else []
            self._write_sheet(workbook, label, self._get_sheet_columns(book, sheet), rows)
        workbook.close()
        return output.getvalue()

    @api.model
    def _get_book_label(self, book):
        """The book's name in the user's language (the name of its records' sheet)."""
        return dict(self._fields["book"]._description_selection(self.env))[book]

    @api.model
    def _write_sheet(self, workbook, name, columns, rows, Model=None):
        """A sheet: the header row (a selection column of ``Model`` lists its values), then ``rows``."""
        sheet = workbook.add_worksheet(name[:31])
        header = workbook.add_format({"bold": True, "bg_color": "#D9EAF7", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        for col, (path, label) in enumerate(columns):
            sheet.write_string(0, col, label, header)
            # a text column keeps what is typed as typed (Excel would turn "00:40" into a time of day)
            sheet.set_column(col, col, max(12, len(label) + 2), text if self._is_text_column(path) else None)
            allowed = Model is not None and self._get_allowed_values(Model, path)
            if allowed:
                self._add_allowed_values(sheet, col, allowed)
        for row_index, row in enumerate(rows, 1):
            for col, value in enumerate(row):
                self._write_cell(sheet, row_index, col, value)
        sheet.freeze_panes(1, 0)
        return sheet

    @api.model
    def _is_text_column(self, path):
        """Whether the template formats a column as text (values Excel would otherwise convert)."""
        return False

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
        self._check_book_import_access(self.book)
        self._check_file_size()
        importer = self._get_importer()
        header, rows, sheet_names = self._read_sheet(importer)
        if not rows:
            raise UserError(_("The file has no data rows under the header."))
        sheets = self._read_further_sheets(importer, sheet_names)
        self._check_row_count(len(rows) + sum(len(sheet_rows) for _sheet, _label, _keys, sheet_rows in sheets))
        field_paths = self._map_header(header)
        data = [self._prepare_row(field_paths, row) for row in rows]
        defaults = self._get_book_defaults(self.book)
        load_fields = [*field_paths, *defaults]
        load_data = [[*row, *defaults.values()] for row in data]
        Model = self.env[self._get_book_model(self.book)].with_context(
            dental_import=True, dental_book=self.book, import_file=True
        )
        before = Model.with_context(active_test=False).search([], order="id desc", limit=1).id or 0
        errors = self._check_row_ids(Model, field_paths, data)
        if errors:
            self._report_failure(errors, len(data))
            return self._reopen()
        # one savepoint over every sheet: an error in a further sheet rolls back the records' sheet too
        with self.env.cr.savepoint() as savepoint:
            result = Model.load(load_fields, load_data)
            errors = [message for message in result["messages"] if message.get("type") == "error"]
            if len(errors) > 1 and any(
                other["message"] == errors[0]["message"] and other.get("record") != errors[0].get("record")
                for other in errors[1:]
            ):
                errors = errors[1:]  # load() repeats a row's error on the batch's first row: keep the row's own
            if not errors and result["ids"]:
                records = Model.browse(result["ids"])
                for sheet, label, keys, sheet_rows in sheets:
                    errors += [
                        dict(error, sheet=label) for error in self._import_sheet(sheet, keys, sheet_rows, records)
                    ]
            if errors:
                savepoint.close(rollback=True)
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

    def _check_row_ids(self, Model, field_paths, data):
        """Errors of the rows whose ID is not a record of the book (a good's ID in the services, a person's in
        the counterparties): such a row would turn that record into one of the book's."""
        if ".id" not in field_paths:
            return []
        index = field_paths.index(".id")
        ids = {int(row[index]) for row in data if row[index].isdigit()}
        domain = [*self._get_book_domain(self.book), ("id", "in", list(ids))]
        known = set(Model.with_context(active_test=False).search(domain).ids)
        return [
            {
                "type": "error",
                "record": row_number,
                "message": _("%(id)s is not the ID of a record of this book.", id=row[index]),
            }
            for row_number, row in enumerate(data)
            if row[index] and (not row[index].isdigit() or int(row[index]) not in known)
        ]

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

    def _get_importer(self):
        """Odoo's import reader (base_import) over the uploaded file."""
        return self.env["base_import.import"].create(
            {
                "res_model": self._get_book_model(self.book),
                "file": base64.b64decode(self.file),
                "file_name": self.filename or "import.xlsx",
                "file_type": XLSX_MIMETYPE,
            }
        )

    def _read_sheet(self, importer, sheet=None):
        """(header, data rows, names of the file's sheets) of a sheet of the file (the first by default), read by
        base_import (xlsx, xls, ods, csv)."""
        options = {"quoting": '"', "separator": "", "has_headers": True, "encoding": "utf-8"}
        if sheet:
            options["sheet"] = sheet
        if (self.filename or "").lower().endswith(".csv"):
            options["separator"] = ";" if b";" in base64.b64decode(self.file).split(b"\n")[0] else ","
        try:
            _length, rows = importer._read_file(options)
        except (ValueError, UserError) as error:
            raise UserError(_("The file cannot be read: %s", error)) from error
        rows = list(rows)
        if not rows:
            return [], [], options.get("sheets") or []
        return rows[0], rows[1:], options.get("sheets") or []

    def _read_further_sheets(self, importer, sheet_names):
        """The book's further sheets found in the file (by their name in any installed language, or their key):
        [(sheet, label, column keys, rows)]; a sheet the file does not have, or an empty one, is left out."""
        found = []
        langs = {"en_US", *(code for code, _name in self.env["res.lang"].get_installed())}
        names = {self._normalize_header(name): name for name in sheet_names}
        for sheet, label in self._get_book_sheets(self.book):
            labels = {sheet, *(dict(self.with_context(lang=lang)._get_book_sheets(self.book))[sheet] for lang in langs)}
            name = next((names[key] for key in map(self._normalize_header, labels) if key in names), None)
            if name is None:
                continue
            header, rows, _names = self._read_sheet(importer, name)
            if header:
                keys = self._map_header(header, sheet)
                found.append((sheet, label, keys, [[cell.strip() for cell in row] for row in rows]))
        return found

    @api.model
    def _normalize_header(self, text):
        return re.sub(r"\s+", " ", (text or "").strip().lower())

    def _get_columns(self, sheet=None):
        """Columns of the records' sheet, or of a further sheet."""
        if sheet:
            return self._get_sheet_columns(self.book, sheet)
        return self._get_book_columns(self.book)

    def _map_header(self, header, sheet=None):
        """Field path of each column: template labels (any installed language) or technical names."""
        known = {}
        # English (the source labels) always, even when the database has no English active.
        for lang in {"en_US", *(code for code, _name in self.env["res.lang"].get_installed())}:
            for path, label in self.with_context(lang=lang)._get_columns(sheet):
                known[self._normalize_header(label)] = path
        for path, _label in self._get_columns(sheet):
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
                    known=", ".join(label for _path, label in self._get_columns(sheet)),
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
        # a book of several sheets names each error's sheet (the records' sheet unless the error says)
        with_sheets = bool(self._get_book_sheets(self.book))
        book_label = self._get_book_label(self.book)

        def cells(error):
            values = [error.get("sheet") or book_label] if with_sheets else []
            values += [self._error_row(error), self._error_message(error)]
            return Markup("").join(Markup("<td>%s</td>") % value for value in values)

        rows = Markup("").join(Markup("<tr>%s</tr>") % cells(error) for error in errors)
        failed_rows = {(error.get("sheet"), self._error_row(error)) for error in errors if self._error_row(error) != ""}
        self.write(
            {
                "state": "failed",
                "created_count": 0,
                "updated_count": 0,
                "failed_count": len(failed_rows) or row_count,
                "result_html": Markup(
                    '<p>%s</p><table class="table table-sm o_dental_import_errors"><thead><tr>%s<th>%s</th><th>%s</th>'
                    "</tr></thead><tbody>%s</tbody></table>"
                )
                % (
                    _("Nothing was imported: correct these rows and import the file again."),
                    Markup("<th>%s</th>") % _("Sheet") if with_sheets else "",
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
        # among the book's records (counterparties: companies only; services: services only)
        book = self.env.context.get("dental_book") or {"res.partner": "partners"}.get(Model._name)
        domain = [("name", "in", list(names)), *(self._get_book_domain(book) if book else [])]
        existing = {}
        for record in Model.with_context(active_test=False).search(domain):
            existing.setdefault(record.name.strip().lower(), []).append(record.id)
        matched = []
        for row in data:
            ids = existing.get((row[name_index] or "").strip().lower(), [])
            matched.append(str(ids[0]) if len(ids) == 1 else "")
        return [*field_paths, ".id"], [[*row, match] for row, match in zip(data, matched)]
