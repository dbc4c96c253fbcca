from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

# Fields of an appointment whose change moves a completed visit (billable) between cash days.
CASH_EVENT_FIELDS = {"dental_state", "start", "allday", "start_date", "company_id", "patient_id", "active"}


class CalendarEvent(models.Model):
    """Appointments are billed once completed: the plan procedures done in the visit (``plan_line_ids``,
    dental_calendar_chart) and its services."""

    _inherit = "calendar.event"  # joins dental.lock.mixin through dental_calendar

    dental_invoice_ids = fields.One2many("account.move", "dental_appointment_id", string="Invoices")
    dental_billing_state = fields.Selection(
        [("none", "Nothing to Bill"), ("to_bill", "To Bill"), ("billed", "Billed")],
        string="Billing",
        compute="_compute_dental_billing_state",
    )
    dental_cash_locked = fields.Boolean(
        string="Closed Cash Day",
        compute="_compute_dental_cash_locked",
        help="The visit is on a closed cash day: completing or billing it is refused, so these actions are hidden.",
    )

    @api.depends("dental_state", "dental_invoice_ids.state", "dental_invoice_ids.reversal_move_ids.state")
    def _compute_dental_billing_state(self):
        for event in self:
            invoices = event.dental_invoice_ids.filtered(
                lambda m: m.state == "posted"
                and m.move_type == "out_invoice"
                and not m.reversal_move_ids.filtered(lambda r: r.state == "posted")
            )
            if invoices:
                event.dental_billing_state = "billed"
            elif event.dental_state == "completed" and event.patient_id:
                event.dental_billing_state = "to_bill"
            else:
                event.dental_billing_state = "none"

    @api.depends("start", "company_id")
    def _compute_dental_cash_locked(self):
        # the day, not the lock's pairs: completing a booked visit of a closed day is refused too
        events = self.sudo().filtered(lambda e: e.company_id and e.start)
        locked = events.company_id._dental_locked_until()
        for event in self:
            until = event in events and locked.get(event.company_id.id)
            event.dental_cash_locked = bool(until and event.company_id._dental_local_date(event.start) <= until)

    # ------------------------------------------------------------------ cash lock (dental.lock.mixin)
    def _dental_lock_fields(self):
        # a completed visit is billable on its day: recording one on a closed cash day, completing or un-completing
        # it there, or moving it into or out of one (day, branch, patient) would change the day's billing
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, CASH_EVENT_FIELDS)

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY and self._dental_cash_billable():
            pairs = [*pairs, (self.company_id, self.company_id._dental_local_date(self.start))]
        return pairs

    def _dental_cash_billable(self):
        """A completed visit of a patient: billable on its day."""
        return bool(self.patient_id and self.dental_state == "completed" and self.company_id and self.start)

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY and len(self) == 1 and self._dental_cash_billable():
            return _("The billing of an appointment")
        return super()._dental_lock_label(lock)

    # ------------------------------------------------------------------ hooks
    @api.model
    def _dental_patient_debts(self, patients):
        """Open debt of each patient (invoiced and not paid), shown as an icon in the schedule."""
        debts = super()._dental_patient_debts(patients)
        if not patients:
            return debts
        # The debt of _dental_money_figures alone, in one grouped query for the day's patients: the schedule
        # shows only this icon (the other five figures doubled the schedule's time, scripts/bench). Same scope:
        # the companies the user works in, in the patient's currency (amount_residual is in company currency).
        # sudo: the icon is shown to every role that sees the schedule, like the card's money totals
        patients = patients.sudo()
        patients.fetch(["partner_id", "company_id"])
        partner_to_patient = {patient.partner_id.id: patient for patient in patients}
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", list(partner_to_patient)),
                    ("company_id", "in", self.env.companies.ids),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", ">", 0),
                ],
                ["partner_id", "company_currency_id"],
                ["amount_residual:sum"],
            )
        )
        for partner, currency, amount in groups:
            patient = partner_to_patient[partner.id]
            if amount > 0 and currency == patient.company_id.currency_id:
                debts[patient.id] = amount
        return debts

    # ------------------------------------------------------------------ actions
    def action_dental_bill(self):
        """Open the one-click billing dialog: invoice of the visit and payment."""
        self.ensure_one()
        if self.dental_state != "completed":
            raise UserError(_("Complete the appointment before billing it."))
        if self.dental_billing_state == "billed":
            raise UserError(_("The appointment is already billed: roll the invoice back to bill it again."))
        self._dental_check_lock([CLOSED_DAY])
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_bill_wizard_action")
        action["context"] = {"default_appointment_id": self.id}
        return action

    def action_dental_pay(self):
        """Open the cash desk's payment dialog for what is due on the visit's invoice."""
        self.ensure_one()
        invoice = self._dental_invoice_due()
        if not invoice:
            raise UserError(_("Nothing is due on the invoices of this appointment."))
        return invoice.action_dental_pay()

    def _dental_invoice_due(self):
        """The oldest posted invoice of the visit with an amount still due, if any."""
        self.ensure_one()
        return self.dental_invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice" and m.amount_residual > 0
        ).sorted(lambda m: (m.invoice_date or m.date, m.id))[:1]

    def _dental_schedule_actions(self):
        """The front desk bills and takes payments from the schedule's menu of a completed visit."""
        actions = super()._dental_schedule_actions()
        user = self.env.user
        front_desk = user.has_group("dental_patient.group_registrar") or user.has_group(
            "dental_patient.group_section_money_edit"
        )
        if self.dental_state != "completed" or not front_desk:
            return actions
        if self.dental_billing_state == "to_bill":
            actions.append({"name": "action_dental_bill", "label": _("Bill")})
        elif self._dental_invoice_due():
            actions.append({"name": "action_dental_pay", "label": _("Payment")})
        return actions

    def action_dental_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_invoice_action")
        action["domain"] = [("dental_appointment_id", "=", self.id)]
        return action
