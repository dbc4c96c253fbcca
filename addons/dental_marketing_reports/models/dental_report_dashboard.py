from odoo import _, api, models


class DentalReportDashboard(models.AbstractModel):
    _inherit = "dental.report.dashboard"

    @api.model
    def _dashboard_sections(self, date_from, date_to):
        sections = super()._dashboard_sections(date_from, date_to)
        if self._dashboard_can_read("crm.lead"):
            sections.append(
                {
                    "key": "funnel",
                    "title": _("Leads Funnel"),
                    "money": False,
                    "sequence": 10,
                    "rows": self._dashboard_funnel(date_from, date_to),
                }
            )
        return sections

    @api.model
    def _dashboard_funnel(self, date_from, date_to):
        """The dental leads created in the period (of the user's branches, or of none), per stage in the funnel's
        order, read with the user's rights (a lost lead is archived: not counted)."""
        domain = [
            ("is_dental_lead", "=", True),
            ("company_id", "in", [*self.env.companies.ids, False]),
            *self._dashboard_datetime_domain("create_date", date_from, date_to),
        ]
        rows = []
        for stage, count in self.env["crm.lead"]._read_group(domain, ["stage_id"], ["__count"], order="stage_id"):
            rows.append(
                {
                    "label": stage.display_name if stage else _("None"),
                    "value": count,
                    "model": "crm.lead",
                    "domain": [*domain, ("stage_id", "=", stage.id)],
                }
            )
        return rows
