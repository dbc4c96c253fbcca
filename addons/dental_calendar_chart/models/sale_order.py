from odoo import _, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_dental_book_visit(self):
        """Book the next visit of an approved plan: an appointment with its not yet booked procedures."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(_("Approve the plan %(plan)s before booking its visits.", plan=self.display_name))
        lines = self._dental_lines_to_book()
        if not lines:
            raise UserError(_("Every procedure of %(plan)s is done or booked.", plan=self.display_name))
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_calendar.calendar_event_action_dental")
        doctor = lines.doctor_id[:1] or self.doctor_id
        action.update(
            views=[(self.env.ref("dental_calendar.calendar_event_view_form_dental").id, "form")],
            view_mode="form",
            target="current",
            context={
                "default_patient_id": self.patient_id.id,
                "default_doctor_id": doctor.id,
                "default_plan_line_ids": lines.ids,
                "default_service_ids": lines.product_id.ids,
            },
        )
        return action

    def _dental_lines_to_book(self):
        """Procedures of the next visit number not yet done nor booked."""
        todo = self.order_line.filtered(
            lambda line: not line.display_type and line.qty_delivered < line.product_uom_qty and not line.dental_booked
        )
        if not todo:
            return todo
        visit = min(todo.mapped("visit_number") or [0])
        return todo.filtered(lambda line: line.visit_number == visit)
