from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    plan_line_ids = fields.Many2many(
        "sale.order.line",
        "calendar_event_dental_plan_line_rel",
        "event_id",
        "line_id",
        string="Plan Procedures",
        domain="[('order_id.patient_id', '=', patient_id), ('order_id.state', '=', 'sale'),"
        " ('order_id.is_treatment_plan', '=', True), ('display_type', '=', False)]",
        help="Procedures of the patient's approved treatment plans done at this visit: completing the "
        "appointment records them on the teeth and as delivered.",
    )

    @api.constrains("plan_line_ids", "patient_id")
    def _check_dental_plan_lines(self):
        for event in self:
            for line in event.plan_line_ids:
                order = line.order_id
                if order.patient_id != event.patient_id:
                    raise ValidationError(
                        _(
                            "The procedure “%(line)s” belongs to a plan of another patient than %(patient)s.",
                            line=line.name,
                            patient=event.patient_id.name,
                        )
                    )
                if order.state != "sale":
                    raise ValidationError(
                        _("Approve the plan %(plan)s before booking its procedures.", plan=order.display_name)
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._dental_add_plan_services(vals)
        return super().create(vals_list)

    def write(self, vals):
        if "plan_line_ids" in vals:
            vals = dict(vals)
            self._dental_add_plan_services(vals, self.service_ids)
        return super().write(vals)

    @api.model
    def _dental_add_plan_services(self, vals, current=None):
        """The planned services include the products of the booked plan lines."""
        if not vals.get("plan_line_ids"):
            return
        lines = self.new({"plan_line_ids": vals["plan_line_ids"]}).plan_line_ids._origin
        services = (
            self.new({"service_ids": vals["service_ids"]}).service_ids._origin
            if "service_ids" in vals
            else (current or self.env["product.product"])
        )
        missing = lines.product_id - services
        if missing:
            vals["service_ids"] = [Command.set((services | missing).ids)]

    @api.onchange("plan_line_ids")
    def _onchange_dental_plan_lines(self):
        missing = self.plan_line_ids.product_id - self.service_ids
        if missing:
            self.service_ids |= missing
        if self.plan_line_ids and not self.doctor_id:
            self.doctor_id = self.plan_line_ids.doctor_id[:1] or self.plan_line_ids.order_id.doctor_id[:1]

    @api.model
    def _dental_service_duration(self, products):
        return sum(products.mapped("dental_duration")) or super()._dental_service_duration(products)

    def _dental_on_completed(self):
        """Completing the visit completes its planned procedures (delivered quantity, result on the teeth)."""
        res = super()._dental_on_completed()
        lines = self.plan_line_ids.filtered(
            lambda line: line.order_id.state == "sale" and line.qty_delivered < line.product_uom_qty
        )
        if lines:
            day = fields.Date.context_today(self, self.start)
            lines._dental_complete(date=day, doctor=self.doctor_id or None)
        return res
