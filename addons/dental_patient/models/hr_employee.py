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
