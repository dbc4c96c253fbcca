from odoo import api, models


class DentalChartReferenceMixin(models.AbstractModel):
    """Reference data the tooth chart draws (teeth, surfaces, conditions): read once per language and kept in
    the registry's cache (``dental.patient._dental_chart_reference``); any change clears it."""

    _name = "dental.chart.reference.mixin"
    _description = "Tooth Chart Reference Data"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
