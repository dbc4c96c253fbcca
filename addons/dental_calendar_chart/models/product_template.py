from odoo import _, models


class ProductTemplate(models.Model):
    """A dental service planned on an appointment has history (dental_chart's deletion rule of services)."""

    _inherit = "product.template"

    def _dental_history_sources(self):
        return [
            *super()._dental_history_sources(),
            ("calendar.event", "service_ids.product_tmpl_id", _("appointments")),
        ]
