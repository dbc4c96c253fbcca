from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY
from odoo.addons.dental_patient.models.dental_server_fields import server_context


class DentalCashOperation(models.Model):
    """Money paid out of the cash desk (expense) or put into it other than a patient's payment (other income).

    Posting creates the journal entry in the branch's cash journal: the cash disbursement journal and the
    income journal of the clinic are lists of these operations, backed by native journal entries.
    """

    _name = "dental.cash.operation"
    _description = "Cash Desk Operation"
    _inherit = ["dental.lock.mixin", "mail.thread", "dental.server.fields.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Only action_post/action_cancel write these: a client could otherwise post an operation without its entry,
    # or put a posted one back to draft and leave its entry in the cash desk.
    _dental_server_fields = ("state", "move_id", "reversal_move_id", "name")

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    kind = fields.Selection(
        [("expense", "Expense"), ("income", "Other Income")], required=True, default="expense", tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, default=lambda self: self.env.company, index=True
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Cash Desk",
        required=True,
        check_company=True,
        compute="_compute_journal_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('dental_payment_kind', '!=', False), ('company_id', '=', company_id)]",
    )
    category_id = fields.Many2one(
        "dental.cash.category", string="Category", required=True, domain="[('kind', '=', kind)]", tracking=True
    )
    amount = fields.Monetary(required=True, tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Paid To / Received From", check_company=True)
    description = fields.Char(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False)
    reversal_move_id = fields.Many2one("account.move", string="Cancellation Entry", readonly=True, copy=False)
    dental_cash_locked = fields.Boolean(
        string="Closed Cash Day",
        compute="_compute_dental_cash_locked",
        help="On a closed cash day: changes are refused, so the actions that change it are hidden.",
    )

    _sql_constraints = [("amount_positive", "CHECK(amount > 0)", "The amount must be positive.")]

    @api.depends("company_id")
    def _compute_journal_id(self):
        for operation in self:
            if not operation.journal_id or operation.journal_id.company_id != operation.company_id:
                operation.journal_id = operation.company_id._dental_payment_journal("cash")

    @api.depends("date", "company_id")
    def _compute_dental_cash_locked(self):
        # the views' mirror of the cash lock (the server's refusal is the guard): the lock's own scope and dates
        locked = self._dental_locked_records()
        for operation in self:
            operation.dental_cash_locked = operation in locked

    @api.constrains("journal_id", "company_id")
    def _check_journal(self):
        for operation in self:
            if not operation.journal_id.dental_payment_kind or operation.journal_id.company_id != operation.company_id:
                raise ValidationError(_("A cash desk operation is recorded in a payment journal of its own branch."))

    @api.constrains("category_id", "kind")
    def _check_category(self):
        for operation in self:
            if operation.category_id.kind != operation.kind:
                raise ValidationError(_("The category %s is not of this kind.", operation.category_id.name))

    # ------------------------------------------------------------------ cash lock (dental.lock.mixin)
    def _dental_lock_fields(self):
        return {**super()._dental_lock_fields(), CLOSED_DAY: None}  # any change of a closed day's operation

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY:
            pairs = [*pairs, (self.company_id, self.date)]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY:
            return _("A cash desk operation")
        return super()._dental_lock_label(lock)

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        if self.filtered(lambda o: o.state != "draft") and set(vals) & {
            "amount",
            "date",
            "journal_id",
            "category_id",
            "kind",
            "company_id",
            "partner_id",
            "description",
        }:
            raise UserError(_("A posted cash desk operation cannot be changed: cancel it and record a new one."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if self.filtered(lambda o: o.state != "draft"):
            raise UserError(_("Only draft cash desk operations can be deleted; cancel a posted one."))

    # ------------------------------------------------------------------ actions
    def action_post(self):
        # the entry and the number are made as the superuser below: refused first to those who only read operations
        # (a number drawn is never given back: a reader's refused attempt would leave a gap in the numbering)
        self.check_access("write")
        for operation in self.filtered(lambda o: o.state == "draft"):
            # sudo: the registrar records the cash operation; the journal entry is the accounting trace of it
            # (its link to the operation is a server-only field of the entry)
            move = (
                self.env["account.move"]
                .sudo()
                .with_context(**server_context("account.move"))
                .create(operation._prepare_move_vals())
            )
            move = self.env["account.move"].sudo().browse(move.id)  # the rest without the server context
            move.action_post()
            sequence_code = "dental.cash.expense" if operation.kind == "expense" else "dental.cash.income"
            # sudo: numbering sequence, a technical record
            name = self.env["ir.sequence"].sudo().with_company(operation.company_id).next_by_code(sequence_code)
            operation._dental_server_write({"state": "posted", "move_id": move.id, "name": name or move.name})
        return True

    def action_cancel(self):
        self.check_access("write")  # the reversal is made as the superuser below
        for operation in self.filtered(lambda o: o.state == "posted"):
            # sudo: same as posting: the cancellation entry is the trace of the operation
            reversal = operation.move_id.sudo()._reverse_moves(
                [{"date": operation.date, "ref": _("Cancellation of %s", operation.name)}], cancel=True
            )
            operation._dental_server_write({"state": "cancel", "reversal_move_id": reversal.id})
        self.filtered(lambda o: o.state == "draft")._dental_server_write({"state": "cancel"})
        return True

    def _prepare_move_vals(self):
        self.ensure_one()
        account = self.category_id._dental_account(self.company_id)
        if not account:
            raise UserError(_("Map the category %s to an account first (Configuration).", self.category_id.name))
        cash_account = self.journal_id.default_account_id
        sign = 1 if self.kind == "expense" else -1
        label = f"{self.category_id.name}: {self.description}"
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "company_id": self.company_id.id,
            "date": self.date,
            "ref": label,
            "dental_cash_operation_id": self.id,
            "line_ids": [
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "partner_id": self.partner_id.id,
                        "balance": sign * self.amount,
                    }
                ),
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": cash_account.id,
                        "partner_id": self.partner_id.id,
                        "balance": -sign * self.amount,
                    }
                ),
            ],
        }
