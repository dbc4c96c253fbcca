import base64

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..models.dental_egisz_nsi import FILE_NAME


class DentalEgiszNsiImport(models.TransientModel):
    """Update one НСИ dictionary from a ФНСИ CSV export (all or nothing)."""

    _name = "dental.egisz.nsi.import"
    _description = "Update an НСИ Dictionary"

    file = fields.Binary(required=True)
    filename = fields.Char()
    oid = fields.Char(string="Dictionary OID", help="Taken from a file named <oid>_v<version>.csv when empty.")
    version = fields.Char()

    def action_import(self):
        self.ensure_one()
        match = FILE_NAME.match(self.filename or "")
        oid = (self.oid or (match and match["oid"]) or "").strip()
        version = (self.version or (match and match["version"]) or "").strip()
        if not oid:
            raise UserError(_("Give the dictionary's OID (or a file named <oid>_v<version>.csv)."))
        created, updated, archived = self.env["dental.egisz.nsi"]._load_csv(oid, version, base64.b64decode(self.file))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Dictionary %(oid)s: %(created)s added, %(updated)s updated, %(archived)s archived.",
                    oid=oid,
                    created=created,
                    updated=updated,
                    archived=archived,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
