import csv
import io
import os
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import file_path

# The НСИ dictionaries the protocol uses (OID -> what for); МКБ-10 (1005) is dental_chart's dental.diagnosis.
NSI_POSITION = "1.2.643.5.1.13.13.11.1002"
NSI_SPECIALTY = "1.2.643.5.1.13.13.11.1066"
NSI_DIAGNOSIS_TYPE = "1.2.643.5.1.13.13.11.1077"
NSI_VISIT_KIND = "1.2.643.5.1.13.13.11.1007"
NSI_CONDITION = "1.2.643.5.1.13.13.11.1006"
NSI_PLACE = "1.2.643.5.1.13.13.11.1008"
NSI_GENDER = "1.2.643.5.1.13.13.11.1040"
NSI_SEMD_KIND = "1.2.643.5.1.13.13.11.1520"
NSI_CONFIDENTIALITY = "1.2.643.5.1.13.13.99.2.285"
NSI_REGION = "1.2.643.5.1.13.13.99.2.206"
# Column holding the name when it is not NAME (ФНСИ exports name it per dictionary).
NAME_COLUMNS = ("NAME", "FULL_NAME", "Name", "S_NAME", "NAME_ROLE", "SUBJECT")
SHIPPED_DIR = "dental_egisz/data/nsi"
FILE_NAME = re.compile(r"^(?P<oid>[0-9.]+?)_v(?P<version>[0-9.]+)\.csv$")


class DentalEgiszNsi(models.Model):
    """One entry of a Минздрав НСИ dictionary (ФНСИ), identified by the dictionary's OID and the entry's code."""

    _name = "dental.egisz.nsi"
    _description = "НСИ Dictionary Entry"
    _order = "oid, sequence, id"
    _rec_names_search = ["code", "name"]

    oid = fields.Char(string="Dictionary OID", required=True, index=True)
    version = fields.Char(help="Version of the dictionary the entry was loaded from.")
    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True)
    sequence = fields.Integer(default=0)
    active = fields.Boolean(default=True)

    _sql_constraints = [("oid_code_uniq", "unique(oid, code)", "A code appears once in a dictionary.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = f"{entry.code} {entry.name}" if entry.code else entry.name

    @api.model
    def _get(self, oid, code):
        return self.with_context(active_test=False).search([("oid", "=", oid), ("code", "=", str(code))], limit=1)

    @api.model
    def _load_shipped(self):
        """Load (or refresh) every dictionary shipped in ``data/nsi`` (file names ``<oid>_v<version>.csv``)."""
        folder = file_path(SHIPPED_DIR)
        for name in sorted(os.listdir(folder)):
            match = FILE_NAME.match(name)
            if match:
                with open(os.path.join(folder, name), "rb") as handle:
                    self._load_csv(match["oid"], match["version"], handle.read())

    @api.model
    def _load_csv(self, oid, version, content):
        """Create or update the entries of ``oid`` from a ФНСИ CSV export (UTF-8, ``,`` or ``;``, a header row).

        The code is the first column, the name the NAME-like column (else the second). Entries absent from the
        file are archived, never deleted (documents name them). All or nothing: a bad file changes nothing.
        Returns (created, updated, archived).
        """
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(_("The dictionary file is not UTF-8 text.")) from error
        dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=dialect))
        if len(rows) < 2 or len(rows[0]) < 2:
            raise UserError(_("The dictionary file needs a header row, a code and a name column, and entries."))
        header = rows[0]
        name_col = next((header.index(col) for col in NAME_COLUMNS if col in header), 1)
        values = {}
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= name_col or not row[0].strip() or not row[name_col].strip():
                raise UserError(_("Line %(line)s of the dictionary file has no code or no name.", line=line))
            values[row[0].strip()] = (row[name_col].strip(), line)
        existing = {e.code: e for e in self.with_context(active_test=False).search([("oid", "=", oid)])}
        created = updated = 0
        to_create = []
        for code, (name, sequence) in values.items():
            entry = existing.get(code)
            vals = {"name": name, "version": version, "sequence": sequence, "active": True}
            if entry:
                if any(entry[key] != val for key, val in vals.items()):
                    entry.write(vals)
                    updated += 1
            else:
                to_create.append(dict(vals, oid=oid, code=code))
        if to_create:
            self.create(to_create)
            created = len(to_create)
        gone = self.browse([e.id for code, e in existing.items() if code not in values and e.active])
        gone.write({"active": False})
        return created, updated, len(gone)
