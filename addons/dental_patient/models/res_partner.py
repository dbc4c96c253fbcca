from odoo import _, api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The patient card's duplicate warning looks patients up by their normalised phone (like crm.lead does).
    phone_sanitized = fields.Char(index="btree_not_null")
    dental_kpp = fields.Char(string="KPP", help="Russian tax registration reason code (9 digits) of an organisation.")

    @api.model
    def get_import_templates(self):
        return [
            *super().get_import_templates(),
            {"label": _("Import Template for Counterparties"), "template": "/dental_patient/book/partners.xlsx"},
        ]

    @api.model
    def load(self, fields, data):
        if self.env.context.get("dental_import"):
            fields, data = self.env["dental.book.import"]._match_rows_by_name(self, fields, data)
        return super().load(fields, data)
