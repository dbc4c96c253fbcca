from odoo import _, api, fields, models


class CalendarEvent(models.Model):
    """A fitting appointment of a lab order; booked before the order's due date it carries a warning."""

    _inherit = "calendar.event"

    dental_lab_order_id = fields.Many2one(
        "dental.lab.order",
        string="Lab Order (Fitting)",
        index="btree_not_null",
        check_company=True,
        domain="[('patient_id', '=', patient_id), ('state', 'not in', ('draft', 'cancel'))]",
        help="The lab work tried in or fitted at this appointment.",
    )
    dental_lab_fitting_early = fields.Boolean(
        string="Fitting Before Due Date",
        compute="_compute_dental_lab_fitting_early",
        help="The fitting is booked before the lab's due date: the work may not be ready.",
    )
    dental_lab_warning = fields.Char(string="Lab Warning", compute="_compute_dental_lab_fitting_early")

    @api.depends("start", "dental_lab_order_id.due_date", "dental_lab_order_id.state")
    def _compute_dental_lab_fitting_early(self):
        for event in self:
            order = event.dental_lab_order_id
            early = bool(
                order
                and order.due_date
                and order.state not in ("fitting", "done")
                and event.start
                and order.company_id._dental_local_date(event.start) < order.due_date
            )
            event.dental_lab_fitting_early = early
            event.dental_lab_warning = (
                _(
                    "The lab delivers %(order)s on %(date)s: this fitting is booked before.",
                    order=order.name,
                    date=fields.Date.to_string(order.due_date),
                )
                if early
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._dental_lab_warn_early()
        return events

    def write(self, vals):
        res = super().write(vals)
        if {"start", "dental_lab_order_id"} & set(vals):
            self._dental_lab_warn_early()
        return res

    def _dental_lab_warn_early(self):
        """Note on the lab order when a fitting is booked before its due date (the doctor follows the order)."""
        for event in self.filtered("dental_lab_fitting_early"):
            # sudo: a note on the order linked by the booking user (who may only read the order)
            event.dental_lab_order_id.sudo().message_post(
                body=event.dental_lab_warning, message_type="comment", subtype_xmlid="mail.mt_note"
            )
