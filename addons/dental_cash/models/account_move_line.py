from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_index, float_compare, float_round, format_date

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

# Fields of a journal item whose change alters the money of a cash day.
LINE_LOCKED_FIELDS = {
    "account_id",
    "balance",
    "debit",
    "credit",
    "amount_currency",
    "price_unit",
    "quantity",
    "discount",
    "product_id",
    "tax_ids",
    "partner_id",
    "move_id",
    "date_maturity",
}
# Fields of an invoice line deciding its discount (checked again when they change).
DISCOUNT_FIELDS = {"discount", "price_unit", "product_id", "dental_discount_program_id", "sale_line_ids", "quantity"}


class AccountMoveLine(models.Model):
    """Invoice lines keep what was done: teeth, doctor, assistant; manual discounts are limited."""

    _name = "account.move.line"
    _inherit = ["dental.lock.mixin", "account.move.line"]

    dental_tooth_ids = fields.Many2many(
        "dental.tooth",
        "account_move_line_dental_tooth_rel",
        "line_id",
        "tooth_id",
        string="Teeth",
        copy=True,
    )
    dental_doctor_id = fields.Many2one("hr.employee", string="Doctor", index="btree_not_null", copy=True)
    dental_assistant_id = fields.Many2one("hr.employee", string="Assistant", copy=True)
    dental_discount_program_id = fields.Many2one(
        "loyalty.program",
        string="Discount Programme",
        copy=True,
        help="Programme that gave the discount of this line (a manual discount has none).",
    )

    def init(self):
        res = super().init()
        # The cash summary's cash at opening (dental.cash.closing) sums the cash desk's lines before the day: an
        # index-only scan of this index instead of reading years of journal items.
        create_index(
            self.env.cr,
            "dental_cash_account_move_line_cash_balance_idx",
            self._table,
            ["journal_id", "account_id", "date", "balance"],
            where="parent_state = 'posted'",
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._dental_check_manual_discount()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if DISCOUNT_FIELDS & set(vals):
            self._dental_check_manual_discount()
        return res

    # ------------------------------------------------------------------ cash lock (dental.lock.mixin)
    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, LINE_LOCKED_FIELDS)

    def _dental_lock_pairs(self, lock):
        # a journal item holds the money of its entry's day
        return [*super()._dental_lock_pairs(lock), *self.move_id._dental_lock_pairs(lock)]

    def _dental_lock_label(self, lock):
        return self.move_id._dental_lock_label(lock)

    # ------------------------------------------------------------------ discounts
    def _dental_check_manual_discount(self):
        """A discount given by hand above the branch's limit needs the Director role (enforced here, not in views).

        The discount that counts is the effective one: the price below the plan's price (a plan procedure) or
        the service's list price, and the discount percentage, together. Allowed without the Director: the
        branch's manual limit, the discount of the approved plan, and the percentage of a programme that
        applies to this patient on the invoice date (recipients, validity, active, branch). A line with a
        negative price (an amount taken off) counts against the invoice's services. Only the front desk's
        dental invoices are checked (``account.move._dental_front_desk_moves``): accountants' work stays native.
        """
        if self.env.su or self.env.user.has_group("dental_patient.group_director"):
            return
        invoices = self.move_id._dental_front_desk_moves().filtered(lambda m: m.move_type == "out_invoice")
        lines = self.filtered(lambda ml: ml.move_id in invoices and ml.display_type == "product")
        applicable = {}
        for line in lines:
            move = line.move_id
            limit = move.company_id.dental_manual_discount_limit
            allowed = limit
            program = line.dental_discount_program_id
            if program:
                day = move.invoice_date or move.date or fields.Date.context_today(line)
                key = (program.id, move.dental_patient_id.id, day, move.company_id.id)
                if key not in applicable:
                    applicable[key] = program._dental_applies(move.dental_patient_id, day, move.company_id)
                if not applicable[key]:
                    raise UserError(
                        _(
                            "The discount programme %(program)s does not apply to %(patient)s on %(date)s.",
                            program=program.name,
                            patient=move.dental_patient_id.name or move.partner_id.name,
                            date=format_date(self.env, day),
                        )
                    )
                if program.dental_discount_mode == "amount":
                    line._dental_check_programme_amount()
                    continue
                percent = program._dental_line_discount_percent(line, move.dental_patient_id)
                if percent is None or float_compare(line.discount, percent, precision_digits=2):
                    raise UserError(
                        _(
                            "The discount of %(line)s does not match the programme %(program)s.",
                            line=line.name,
                            program=program.name,
                        )
                    )
                allowed = max(allowed, percent)
            plan_lines = line.sale_line_ids.filtered(lambda sol: not sol.is_downpayment)
            if line.sale_line_ids and not plan_lines:
                continue  # a down payment deducted (sale's own invoicing)
            if plan_lines:
                allowed = max(allowed, *plan_lines.mapped("discount"))  # the discount of the approved plan
            effective = line._dental_effective_discount(plan_lines)
            if float_compare(effective, allowed, precision_digits=2) > 0:
                raise UserError(
                    _(
                        "A manual discount above %(limit)s%% needs the Director role (line %(line)s: %(discount)s%%).",
                        limit=limit,
                        line=line.name,
                        discount=float_round(effective, precision_digits=2),
                    )
                )

    def _dental_effective_discount(self, plan_lines):
        """Percentage taken off this line: from the plan's price or the service's list price, discount included.

        A negative price (an amount taken off by hand) is a percentage of the invoice's other services.
        """
        self.ensure_one()
        net = self.price_unit * (1.0 - (self.discount or 0.0) / 100.0)
        if float_compare(self.price_unit, 0.0, precision_digits=6) < 0:
            base = sum(
                ml.quantity * ml.price_unit
                for ml in self.move_id.invoice_line_ids
                if ml.display_type == "product" and ml.price_unit > 0
            )
            taken = -net * self.quantity
            return 100.0 * taken / base if base > 0 else 100.0
        if plan_lines:
            reference = max(plan_lines.mapped("price_unit"))
        else:
            product = self.product_id
            reference = product.lst_price
            company = self.move_id.company_id
            if product and self.currency_id and self.currency_id != company.currency_id:
                reference = company.currency_id._convert(
                    reference, self.currency_id, company, self.move_id.invoice_date or fields.Date.context_today(self)
                )
        if float_compare(reference, 0.0, precision_digits=6) <= 0:
            return self.discount or 0.0  # no price to compare with: the percentage typed
        return max(100.0 * (1.0 - net / reference), 0.0)

    def _dental_check_programme_amount(self):
        """A fixed-amount programme takes off no more than it gives the invoice's services."""
        self.ensure_one()
        program = self.dental_discount_program_id
        services = self.move_id.invoice_line_ids.filtered(
            lambda ml: ml.display_type == "product" and ml.price_unit > 0 and not ml.dental_discount_program_id
        )
        given = program._dental_discount_amount(services)
        if float_compare(-self.price_subtotal, given, precision_rounding=self.currency_id.rounding) > 0:
            raise UserError(
                _(
                    "The discount of %(line)s is more than the programme %(program)s gives.",
                    line=self.name,
                    program=program.name,
                )
            )

    # ------------------------------------------------------------------ reconciliation
    @api.model
    def _dental_open_receivable_lines(self, partners):
        return self.search(
            [
                ("partner_id", "in", partners.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "!=", 0.0),
            ]
        )

    @api.model
    def _dental_auto_reconcile(self, partners):
        """Use the patients' open credits (deposits, overpayments) on their open invoices, oldest first."""
        lines = self._dental_open_receivable_lines(partners)
        groups = defaultdict(list)
        for line in lines:
            groups[(line.partner_id.id, line.company_id.id, line.account_id.id)].append(line.id)
        for ids in groups.values():
            group = self.browse(ids)
            debits = group.filtered(lambda ml: ml.amount_residual > 0).sorted(
                lambda ml: (ml.date_maturity or ml.date, ml.date, ml.id)
            )
            credits = group.filtered(lambda ml: ml.amount_residual < 0).sorted(lambda ml: (ml.date, ml.id))
            self._dental_reconcile_in_order(debits, credits)

    @api.model
    def _dental_reconcile_in_order(self, debits, credits):
        """Reconcile debits with credits pairwise in the given order (oldest invoice with oldest credit)."""
        Partial = self.env["account.partial.reconcile"]
        bound = Partial._dental_reconcile_bound()
        for debit in debits:
            for credit in credits:
                if debit.reconciled or debit.currency_id.is_zero(debit.amount_residual):
                    break
                if credit.reconciled or credit.currency_id.is_zero(credit.amount_residual):
                    continue
                if bound and Partial._dental_reconcile_refusal(debit, credit, new=True):
                    continue  # the cash lock keeps a closed day's invoices and credits as they are
                (debit + credit).reconcile()
