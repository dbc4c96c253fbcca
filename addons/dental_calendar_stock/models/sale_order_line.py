from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _dental_stock_location(self):
        """A procedure booked on a visit in a chair with a location consumes from the chair.

        The visit is the latest completed one (else the latest booked) holding the procedure: one query for all
        the lines.
        """
        locations = super()._dental_stock_location()
        # sudo: the visits holding the procedures and their chairs, to route the write-off (read only)
        events = (
            self.env["calendar.event"]
            .sudo()
            .search(
                [("plan_line_ids", "in", self.ids), ("chair_id.dental_location_id", "!=", False)],
                order="start desc",
            )
        )
        for line in self:
            visits = events.filtered(lambda event, line=line: line in event.plan_line_ids)
            visit = visits.filtered(lambda event: event.dental_state == "completed")[:1] or visits[:1]
            if visit:
                locations[line] = visit.chair_id.dental_location_id.with_env(self.env)
        return locations

    def _dental_stock_route(self, plan):
        """A material the chair does not keep (materials attached to the chair) comes from the branch's write-off
        location; then the warehouses' own attachments apply."""
        # sudo: the chairs of the procedures' locations and what they keep (routing only)
        chairs = (
            self.env["dental.chair"]
            .sudo()
            .search([("dental_location_id", "in", list({item["location"].id for item in plan}))])
        )
        by_location = {chair.dental_location_id.id: chair for chair in chairs}
        for item in plan:
            chair = by_location.get(item["location"].id)
            if chair and not chair._dental_stocks(item["material"]):
                item["location"] = item["company"]._dental_stock_source_location()
        return super()._dental_stock_route(plan)
