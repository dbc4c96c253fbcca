from odoo import models


class BaseImport(models.TransientModel):
    _inherit = "base_import.import"

    def execute_import(self, fields, columns, options, dryrun=False):
        # Odoo's "Test" runs the import and rolls it back: patients' card numbers (a sequence, not rolled back)
        # are not given in a test run (dental.patient.load)
        importer = self.with_context(dental_import_dryrun=True) if dryrun else self
        return super(BaseImport, importer).execute_import(fields, columns, options, dryrun=dryrun)
