from odoo import _, api, models


class DentalReportDashboard(models.AbstractModel):
    _inherit = "dental.report.dashboard"

    @api.model
    def _dashboard_sections(self, date_from, date_to):
        sections = super()._dashboard_sections(date_from, date_to)
        if self._dashboard_can_read("dental.call"):
            sections.append(
                {
                    "key": "calls",
                    "title": _("Calls"),
                    "money": False,
                    "sequence": 5,
                    "rows": self._dashboard_calls(date_from, date_to),
                }
            )
        return sections

    @api.model
    def _dashboard_calls(self, date_from, date_to):
        """The calls of the period in the user's branches, read with the user's rights (the seed's home widget):
        incoming answered, incoming missed (each missed call is a patient the clinic may lose) and outgoing; one
        grouped query, each figure opening its calls."""
        domain = [
            ("company_id", "in", self.env.companies.ids),
            *self._dashboard_datetime_domain("start", date_from, date_to),
        ]
        counts = {
            (direction, status): count
            for direction, status, count in self.env["dental.call"]._read_group(
                domain, ["direction", "status"], ["__count"]
            )
        }
        rows = []
        for label, extra, keys in (
            (_("Incoming, answered"), [("direction", "=", "in"), ("status", "=", "answered")], [("in", "answered")]),
            (_("Incoming, missed"), [("direction", "=", "in"), ("status", "=", "missed")], [("in", "missed")]),
            (
                _("Outgoing"),
                [("direction", "=", "out")],
                [key for key in counts if key[0] == "out"],
            ),
        ):
            rows.append(
                {
                    "label": label,
                    "value": sum(counts.get(key, 0) for key in keys),
                    "model": "dental.call",
                    "domain": [*domain, *extra],
                }
            )
        return rows
