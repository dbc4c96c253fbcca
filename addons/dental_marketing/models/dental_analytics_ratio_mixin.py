from odoo import api, models
from odoo.tools import SQL


class DentalAnalyticsRatioMixin(models.AbstractModel):
    """A read-only report whose ratio measures (cost per patient, ROI, conversion...) are computed from the sums
    of their terms in each group, never averaged over rows: any aggregate of a ratio field (the pivot asks for
    ``<field>:avg``) is ``factor × SUM(numerator) / SUM(denominator)`` in the grouped query itself (like
    dental_reports' load and average check), empty where the denominator is 0."""

    _name = "dental.analytics.ratio.mixin"
    _description = "Report with Ratio Measures"

    # {ratio field: (numerator field, denominator field, factor)}: ratio = factor × Σ numerator / Σ denominator
    _dental_ratios = {}

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        fname, __, aggregator = aggregate_spec.partition(":")
        if aggregator and fname in self._dental_ratios:
            numerator, denominator, factor = self._dental_ratios[fname]
            return SQL(
                "ROUND((%s * SUM(%s) / NULLIF(SUM(%s), 0))::numeric, 2)::float",
                factor,
                self._field_to_sql(self._table, numerator, query),
                self._field_to_sql(self._table, denominator, query),
            )
        return super()._read_group_select(aggregate_spec, query)
