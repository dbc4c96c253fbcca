from odoo import api, fields, models


class DentalLabOrder(models.Model):
    _inherit = "dental.lab.order"

    fitting_event_ids = fields.One2many(
        "calendar.event", "dental_lab_order_id", string="Fitting Appointments", groups="base.group_user"
    )
    fitting_early = fields.Boolean(
        string="Fitting Before Due Date",
        compute="_compute_fitting_early",
        groups="base.group_user",
        help="A fitting appointment is booked before the lab's due date.",
    )

    @api.depends("fitting_event_ids.dental_lab_fitting_early")
    def _compute_fitting_early(self):
        for order in self:
            order.fitting_early = any(order.fitting_event_ids.mapped("dental_lab_fitting_early"))
