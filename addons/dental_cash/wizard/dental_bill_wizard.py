from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class DentalBillWizard(models.TransientModel):
    """One click at the front desk: the invoice of a completed visit, posted, and its (mixed) payment."""

    _name = "dental.bill.wizard"
    _description = "Bill an Appointment"
    _check_company_auto = True

    appointment_id = fields.Many2one("calendar.event", string="Appointment", required=True, readonly=True)
    patient_id = fields.Many2one(related="appointment_id.patient_id")
    company_id = fields.Many2one(related="appointment_id.company_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoice_date = fields.Date(
        required=True, compute="_compute_invoice_date", store=True, readonly=False, precompute=True
    )
    payment_term_id = fields.Many2one("account.payment.term", string="Payment Terms")
    line_ids = fields.One2many(
        "dental.bill.wizard.line",
        "wizard_id",
        string="Procedures",
        compute="_compute_line_ids",
        store=True,
        precompute=True,
        readonly=False,
    )
    program_ids = fields.Many2many("loyalty.program", string="Available Discounts", compute="_compute_program_ids")
    program_id = fields.Many2one(
        "loyalty.program",
        string="Discount Programme",
        domain="[('id', 'in', program_ids)]",
        compute="_compute_program_id",
        store=True,
        precompute=True,
        readonly=False,
    )
    amount_gross = fields.Monetary(
        string="Services", compute="_compute_amounts", help="Prices of the services, before discounts and taxes."
    )
    amount_discount = fields.Monetary(
        string="Discount",
        compute="_compute_amounts",
        help="Discounts of the lines and of the programme, before taxes.",
    )
    amount_tax = fields.Monetary(
        string="Tax",
        compute="_compute_amounts",
        help="Taxes of the services after discounts (medical services are usually VAT-exempt: none).",
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", help="The invoice's total: services - discount + tax."
    )
    deposit_available = fields.Monetary(string="Deposit Available", compute="_compute_deposit_available")
    use_deposit = fields.Boolean(string="Use the Deposit", default=True)
    amount_due = fields.Monetary(string="To Pay Now", compute="_compute_amounts")
    cash_amount = fields.Monetary(string="Cash")
    card_amount = fields.Monetary(string="Card")
    bank_amount = fields.Monetary(string="Bank Transfer")
    payer_id = fields.Many2one(
        "dental.patient",
        string="Paid By",
        compute="_compute_payer_id",
        store=True,
        precompute=True,
        readonly=False,
        check_company=True,
        help="The patient, or a relative paying for the patient (the tax certificate goes to the payer).",
    )
    change_amount = fields.Monetary(string="Overpayment", compute="_compute_amounts")

    @api.constrains("appointment_id", "payer_id")
    def _check_records_readable(self):
        """Only an appointment and cards the user may read: the dialog shows the patient's deposit, read
        without record rules."""
        for wizard in self:
            wizard.appointment_id.check_access("read")
            (wizard.patient_id | wizard.payer_id).check_access("read")

    @api.depends("appointment_id")
    def _compute_invoice_date(self):
        for wizard in self:
            event = wizard.appointment_id
            wizard.invoice_date = event.company_id._dental_local_date(event.start) if event.start else False

    @api.depends("appointment_id")
    def _compute_payer_id(self):
        for wizard in self:
            wizard.payer_id = wizard.appointment_id.patient_id

    @api.depends("appointment_id")
    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create(vals) for vals in wizard._prepare_line_vals()
            ]

    def _prepare_line_vals(self):
        """Lines of the visit: plan procedures done and not invoiced, then the other planned services."""
        self.ensure_one()
        event = self.appointment_id
        vals_list = []
        plan_products = self.env["product.product"]
        for line in event.plan_line_ids.filtered(lambda ml: ml.qty_to_invoice > 0):
            plan_products |= line.product_id
            vals_list.append(
                {
                    "sale_line_id": line.id,
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "quantity": line.qty_to_invoice,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "tax_ids": [fields.Command.set(line.tax_id.ids)],
                    "tooth_ids": [fields.Command.set(line.tooth_ids.ids)],
                    "doctor_id": (line.doctor_id or event.doctor_id).id,
                    "assistant_id": event.assistant_id.id,
                }
            )
        for product in event.service_ids - plan_products:
            vals_list.append(
                {
                    "product_id": product.id,
                    "name": product.display_name,
                    "quantity": 1.0,
                    "price_unit": product.lst_price,
                    "tax_ids": [fields.Command.set(product.taxes_id._filter_taxes_by_company(event.company_id).ids)],
                    "doctor_id": event.doctor_id.id,
                    "assistant_id": event.assistant_id.id,
                }
            )
        return vals_list

    @api.depends("appointment_id", "invoice_date")
    def _compute_program_ids(self):
        for wizard in self:
            if wizard.patient_id and wizard.invoice_date:
                wizard.program_ids = self.env["loyalty.program"]._dental_applicable(
                    wizard.patient_id, wizard.invoice_date, wizard.company_id
                )
            else:
                wizard.program_ids = False

    @api.depends("program_ids", "line_ids.price_unit", "line_ids.quantity", "line_ids.product_id")
    def _compute_program_id(self):
        for wizard in self:
            # the patient's current discount (card) first, then the best one when the branch picks it
            picked = self.env["loyalty.program"]._dental_pick(
                wizard.program_ids._origin, wizard.line_ids, wizard.patient_id, wizard.company_id
            )
            if picked or wizard.company_id.dental_best_discount:
                wizard.program_id = picked
            elif wizard.program_id not in wizard.program_ids:
                wizard.program_id = False

    @api.depends("patient_id", "company_id")
    def _compute_deposit_available(self):
        for wizard in self:
            figures = wizard.patient_id._dental_money_figures(companies=wizard.company_id).get(wizard.patient_id.id, {})
            wizard.deposit_available = figures.get("deposit", 0.0)

    @api.depends(
        "line_ids.subtotal",
        "line_ids.untaxed",
        "line_ids.gross",
        "program_id",
        "use_deposit",
        "deposit_available",
        "cash_amount",
        "card_amount",
        "bank_amount",
    )
    def _compute_amounts(self):
        for wizard in self:
            gross = sum(wizard.line_ids.mapped("gross"))
            fixed = wizard._fixed_discount()  # an untaxed line of its own on the invoice
            untaxed = sum(wizard.line_ids.mapped("untaxed")) - fixed
            total = sum(wizard.line_ids.mapped("subtotal")) - fixed
            wizard.amount_gross = gross
            wizard.amount_discount = gross - untaxed
            wizard.amount_tax = total - untaxed
            wizard.amount_total = total
            deposit = min(wizard.deposit_available, total) if wizard.use_deposit else 0.0
            wizard.amount_due = total - deposit
            paid = wizard.cash_amount + wizard.card_amount + wizard.bank_amount
            wizard.change_amount = max(paid - wizard.amount_due, 0.0)

    def _fixed_discount(self):
        self.ensure_one()
        program = self.program_id
        if program and program.dental_discount_mode == "amount":
            return program._dental_discount_amount(self.line_ids, self.patient_id)
        return 0.0

    @api.onchange("program_id")
    def _onchange_program_id(self):
        for line in self.line_ids:
            percent = self.program_id._dental_line_discount_percent(line, self.patient_id) if self.program_id else None
            if line.program_id or percent is not None:
                line.discount = percent or 0.0
                line.program_id = self.program_id if percent is not None else False

    # ------------------------------------------------------------------ confirm
    def action_confirm(self):
        """Create and post the invoice, use the deposit, register the payments; open the invoice."""
        self.ensure_one()
        self._check_before_confirm()
        self._apply_program()
        invoice = self.env["account.move"].create(self._prepare_invoice_vals())
        invoice.action_post()
        invoice = self._pay(invoice)
        return invoice._get_records_action(context={})

    def _check_before_confirm(self):
        event = self.appointment_id
        if event.dental_state != "completed":
            raise UserError(_("Complete the appointment before billing it."))
        if event.dental_billing_state == "billed":
            raise UserError(_("The appointment is already billed."))
        if not self.line_ids:
            raise UserError(_("Add at least one procedure to bill."))
        amounts = (self.cash_amount, self.card_amount, self.bank_amount)
        if any(float_compare(amount, 0.0, precision_rounding=self.currency_id.rounding) < 0 for amount in amounts):
            raise UserError(_("Payment amounts cannot be negative."))
        for line in self.line_ids.filtered("sale_line_id"):
            if float_compare(line.quantity, line.sale_line_id.qty_to_invoice, precision_digits=3) > 0:
                raise UserError(
                    _(
                        "%(procedure)s: only %(qty)s done and not invoiced yet.",
                        procedure=line.name,
                        qty=line.sale_line_id.qty_to_invoice,
                    )
                )

    def _apply_program(self):
        """Programme discounts on eligible lines (recomputed here: onchanges do not run over RPC)."""
        if not self.program_id:
            self.line_ids.filtered("program_id").write({"program_id": False, "discount": 0.0})
            return
        if self.program_id not in self.program_ids:
            raise UserError(_("The discount programme %s does not apply to this visit.", self.program_id.name))
        for line in self.line_ids:
            percent = self.program_id._dental_line_discount_percent(line, self.patient_id)
            if percent is not None:
                line.write({"program_id": self.program_id.id, "discount": percent})

    def _prepare_invoice_vals(self):
        self.ensure_one()
        event = self.appointment_id
        lines = [fields.Command.create(line._prepare_invoice_line_vals()) for line in self.line_ids]
        fixed = self._fixed_discount()
        if fixed:
            lines.append(fields.Command.create(self.program_id._dental_fixed_line_vals(fixed)))
        vals = {
            "move_type": "out_invoice",
            "partner_id": self.patient_id.partner_id.id,
            "dental_patient_id": self.patient_id.id,
            "dental_appointment_id": event.id,
            "dental_discount_program_id": self.program_id.id,
            "invoice_date": self.invoice_date,
            "company_id": event.company_id.id,
            "invoice_origin": event.display_name,
            "invoice_line_ids": lines,
        }
        if self.payment_term_id:
            vals["invoice_payment_term_id"] = self.payment_term_id.id
        return vals

    def _pay(self, invoice):
        """Deposit first, then each payment method; an overpayment pays older invoices or stays as deposit."""
        Line = self.env["account.move.line"]
        receivable = invoice.line_ids.filtered(lambda ml: ml.account_id.account_type == "asset_receivable")
        if self.use_deposit and not invoice.company_id.dental_auto_distribute:
            credits = Line._dental_open_receivable_lines(invoice.partner_id).filtered(
                lambda ml: ml.amount_residual < 0 and ml.company_id == invoice.company_id
            )
            Line._dental_reconcile_in_order(
                receivable.sorted(lambda ml: (ml.date_maturity, ml.id)), credits.sorted("date")
            )
        payments = self.env["account.payment"]
        for kind in ("cash", "card", "bank"):
            amount = self[f"{kind}_amount"]
            if float_is_zero(amount, precision_rounding=self.currency_id.rounding):
                continue
            payments |= self.env["dental.payment.wizard"]._dental_create_payment(
                patient=self.patient_id,
                payer=self.payer_id,
                journal=invoice.company_id._dental_payment_journal(kind),
                amount=amount,
                day=self.invoice_date,
                memo=invoice.name,
                kind="payment",
            )
        if payments:
            credits = payments._dental_receivable_lines()
            open_lines = receivable.filtered(lambda ml: not ml.reconciled).sorted(lambda ml: (ml.date_maturity, ml.id))
            Line._dental_reconcile_in_order(open_lines, credits)
            if invoice.company_id.dental_auto_distribute:
                Line._dental_auto_reconcile(invoice.partner_id)
        return invoice
