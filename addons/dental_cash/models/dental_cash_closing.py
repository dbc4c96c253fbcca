from collections import defaultdict
from datetime import datetime

from markupsafe import escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date

# Figures of the daily summary, in the order the screen shows them.
MONEY_FIGURES = (
    "gross_amount",
    "discount_amount",
    "tax_amount",
    "invoiced_amount",
    "credit_note_amount",
    "cash_amount",
    "card_amount",
    "bank_amount",
    "debt_amount",
    "debt_repayment_amount",
    "deposit_amount",
    "refund_amount",
    "refund_cash_amount",
    "expense_amount",
    "other_income_amount",
    "cash_opening",
    "cash_closing",
)
COUNT_FIGURES = ("patients_total", "patients_new")


class DentalCashClosing(models.Model):
    """The daily summary of a branch's cash desk and, once closed, the frozen record of the day.

    While the day is open its figures are recomputed from the journals (``action_refresh``); closing (the
    closing dialog, which asks for the counted cash) freezes them with the counted cash and the difference,
    and locks the day and every earlier day for invoices, payments and cash operations of the branch
    (``dental.lock.mixin``, ``res.company._dental_locked_until``).
    Only a Director reopens a day, giving a reason (tracked).
    """

    _name = "dental.cash.closing"
    _description = "Daily Cash Summary and Closing"
    _inherit = ["mail.thread", "dental.server.fields.mixin"]
    _order = "date desc, company_id"
    # Only the actions write these (create/refresh compute the figures, action_close freezes them with the
    # stamps, the reopen wizard reopens): a client writing them could forge a closed day and its cash at the
    # end of the day, which becomes the next day's opening.
    _dental_server_fields = (
        "state",
        *MONEY_FIGURES,
        *COUNT_FIGURES,
        "difference",
        "cash_counted",
        "closed_by_id",
        "closed_on",
        "reopen_reason",
    )
    _dental_create_only_fields = ("company_id", "date")
    # found by its branch or its day (ISO, or as the user writes dates): the display name is "Branch, day"
    _rec_names_search = ["company_id", "date"]

    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, default=lambda self: self.env.company, index=True, readonly=True
    )
    date = fields.Date(required=True, index=True, readonly=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, readonly=True, tracking=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    patients_total = fields.Integer(string="Patients Seen", readonly=True)
    patients_new = fields.Integer(string="New Patients", readonly=True)
    gross_amount = fields.Monetary(
        string="Services Billed", readonly=True, help="Services of the day's invoices, before discounts and taxes."
    )
    discount_amount = fields.Monetary(
        string="Discounts Given", readonly=True, help="Discounts of the day's invoices, before taxes."
    )
    tax_amount = fields.Monetary(
        string="Taxes",
        readonly=True,
        help="Taxes of the day's invoices (medical services are usually VAT-exempt: none). "
        "Services billed - discounts + taxes = invoiced.",
    )
    invoiced_amount = fields.Monetary(
        string="Invoiced", readonly=True, help="Invoices of the day, after discounts, taxes included."
    )
    credit_note_amount = fields.Monetary(
        string="Credit Notes", readonly=True, help="Invoices rolled back this day, taxes included."
    )
    cash_amount = fields.Monetary(string="Cash Received", readonly=True)
    card_amount = fields.Monetary(string="Card Received", readonly=True)
    bank_amount = fields.Monetary(string="Clearing (Bank Transfer)", readonly=True)
    debt_amount = fields.Monetary(string="Debt Created", readonly=True, help="Unpaid part of the day's invoices.")
    debt_repayment_amount = fields.Monetary(
        string="Debt Repayments", readonly=True, help="Part of the day's payments settling invoices of earlier days."
    )
    deposit_amount = fields.Monetary(
        string="Deposits Received",
        readonly=True,
        help="Part of the day's payments (cash, card and bank transfer) left on the patients' accounts: prepayments "
        "and overpayments that pay no invoice of the day or of an earlier day.",
    )
    refund_amount = fields.Monetary(string="Deposits Refunded", readonly=True)
    refund_cash_amount = fields.Monetary(string="Refunded in Cash", readonly=True)
    expense_amount = fields.Monetary(string="Expenses Paid", readonly=True, help="Paid out of the cash desk.")
    other_income_amount = fields.Monetary(
        string="Other Income", readonly=True, help="Put into the cash desk other than patients' payments."
    )
    cash_opening = fields.Monetary(string="Cash at Opening", readonly=True)
    cash_closing = fields.Monetary(string="Cash at End of Day", readonly=True, help="Opening + in - out.")
    counted_cash = fields.Monetary(
        string="Counted Cash", tracking=True, help="Cash counted in the desk at the end of the day (closing dialog)."
    )
    cash_counted = fields.Boolean(
        readonly=True, help="The cash was counted: the day is closed with the counted cash and its difference."
    )
    difference = fields.Monetary(
        compute="_compute_difference",
        store=True,
        help="Counted cash - cash at end of day, once the cash is counted (zero before).",
    )
    closed_by_id = fields.Many2one("res.users", string="Closed By", readonly=True, tracking=True)
    closed_on = fields.Datetime(readonly=True)
    reopen_reason = fields.Text(readonly=True, tracking=True)
    note = fields.Text()

    _sql_constraints = [
        ("company_date_uniq", "unique(company_id, date)", "A branch has one cash summary per day."),
    ]

    @api.depends("company_id", "date")
    def _compute_display_name(self):
        for closing in self:
            closing.display_name = _(
                "%(branch)s, %(date)s",
                branch=closing.company_id.name,
                date=format_date(self.env, closing.date) if closing.date else "",
            )

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "like", "=ilike", "=like", "=") and isinstance(value, str):
            day = self._dental_parse_user_date(value)
            if day:  # the day as the display name writes it (the user's language)
                domain = expression.OR([domain, [("date", "=", day)]])
        return domain

    @api.model
    def _dental_parse_user_date(self, text):
        """The date ``text`` written in the user's language's format (24.11.2026 in Russian), else None."""
        date_format = self.env["res.lang"]._get_data(code=self.env.lang or "en_US").date_format or "%m/%d/%Y"
        try:
            return datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            return None

    @api.depends("counted_cash", "cash_closing", "cash_counted")
    def _compute_difference(self):
        for closing in self:
            closing.difference = closing.counted_cash - closing.cash_closing if closing.cash_counted else 0.0

    @api.constrains("date")
    def _check_date(self):
        for closing in self:
            if closing.date > closing.company_id._dental_today():
                raise ValidationError(_("A day in the future cannot be summarised or closed."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        # a day is created open with figures of the server: state, figures and stamps are server-only fields
        # (refused from a client by dental.server.fields.mixin); closing goes through action_close
        closings = super().create(vals_list)
        closings._dental_refresh()
        return closings

    def write(self, vals):
        self._dental_check_server_fields(vals)  # before the frozen-day message: a forged state is an access error
        closed = self.filtered(lambda c: c.state == "closed")
        reopening = self._dental_has_server_token() and vals.get("state") == "open"
        if closed and not reopening and set(vals) - {"note", "message_main_attachment_id"}:
            raise UserError(_("A closed cash day is frozen: a Director reopens it first."))
        res = super().write(vals)
        if "counted_cash" in vals:
            # entering the counted amount (the closing dialog) is counting the cash, zero included
            self._dental_server_write({"cash_counted": True})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        if self.filtered(lambda c: c.state == "closed"):
            raise UserError(_("A closed cash day cannot be deleted."))

    # ------------------------------------------------------------------ actions
    @api.model
    def action_open_today(self):
        """The daily summary of the current branch for today (created on first opening)."""
        company = self.env.company
        closing = self._dental_get(company, company._dental_today())
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_cash_closing_action")
        action.update({"res_id": closing.id, "view_mode": "form", "views": [(False, "form")]})
        return action

    @api.model
    def _dental_get(self, company, day):
        """The summary of the branch's day with up-to-date figures (a closed day keeps its frozen ones)."""
        closing = self.search_fetch(
            [("company_id", "=", company.id), ("date", "=", day)], ["company_id", "date", "state"], limit=1
        )
        if not closing:
            return self.create({"company_id": company.id, "date": day})  # computed on creation
        closing.filtered(lambda c: c.state == "open")._dental_refresh()
        return closing

    def action_refresh(self):
        if self.filtered(lambda c: c.state == "closed"):
            raise UserError(_("A closed cash day is frozen: a Director reopens it first."))
        self._dental_refresh()
        return True

    def action_close_dialog(self):
        """The closing dialog: the counted cash is entered there before the day closes."""
        self.ensure_one()
        self._dental_check_can_close()
        if self.state == "closed":
            raise UserError(_("The day is already closed."))
        self._dental_refresh()  # the dialog shows the cash expected now
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_cash_close_wizard_action")
        action["context"] = {"default_closing_id": self.id}
        return action

    def _dental_check_can_close(self):
        if not self.env.user.has_group("dental_cash.group_cash_senior"):
            raise AccessError(_("Only a senior registrar or a Director closes the cash day."))

    def action_close(self):
        """Close the day: freeze the figures with the counted cash; the day and earlier ones are locked.

        The cash must have been counted (``counted_cash`` entered, through the closing dialog). The frozen figures
        are recomputed from the journals in the same write that closes the day, and the stamps are the server's:
        nothing of the client's becomes the next day's opening cash.
        """
        self._dental_check_can_close()
        for closing in self:
            if closing.state == "closed":
                continue
            if not closing.cash_counted:
                raise UserError(
                    _("Count the cash of %s first: the day closes with the counted amount.", closing.display_name)
                )
            figures = self._dental_compute_figures(closing.company_id, closing.date)
            closing._dental_server_write(
                {**figures, "state": "closed", "closed_by_id": self.env.user.id, "closed_on": fields.Datetime.now()}
            )
            # a log, not a post: a front-desk user without an e-mail address closes the day too
            closing._message_log(
                body=escape(
                    _(
                        "Day closed. Cash at end of day %(expected)s, counted %(counted)s, difference %(difference)s.",
                        expected=closing.currency_id.format(closing.cash_closing),
                        counted=closing.currency_id.format(closing.counted_cash),
                        difference=closing.currency_id.format(closing.difference),
                    )
                )
            )
        return True

    def action_reopen_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_cash_reopen_wizard_action")
        action["context"] = {"default_closing_id": self.id}
        return action

    def _dental_reopen(self, reason):
        """Reopen a closed day (Director), recording why."""
        self.ensure_one()
        if not self.env.user.has_group("dental_patient.group_director"):
            raise AccessError(_("Only a Director reopens a closed cash day."))
        if self.state != "closed":
            raise UserError(_("The day is not closed."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for reopening the day."))
        self._dental_server_write({"state": "open", "reopen_reason": reason})
        self._message_log(body=escape(_("Day reopened: %s", reason)))

    def action_view_payments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_payment_action")
        action["domain"] = [("company_id", "=", self.company_id.id), ("date", "=", self.date)]
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_invoice_action")
        action["domain"] = [("company_id", "=", self.company_id.id), ("invoice_date", "=", self.date)]
        return action

    # ------------------------------------------------------------------ figures
    def _dental_refresh(self):
        for closing in self:
            closing._dental_server_write(self._dental_compute_figures(closing.company_id, closing.date))

    @api.model
    def _dental_compute_figures(self, company, day):
        """The daily summary of a branch, computed from the journals (public: reports and dashboards call it).

        :return: dict of the figures (see ``MONEY_FIGURES`` and ``COUNT_FIGURES``)
        """
        # sudo: the summary adds up every document of the branch's day, whoever may open each of them
        env = self.sudo().env
        figures = dict.fromkeys(MONEY_FIGURES, 0.0)
        figures.update(self._dental_patient_figures(company, day))
        figures.update(self._dental_invoice_figures(company, day))
        # the columns the figures use, not every column of the journals, payments and lines
        journals = env["account.journal"].search_fetch(
            [("company_id", "=", company.id), ("dental_payment_kind", "!=", False)],
            ["dental_payment_kind", "default_account_id", "company_id"],
        )
        cash_journal = journals.filtered(lambda j: j.dental_payment_kind == "cash")
        payments = env["account.payment"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("date", "=", day),
                ("journal_id", "in", journals.ids),
                ("state", "in", ("in_process", "paid")),
                ("partner_type", "=", "customer"),
            ],
            ["payment_type", "journal_id", "amount", "amount_company_currency_signed", "move_id"],
        )
        received = payments.filtered(lambda p: p.payment_type == "inbound")
        refunds = payments.filtered(lambda p: p.payment_type == "outbound")
        for kind in ("card", "bank"):
            figures[f"{kind}_amount"] = sum(
                received.filtered(lambda p, k=kind: p.journal_id.dental_payment_kind == k).mapped("amount")
            )
        figures["refund_amount"] = sum(refunds.mapped("amount"))
        figures["debt_repayment_amount"] = self._dental_debt_repayments(received, day)
        figures["deposit_amount"] = self._dental_deposits_received(received, day)
        if cash_journal:
            figures.update(self._dental_cash_figures(cash_journal, day))
        figures.update(
            self._dental_operation_figures(company, day, journals - cash_journal, figures.get("other_income_amount", 0))
        )
        return figures

    @api.model
    def _dental_patient_figures(self, company, day):
        start, stop = company._dental_day_bounds(day)
        Event = self.env["calendar.event"].sudo()
        day_visits = Event._search(
            [
                ("company_id", "=", company.id),
                ("dental_state", "=", "completed"),
                ("patient_id", "!=", False),
                ("start", ">=", start),
                ("start", "<=", stop),
            ]
        )
        # one grouped query: the first completed visit of each patient seen that day (a patient seen that day
        # for the first time is new)
        firsts = Event._read_group(
            [
                ("patient_id", "in", day_visits.subselect(SQL.identifier(day_visits.table, "patient_id"))),
                ("dental_state", "=", "completed"),
            ],
            ["patient_id"],
            ["start:min"],
        )
        new = [patient for patient, first in firsts if first >= start]
        return {"patients_total": len(firsts), "patients_new": len(new)}

    @api.model
    def _dental_invoice_figures(self, company, day):
        # Totals grouped in SQL and the invoice lines' own columns only: reading the day's invoices and their
        # lines whole cost more than the whole rest of the summary (scripts/bench).
        base = [("company_id", "=", company.id), ("state", "=", "posted"), ("invoice_date", "=", day)]
        # Before taxes: services billed - discounts = the invoices' untaxed amount; + taxes = invoiced. All in
        # company currency (the lines' balances, the invoices' signed totals).
        totals = {
            move_type: (total, residual, tax)
            for move_type, total, residual, tax in self.env["account.move"]
            .sudo()
            ._read_group(
                [*base, ("move_type", "in", ("out_invoice", "out_refund"))],
                ["move_type"],
                ["amount_total_signed:sum", "amount_residual_signed:sum", "amount_tax_signed:sum"],
            )
        }
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                [("move_id", "any", [*base, ("move_type", "=", "out_invoice")]), ("display_type", "=", "product")],
                ["balance", "discount", "price_unit", "quantity", "currency_id", "company_currency_id", "date"],
            )
        )
        gross = discount = 0.0
        for line in lines:
            untaxed = -line.balance
            if untaxed < 0:  # a discount line (fixed-amount programme)
                discount -= untaxed
                continue
            line_gross = line.company_currency_id.round(self._dental_line_gross(line, untaxed))
            gross += line_gross
            discount += line_gross - untaxed
        invoiced, debt, tax = totals.get("out_invoice", (0.0, 0.0, 0.0))
        return {
            "gross_amount": gross,
            "discount_amount": discount,
            "tax_amount": tax,
            "invoiced_amount": invoiced,
            "credit_note_amount": -totals.get("out_refund", (0.0, 0.0, 0.0))[0],
            "debt_amount": debt,
        }

    @api.model
    def _dental_line_gross(self, line, untaxed):
        """An invoice line's amount before its discount, without taxes, in company currency (``untaxed``: after
        the discount). A price including a tax counts without it, like the line's untaxed amount."""
        if line.discount < 100.0:
            return untaxed * 100.0 / (100.0 - line.discount)
        # a line given away: its price without taxes, in company currency (one line, rarely)
        price = line.tax_ids.compute_all(line.price_unit, line.currency_id, line.quantity, product=line.product_id)
        return line.currency_id._convert(
            price["total_excluded"], line.company_currency_id, line.company_id, line.date, round=False
        )

    @api.model
    def _dental_debt_repayments(self, payments, day):
        """The part of ``payments`` settling invoices of days before ``day``."""
        return self._dental_payments_matched(payments, "<", day)

    @api.model
    def _dental_deposits_received(self, payments, day):
        """The part of ``payments`` (received on ``day``) paying no invoice of that day or an earlier one: money
        left on the patients' accounts."""
        if not payments:
            return 0.0
        received = sum(payments.mapped("amount_company_currency_signed"))
        return max(received - self._dental_payments_matched(payments, "<=", day), 0.0)

    @api.model
    def _dental_payments_matched(self, payments, date_operator, day):
        """The part of ``payments`` matched with invoices dated ``date_operator`` ``day`` (one grouped query)."""
        if not payments:
            return 0.0
        return (
            self.env["account.partial.reconcile"]
            .sudo()
            ._read_group(
                [
                    ("credit_move_id.move_id", "in", payments.move_id.ids),
                    ("credit_move_id.account_id.account_type", "=", "asset_receivable"),
                    ("debit_move_id.move_id.move_type", "in", self.env["account.move"].get_invoice_types()),
                    ("debit_move_id.move_id.invoice_date", date_operator, day),
                ],
                aggregates=["amount:sum"],
            )[0][0]
            or 0.0
        )

    @api.model
    def _dental_cash_figures(self, cash_journal, day):
        """Cash desk figures straight from the cash journal's account: they add up to its balance."""
        Line = self.env["account.move.line"].sudo()
        account = cash_journal.default_account_id
        base = [
            ("journal_id", "=", cash_journal.id),
            ("account_id", "=", account.id),
            ("parent_state", "=", "posted"),
        ]
        # The cash at the end of the last closed day is frozen (closing locks every document up to it): the
        # opening adds the days since then instead of the branch's whole cash history.
        last_closed = self.sudo().search_fetch(
            [("company_id", "=", cash_journal.company_id.id), ("state", "=", "closed"), ("date", "<", day)],
            ["date", "cash_closing"],
            order="date desc",
            limit=1,
        )
        since = [("date", ">", last_closed.date)] if last_closed else []
        opening = last_closed.cash_closing + (
            Line._read_group([*base, *since, ("date", "<", day)], aggregates=["balance:sum"])[0][0] or 0.0
        )
        by_kind = defaultdict(float)
        lines = Line.search_fetch([*base, ("date", "=", day)], ["move_id", "balance"])
        lines.move_id.fetch(["origin_payment_id", "dental_cash_operation_id"])
        for line in lines:
            move = line.move_id
            if move.origin_payment_id:
                kind = "cash_in" if line.balance > 0 else "cash_refund"
            elif move.dental_cash_operation_id:
                kind = move.dental_cash_operation_id.kind
            else:
                kind = "income"  # an accountant's entry in the cash journal: corrections
            by_kind[kind] += line.balance
        return {
            "cash_opening": opening,
            "cash_amount": by_kind["cash_in"],
            "refund_cash_amount": -by_kind["cash_refund"],
            "expense_amount": -by_kind["expense"],
            "other_income_amount": by_kind["income"],
            "cash_closing": opening + sum(by_kind.values()),
        }

    @api.model
    def _dental_operation_figures(self, company, day, other_journals, other_income):
        """Cash operations recorded in the card or bank journals add to expenses and other income."""
        operations = (
            self.env["dental.cash.operation"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("date", "=", day),
                    ("state", "=", "posted"),
                    ("journal_id", "in", other_journals.ids),
                ]
            )
        )
        if not operations:
            return {}
        return {
            "other_income_amount": other_income
            + sum(operations.filtered(lambda o: o.kind == "income").mapped("amount")),
        }
