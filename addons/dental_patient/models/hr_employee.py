from odoo import _, api, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model
    def get_import_templates(self):
        return [
            *super().get_import_templates(),
            {"label": _("Import Template for Clinic Staff"), "template": "/dental_patient/book/employees.xlsx"},
        ]

    @api.model
    def load(self, fields, data):
        if self.env.context.get("dental_import"):
            fields, data = self.env["dental.book.import"]._match_rows_by_name(self, fields, data)
        return super().load(fields, data)

    def _compute_display_name(self):
        # The display name is the name, but reading it prefetches every stored column of hr.employee (about a
        # hundred, each checked against the field groups): 5 ms for the three doctors of a card's list, where
        # the name alone takes 0.7 ms. Fetching the name first fills the cache the display name reads; for
        # users without access to employees, hr's fetch reads it from the public profiles (also cached there).
        self.browse(id_ for id_ in self._ids if isinstance(id_, int)).fetch(["name"])
        return super()._compute_display_name()
