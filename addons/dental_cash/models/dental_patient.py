from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class DentalPatient(models.Model):
    """Money of the patient on the card: invoiced, paid, debt, deposit, per plan and per doctor."""

    _inherit = "dental.patient"
    # A branch's documents (certificates, payments, wizards) may name its own patients and the head company's
    # (shared by its branches, like the patients' record rule): check_company fields on dental.patient use this.
    _check_company_domain = models.check_company_domain_parent_of

    dental_invoice_ids = fields.One2many("account.move", "dental_patient_id", string="Patient Invoices")
    # The card's money is of the companies the user works in (_dental_money_figures): computed again per company set.
    kpi_invoiced = fields.Monetary(
        depends_context=("allowed_company_ids",),
        string="Invoiced",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
    )
    kpi_paid = fields.Monetary(
        depends_context=("allowed_company_ids",),
        string="Collected",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
    )
    kpi_debt = fields.Monetary(
        depends_context=("allowed_company_ids",),
        string="Outstanding Debt",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
    )
    kpi_currency_id = fields.Many2one("res.currency", depends_context=("allowed_company_ids",), compute="_compute_kpis")
    dental_deposit = fields.Monetary(
        depends_context=("allowed_company_ids",),
        string="Deposit",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
        help="Money paid in advance, not used by an invoice yet.",
    )
    dental_balance = fields.Monetary(
        depends_context=("allowed_company_ids",),
        string="Balance",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
        help="Deposit - debt: positive, the clinic owes the patient; negative, the patient owes the clinic.",
    )
    dental_overdue = fields.Monetary(
        depends_context=("allowed_company_ids",),
        string="Overdue",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
        help="Instalments and invoices past their due date and not paid.",
    )
    dental_doctor_money_html = fields.Html(
        string="By Doctor",
        compute="_compute_kpis",
        sanitize=False,
        depends_context=("allowed_company_ids",),
        help="What each doctor's procedures were invoiced, after discounts and taxes included, credit notes "
        "deducted: the rows add up to Invoiced.",
    )

    dental_discount_program_id = fields.Many2one(
        "loyalty.program",
        string="Current Discount",
        domain="[('dental_discount', '=', True)]",
        tracking=True,
        help="The discount programme billing applies to this patient first (when valid on the invoice's day). "
        "A programme whose recipients leave the patient out is activated for him by a Director only.",
    )
    dental_program_ids = fields.Many2many(
        "loyalty.program",
        string="Applicable Discounts",
        compute="_compute_dental_program_ids",
        help="Discount programmes applying to the patient today in the current branch.",
    )
    dental_total_paid = fields.Monetary(
        string="Total Paid",
        compute="_compute_dental_total_paid",
        currency_field="kpi_currency_id",
        help="What the patient paid the clinic (every branch of the chain, refunds deducted): the base of the "
        "cumulative discounts.",
    )

    @api.depends_context("allowed_company_ids")
    def _compute_dental_program_ids(self):
        patients = self.filtered("id")
        today = fields.Date.context_today(self)
        by_patient = self.env["loyalty.program"]._dental_applicable_by_patient(patients, today, self.env.company)
        for patient in self:
            patient.dental_program_ids = by_patient.get(patient.id, False)

    @api.depends_context("allowed_company_ids")
    def _compute_dental_total_paid(self):
        paid = self.filtered("id")._dental_paid_totals(self.env.company)
        for patient in self:
            patient.dental_total_paid = paid.get(patient.id, 0.0)

    @api.constrains("dental_discount_program_id")
    def _check_dental_discount_program(self):
        """Choosing a programme the patient is not a recipient of grants a discount: the Director's act."""
        if self.env.su or self.env.user.has_group("dental_patient.group_director"):
            return
        today = fields.Date.context_today(self)
        for patient in self.filtered("dental_discount_program_id"):
            program = patient.dental_discount_program_id
            if not program.dental_discount or not program._dental_meets_criteria(patient, today):
                raise UserError(
                    _(
                        "Only a Director activates the discount %(program)s for %(patient)s: the patient is not "
                        "among its recipients.",
                        program=program.name,
                        patient=patient.name,
                    )
                )

    def _dental_paid_totals(self, company):
        """{patient id: total paid} in ``company``'s chain (its root and every branch in the same currency), in
        company currency, refunds deducted: one grouped query for all the patients (lists may show it)."""
        patients = self.filtered("id")
        if not patients:
            return {}
        root = company.sudo().root_id
        # sudo: the total is a figure of the card (and a discount's condition), read whatever payments the user
        # may open, like the card's money; only the chain's companies in its currency are summed
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("id", "child_of", root.id), ("currency_id", "=", company.sudo().currency_id.id)])
        )
        partner_to_patient = {patient.partner_id.id: patient.id for patient in patients.sudo()}
        groups = (
            self.env["account.payment"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", list(partner_to_patient)),
                    ("partner_type", "=", "customer"),
                    ("state", "in", ("in_process", "paid")),
                    ("company_id", "in", companies.ids),
                ],
                groupby=["partner_id"],
                aggregates=["amount_company_currency_signed:sum"],
            )
        )
        return {partner_to_patient[partner.id]: total for partner, total in groups}

    def _compute_kpis(self):
        # The card's money (the KPIs, deposit, balance, overdue and the per-doctor table) comes from one
        # statement: _dental_money_figures with the doctors. The visit count is dental_calendar's.
        figures = self._dental_money_figures(with_doctors=True)
        no_doctor = _("No doctor")
        for patient in self:
            values = figures.get(patient.id, {})
            patient.kpi_currency_id = patient.company_id.currency_id
            patient.kpi_invoiced = values.get("invoiced", 0.0)
            patient.kpi_paid = values.get("paid", 0.0)
            patient.kpi_debt = values.get("debt", 0.0)
            patient.dental_deposit = values.get("deposit", 0.0)
            patient.dental_balance = values.get("deposit", 0.0) - values.get("debt", 0.0)
            patient.dental_overdue = values.get("overdue", 0.0)
            rows = values.get("doctors")
            if not rows:
                patient.dental_doctor_money_html = False
                continue
            currency = patient.company_id.currency_id
            # a patient shared by branches: each branch's invoicing on its own row, the branch named
            per_branch = len({row[3] for row in rows}) > 1
            branch_cell = Markup("<td>%s</td>") if per_branch else None
            body = Markup("").join(
                Markup("<tr>%s<td>%s</td><td class='text-end'>%s</td></tr>")
                % (
                    branch_cell % branch_name if per_branch else "",
                    escape(name or no_doctor),
                    currency.format(amount),
                )
                for __, name, amount, __company, branch_name in rows
            )
            head = Markup("<th>%s</th>") % _("Branch") if per_branch else ""
            patient.dental_doctor_money_html = Markup(
                "<table class='table table-sm o_dental_doctor_money'><thead><tr>%s<th>%s</th>"
                "<th class='text-end'>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (head, _("Doctor"), _("Invoiced"), body)

    # ------------------------------------------------------------------ figures
    def _dental_money_figures(self, with_doctors=False, companies=None):
        """{patient id: {invoiced, paid, debt, deposit, overdue}} in one query.

        ``with_doctors`` adds ``doctors``: [(doctor id, name, invoiced amount, branch id, branch name)] from the
        invoice lines, taxes included (they add up to ``invoiced``), credit notes deducted, by branch then in the
        doctors' name order ("no doctor" last).
        Public: the payment dialogs, dental_marketing (CLV) and reports call it.

        Scope: the money of ``companies`` (default: the companies the user works in, ``self.env.companies``),
        so a patient shared by branches shows in each branch what that branch invoiced and took. Currency:
        every amount summed is in company currency (``amount_total_signed``, ``amount_company_currency_signed``,
        ``amount_residual``, ``balance``) and only the companies keeping their books in the patient's currency
        (``kpi_currency_id``, the patient's branch's) are summed: amounts of two currencies are never added.
        """
        patients = self.filtered("id")
        if not patients:
            return {}
        # The caller reads these cards (dialogs of another branch's patient are refused here, before any sum).
        patients.check_access("read")
        companies = (companies if companies is not None else self.env.companies).sudo()
        # sudo: money totals are shown on the card to every role that sees the patient; the statement below
        # reads the accounting tables without record rules, like a sudo read_group, within ``companies``
        partner_to_patient = {}
        currencies = []
        for patient in patients.sudo():
            partner_to_patient[patient.partner_id.id] = patient.id
            currencies.append(patient.company_id.currency_id.id)
        env = self.env
        env["res.company"].flush_model(["currency_id"])
        env["account.move"].flush_model(["partner_id", "state", "move_type", "amount_total_signed", "company_id"])
        env["account.payment"].flush_model(
            ["partner_id", "state", "partner_type", "amount_company_currency_signed", "company_id"]
        )
        env["account.move.line"].flush_model(
            [
                "partner_id",
                "account_id",
                "parent_state",
                "reconciled",
                "amount_residual",
                "date_maturity",
                "move_id",
                "display_type",
                "dental_doctor_id",
                "balance",
                "price_subtotal",
                "price_total",
                "company_id",
            ]
        )
        env["account.account"].flush_model(["account_type"])
        env["account.journal"].flush_model(["type"])
        doctors = SQL(
            """
            LEFT JOIN LATERAL (
                SELECT json_agg(json_build_array(t.doctor_id, e.name, t.amount, t.company_id, rc.name)
                                ORDER BY rc.name, t.company_id, e.name, t.doctor_id) AS rows
                  -- taxes included, like Invoiced: the line's share of its taxes (price_total / price_subtotal,
                  -- in the invoice's currency) applied to its company-currency balance
                  FROM (SELECT l.dental_doctor_id AS doctor_id, l.company_id,
                               -SUM(CASE WHEN l.price_subtotal <> 0 THEN l.balance * l.price_total / l.price_subtotal
                                         ELSE l.balance END) AS amount
                          FROM account_move_line l JOIN account_move m ON m.id = l.move_id
                         WHERE l.partner_id = p.partner_id AND l.parent_state = 'posted'
                           AND l.display_type = 'product' AND m.move_type IN ('out_invoice', 'out_refund')
                           -- sale documents live in sale journals (account's _check_journal_move_type): the
                           -- payments' lines are left out before looking up their moves
                           AND l.journal_id IN (SELECT id FROM account_journal WHERE type = 'sale')
                           AND l.company_id IN (SELECT c.id FROM scope c WHERE c.currency_id = p.currency_id)
                         GROUP BY l.company_id, l.dental_doctor_id) t
                  JOIN res_company rc ON rc.id = t.company_id
                  LEFT JOIN hr_employee e ON e.id = t.doctor_id
            ) doctors ON TRUE
            """
        )
        rows = env.execute_query(
            SQL(
                """
            WITH scope AS (SELECT id, currency_id FROM res_company WHERE id = ANY(%(companies)s))
            SELECT p.partner_id, invoiced.total, paid.total, open.debt, open.deposit, open.overdue, %(doctor_rows)s
              FROM unnest(%(partners)s::int[], %(currencies)s::int[]) AS p(partner_id, currency_id)
              LEFT JOIN LATERAL (
                  SELECT SUM(m.amount_total_signed) AS total FROM account_move m
                   WHERE m.partner_id = p.partner_id AND m.state = 'posted'
                     AND m.move_type IN ('out_invoice', 'out_refund')
                     AND m.company_id IN (SELECT c.id FROM scope c WHERE c.currency_id = p.currency_id)
              ) invoiced ON TRUE
              LEFT JOIN LATERAL (
                  SELECT SUM(pay.amount_company_currency_signed) AS total FROM account_payment pay
                   WHERE pay.partner_id = p.partner_id AND pay.state IN ('in_process', 'paid')
                     AND pay.partner_type = 'customer'
                     AND pay.company_id IN (SELECT c.id FROM scope c WHERE c.currency_id = p.currency_id)
              ) paid ON TRUE
              LEFT JOIN LATERAL (
                  -- debt, deposit and overdue: the open receivable lines' residuals by sign and due date
                  SELECT SUM(l.amount_residual) FILTER (WHERE l.amount_residual > 0) AS debt,
                         SUM(l.amount_residual) FILTER (WHERE l.amount_residual < 0) AS deposit,
                         SUM(l.amount_residual) FILTER (WHERE l.amount_residual > 0 AND l.date_maturity < %(today)s)
                             AS overdue
                    FROM account_move_line l JOIN account_account a ON a.id = l.account_id
                   WHERE l.partner_id = p.partner_id AND a.account_type = 'asset_receivable'
                     AND l.parent_state = 'posted' AND l.reconciled IS NOT TRUE
                     AND l.company_id IN (SELECT c.id FROM scope c WHERE c.currency_id = p.currency_id)
              ) open ON TRUE
              %(doctors)s
            """,
                doctor_rows=SQL("doctors.rows") if with_doctors else SQL("NULL"),
                partners=list(partner_to_patient),
                currencies=currencies,
                companies=companies.ids,
                today=fields.Date.context_today(self),
                doctors=doctors if with_doctors else SQL(),
            )
        )
        result = {}
        for partner_id, invoiced, paid, debt, deposit, overdue, doctor_rows in rows:
            figures = {
                "invoiced": invoiced or 0.0,
                "paid": paid or 0.0,
                "debt": abs(debt or 0.0),
                "deposit": abs(deposit or 0.0),
                "overdue": overdue or 0.0,
            }
            if with_doctors:
                figures["doctors"] = [tuple(row) for row in doctor_rows or ()]
            result[partner_to_patient[partner_id]] = figures
        return result

    def _dental_history(self):
        history = super()._dental_history()
        # sudo: whether money documents exist decides if the card may be deleted, whatever the user reads
        if self.env["account.move.line"].sudo().search_count([("partner_id", "=", self.partner_id.id)], limit=1):
            history.append(_("invoices and payments"))
        return history

    # ------------------------------------------------------------------ actions
    def _dental_payment_wizard_action(self, mode):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_payment_wizard_action")
        action["context"] = {"default_mode": mode, "default_patient_id": self.id}
        return action

    def action_dental_deposit(self):
        """Prepayment: money taken in advance becomes the patient's deposit."""
        return self._dental_payment_wizard_action("deposit")

    def action_dental_withdraw(self):
        """Refund the remaining deposit to the patient."""
        return self._dental_payment_wizard_action("withdraw")

    def action_dental_pay_debt(self):
        """Take a payment on the patient's open invoices, oldest first."""
        return self._dental_payment_wizard_action("debt")

    def action_dental_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_invoice_action")
        action["domain"] = [("partner_id", "=", self.partner_id.id), ("move_type", "in", ("out_invoice", "out_refund"))]
        action["context"] = {"default_partner_id": self.partner_id.id, "default_move_type": "out_invoice"}
        return action

    def action_dental_view_payments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_payment_action")
        action["domain"] = ["|", ("partner_id", "=", self.partner_id.id), ("dental_payer_id", "=", self.id)]
        return action

    def action_dental_view_history(self):
        """Financial history: every invoice, credit note, payment and refund of the patient, with the balance."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_financial_history_action")
        action["domain"] = [
            ("partner_id", "=", self.partner_id.id),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
        ]
        action["display_name"] = _("Financial History of %s", self.name)
        return action

    def action_dental_tax_certificate(self):
        """A new tax-deduction certificate for the patient (last year by default)."""
        self.ensure_one()
        return self.env["dental.tax.certificate"]._get_records_action(
            context={"default_patient_id": self.id, "default_taxpayer_id": self.id}
        )

    def action_dental_view_overdue(self):
        self.ensure_one()
        action = self.action_dental_view_history()
        action["domain"] += [("amount_residual", ">", 0), ("date_maturity", "<", fields.Date.context_today(self))]
        action["display_name"] = _("Overdue Payments of %s", self.name)
        return action
