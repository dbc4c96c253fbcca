from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    appointment_ids = fields.Many2many(
        "calendar.event",
        "calendar_event_dental_plan_line_rel",
        "line_id",
        "event_id",
        string="Appointments",
        copy=False,
    )
    dental_booked = fields.Boolean(
        string="Booked",
        compute="_compute_dental_booked",
        help="An appointment not cancelled is booked for this procedure.",
    )

    def _compute_dental_booked(self):
        lines_booked = self.env["calendar.event"]._read_group(
            [("plan_line_ids", "in", self.ids), ("dental_state", "not in", ("cancelled", "no_show"))],
            ["plan_line_ids"],
        )
        booked = {line for (line,) in lines_booked}
        for line in self:
            line.dental_booked = line in booked
