from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_index

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

# The dental roles: the front desk's rules on invoices apply to the documents these users make.
DENTAL_ROLE_GROUPS = (
    "dental_patient.group_registrar",
    "dental_patient.group_assistant",
    "dental_patient.group_coordinator",
    "dental_patient.group_section_money_edit",
)
# Fields of an invoice deciding whether a discount programme applies to it (the patient, the date).
DISCOUNT_MOVE_FIELDS = {"partner_id", "dental_patient_id", "invoice_date", "date", "company_id"}

# Fields whose change alters the money of a cash day: refused once the day is closed.
MOVE_LOCKED_FIELDS = {
    "state",
    "date",
    "invoice_date",
    "line_ids",
    "invoice_line_ids",
    "partner_id",
    "journal_id",
    "currency_id",
    "company_id",
    "invoice_payment_term_id",
    "invoice_date_due",
    "dental_patient_id",
    "dental_appointment_id",
    "origin_payment_id",
}


class AccountMove(models.Model):
    """Invoices of the clinic: the patient and appointment billed, the cash lock and auto-distribution."""

    _name = "account.move"
    _inherit = ["dental.lock.mixin", "account.move"]

    dental_patient_id = fields.Many2one(
        "dental.patient",
        string="Patient",
        compute="_compute_dental_patient_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Patient treated (the invoice's customer is the patient's partner).",
    )
    dental_appointment_id = fields.Many2one(
        "calendar.event",
        string="Appointment",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
        help="Completed appointment this invoice bills.",
    )
    dental_plan_ids = fields.Many2many(
        "sale.order", string="Treatment Plans", compute="_compute_dental_plan_ids", search="_search_dental_plan_ids"
    )
    dental_cash_operation_id = fields.Many2one(
        "dental.cash.operation", string="Cash Operation", index="btree_not_null", copy=False, readonly=True
    )
    dental_discount_program_id = fields.Many2one(
        "loyalty.program", string="Discount Programme", copy=False, readonly=True, index="btree_not_null"
    )
    dental_cash_locked = fields.Boolean(
        string="Closed Cash Day",
        compute="_compute_dental_cash_locked",
        help="On a closed cash day: changes are refused, so the actions that change it are hidden.",
    )

    def init(self):
        res = super().init()
        # The patients' open invoices (posted, not fully paid): a few percent of all invoices. An SMS segment's
        # "no debt" (dental_invoice_ids not any unpaid invoice) reads them instead of every patient invoice
        # (scripts/bench: the segment at 100k patients).
        create_index(
            self.env.cr,
            "dental_account_move_open_invoice_idx",
            self._table,
            ["dental_patient_id", "company_id"],
            where="state = 'posted' AND move_type = 'out_invoice' AND amount_residual > 0",
        )
        return res

    @api.depends("partner_id")
    def _compute_dental_patient_id(self):
        moves = self.filtered(lambda m: m.is_sale_document(include_receipts=True) and m.partner_id)
        patients = (
            self.env["dental.patient"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", moves.partner_id.commercial_partner_id.ids + moves.partner_id.ids)])
        )
        by_partner = {patient.partner_id.id: patient for patient in patients}
        for move in self:
            if move.dental_patient_id and move.dental_patient_id.partner_id == move.partner_id:
                continue
            patient = by_partner.get(move.partner_id.id) if move in moves else False
            move.dental_patient_id = patient.id if patient else False

    @api.depends("invoice_line_ids.sale_line_ids")
    def _compute_dental_plan_ids(self):
        for move in self:
            move.dental_plan_ids = move.invoice_line_ids.sale_line_ids.order_id.filtered("is_treatment_plan")

    def _search_dental_plan_ids(self, operator, value):
        return [("invoice_line_ids.sale_line_ids.order_id", operator, value)]

    @api.depends("date", "invoice_date", "company_id", "move_type", "journal_id")
    def _compute_dental_cash_locked(self):
        # the views' mirror of the cash lock (the server's refusal is the guard): the lock's own scope and dates
        locked = self._dental_locked_records()
        for move in self:
            move.dental_cash_locked = move in locked

    # ------------------------------------------------------------------ cash lock
    def _dental_in_cash_scope(self):
        """Moves the daily closing protects: customer invoices/credit notes and the clinic's payment journals."""
        return self.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund", "out_receipt")
            or m.journal_id.dental_payment_kind
            or m.dental_cash_operation_id
        )

    # The hooks collect what every addon says (a lab bill, dental_lab's, joins the lock without a bridge): the
    # fields, pairs and label of the cash scope are added to those of the modules below, never replace them.
    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, MOVE_LOCKED_FIELDS)

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY and self._dental_in_cash_scope():
            pairs = [*pairs, (self.company_id, self.date), (self.company_id, self.invoice_date)]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY and len(self) == 1 and self._dental_in_cash_scope():
            return _("An invoice or a payment")
        return super()._dental_lock_label(lock)

    def write(self, vals):
        res = super().write(vals)
        if DISCOUNT_MOVE_FIELDS & set(vals):
            # another patient or date: the programmes of the lines must still apply
            self.invoice_line_ids.filtered("dental_discount_program_id")._dental_check_manual_discount()
        return res

    def _dental_apply_program(self, program=None):
        """Apply a discount programme to this draft invoice of a patient (billing a plan): ``program``, or the
        patient's current discount, else the best applicable one when the branch picks it (the bill dialog's
        choice). A percentage goes on the eligible services whose discount is lower, a fixed amount is a line of
        its own. Returns the programme applied (empty when none)."""
        self.ensure_one()
        Program = self.env["loyalty.program"]
        patient = self.dental_patient_id
        if not patient or self.state != "draft" or self.move_type != "out_invoice":
            return Program
        services = self.invoice_line_ids.filtered(
            lambda ml: ml.display_type == "product" and ml.price_unit > 0 and not ml.dental_discount_program_id
        )
        if program is None:
            day = self.invoice_date or fields.Date.context_today(self)
            applicable = Program._dental_applicable(patient, day, self.company_id)
            program = Program._dental_pick(applicable, services, patient, self.company_id)
        if not program or not services:
            return Program
        if program.dental_discount_mode == "amount":
            amount = program._dental_discount_amount(services, patient)
            self.write({"invoice_line_ids": [fields.Command.create(program._dental_fixed_line_vals(amount))]})
        else:
            for line in services:
                percent = program._dental_line_discount_percent(line, patient)
                if percent is not None and percent > line.discount:
                    line.write({"discount": percent, "dental_discount_program_id": program.id})
        self.dental_discount_program_id = program
        return program

    def _reverse_moves(self, default_values_list=None, cancel=False):
        if cancel:
            # a full reversal cancels the document: refused on a closed cash day like any cancellation
            self._dental_check_lock()
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    # ------------------------------------------------------------------ scope of the dental rules
    def _dental_front_desk_moves(self):
        """The moves the front desk's rules (the manual-discount limit) apply to: the dental customer documents
        (of a patient's partner, a patient, an appointment or a treatment plan, or billing a dental service)
        made by a user with a dental role. An accountant's work (no dental role) and the superuser's stay native.
        """
        user = self.env.user
        if self.env.su or not any(user.has_group(group) for group in DENTAL_ROLE_GROUPS):
            return self.browse()
        sales = self.filtered(lambda m: m.is_sale_document(include_receipts=True))
        if not sales:
            return sales
        # sudo: whether the customer is a patient's partner, whatever cards the user reads (one query)
        patient_partners = set(
            self.env["dental.patient"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", sales.partner_id.commercial_partner_id.ids + sales.partner_id.ids)])
            .partner_id.ids
        )
        return sales.filtered(
            lambda m: m.dental_patient_id
            or m.dental_appointment_id
            or m.partner_id.id in patient_partners
            or m.partner_id.commercial_partner_id.id in patient_partners
            or m.sudo().invoice_line_ids.sale_line_ids.order_id.filtered("is_treatment_plan")
            # a dental service billed to a contact who is not a patient is still the clinic's price
            or m.invoice_line_ids.product_id.filtered("is_dental_service")
        )

    # ------------------------------------------------------------------ posting
    def _post(self, soft=True):
        self._dental_check_appointments_billable()
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice" and m.dental_patient_id)
        auto = invoices.filtered(lambda m: m.company_id.dental_auto_distribute)
        if auto:
            self.env["account.move.line"]._dental_auto_reconcile(auto.partner_id.commercial_partner_id)
        return posted

    def _dental_check_appointments_billable(self):
        for move in self.filtered(lambda m: m.dental_appointment_id and m.move_type == "out_invoice"):
            # sudo: the billing rule holds whatever the user may read of the schedule
            if move.dental_appointment_id.sudo().dental_state != "completed":
                raise UserError(
                    _(
                        "The appointment %(appointment)s is not completed: only completed visits are billed.",
                        appointment=move.dental_appointment_id.sudo().display_name,
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_dental_rollback(self):
        """Cancel an issued invoice: a credit note dated today cancels it; nothing is deleted.

        Payments that were reconciled with the invoice become the patient's deposit, and the plan's
        procedures and the appointment are billable again.
        """
        self.ensure_one()
        if self.move_type != "out_invoice" or self.state != "posted":
            raise UserError(_("Only a posted customer invoice can be rolled back."))
        if self.reversal_move_ids.filtered(lambda m: m.state == "posted"):
            raise UserError(_("The invoice %s has already been rolled back.", self.name))
        today = self.company_id._dental_today()
        credit_note = self._reverse_moves(
            [{"date": today, "invoice_date": today, "ref": _("Rollback of %s", self.name)}], cancel=True
        )
        self.message_post(body=_("Rolled back by the credit note %s.", credit_note._get_html_link()))
        return credit_note._get_records_action(context={})

    def action_dental_pay(self):
        """Open the payment dialog of the cash desk for this invoice."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_payment_wizard_action")
        action["context"] = {
            "default_mode": "pay",
            "default_invoice_id": self.id,
            "default_patient_id": self.dental_patient_id.id,
        }
        return action
