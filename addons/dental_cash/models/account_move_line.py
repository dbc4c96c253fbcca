from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

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


class AccountMoveLine(models.Model):
    """Invoice lines keep what was done: teeth, doctor, assistant; manual discounts are limited."""

    _inherit = "account.move.line"

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

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.move_id._dental_check_cash_lock()
        lines._dental_check_manual_discount()
        return lines

    def write(self, vals):
        locked = LINE_LOCKED_FIELDS & set(vals)
        if locked:
            self.move_id._dental_check_cash_lock()
        res = super().write(vals)
        if locked:
            self.move_id._dental_check_cash_lock()
        if {"discount", "dental_discount_program_id"} & set(vals):
            self._dental_check_manual_discount()
        return res

    def unlink(self):
        self.move_id._dental_check_cash_lock()
        return super().unlink()

    # ------------------------------------------------------------------ discounts
    def _dental_check_manual_discount(self):
        """A discount typed by hand above the branch's limit needs the Director role (enforced here, not in views)."""
        if self.env.su or self.env.user.has_group("dental_patient.group_director"):
            return
        for line in self:
            if line.display_type != "product" or not line.discount or line.move_id.move_type != "out_invoice":
                continue
            program = line.dental_discount_program_id
            if program:
                if program._dental_line_discount_percent(line) is None or float_compare(
                    line.discount, program._dental_line_discount_percent(line), precision_digits=2
                ):
                    raise UserError(
                        _(
                            "The discount of %(line)s does not match the programme %(program)s.",
                            line=line.name,
                            program=program.name,
                        )
                    )
                continue
            if (
                line.sale_line_ids
                and float_compare(line.discount, max(line.sale_line_ids.mapped("discount")), precision_digits=2) <= 0
            ):
                continue  # the discount of the approved treatment plan
            limit = line.move_id.company_id.dental_manual_discount_limit
            if float_compare(line.discount, limit, precision_digits=2) > 0:
                raise UserError(
                    _(
                        "A manual discount above %(limit)s%% needs the Director role (line %(line)s: %(discount)s%%).",
                        limit=limit,
                        line=line.name,
                        discount=line.discount,
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
