from odoo import api, models


class DentalMarketingRatioMixin(models.AbstractModel):
    """A read-only report whose ratio measures (cost per patient, ROI, conversion...) are computed from the sums
    of their terms in each group, never averaged over rows: ``read_group`` (pivot, graph, grouped list) adds the
    sums the ratios need and fills the ratios from them."""

    _name = "dental.analytics.ratio.mixin"
    _description = "Report with Ratio Measures"

    # {ratio field: (numerator field, denominator field, factor)}: ratio = factor × Σ numerator / Σ denominator
    _dental_ratios = {}

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        requested = {spec.split(":")[0].split("(")[0].strip() for spec in fields}
        ratios = {name: terms for name, terms in self._dental_ratios.items() if name in requested}
        fields = [spec for spec in fields if spec.split(":")[0].split("(")[0].strip() not in ratios]
        for numerator, denominator, __ in ratios.values():
            for term in (numerator, denominator):
                if term not in requested:
                    fields.append(f"{term}:sum")
                    requested.add(term)
        groups = super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        for group in groups:
            for name, (numerator, denominator, factor) in ratios.items():
                group[name] = self._dental_ratio(group.get(numerator), group.get(denominator), factor)
        return groups

    @api.model
    def _dental_ratio(self, numerator, denominator, factor=1.0):
        return round(factor * (numerator or 0.0) / denominator, 2) if denominator else 0.0
