from odoo import _, api, fields, models


class DentalNsiService(models.Model):
    """Official nomenclature of medical services (НСИ 1.2.643.5.1.13.13.11.1070), dental part A??.07.*."""

    _name = "dental.nsi.service"
    _inherit = ["dental.book.mixin"]
    _description = "Medical Service Nomenclature (NSI 1070)"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, index="trigram")
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "A nomenclature code is unique.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for service in self:
            service.display_name = f"{service.code} {service.name}"

    def _dental_history_sources(self):
        return [*super()._dental_history_sources(), ("product.template", "dental_nsi_service_id", _("services"))]
