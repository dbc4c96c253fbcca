from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, fields, models
from odoo.tools import SQL


class DentalPatient(models.Model):
    """Money of the patient on the card: invoiced, paid, debt, deposit, per plan and per doctor."""

    _inherit = "dental.patient"

    dental_invoice_ids = fields.One2many("account.move", "dental_patient_id", string="Patient Invoices")
    dental_deposit = fields.Monetary(
        string="Deposit",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
        help="Money paid in advance, not used by an invoice yet.",
    )
    dental_balance = fields.Monetary(
        string="Balance",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
        help="Deposit - debt: positive, the clinic owes the patient; negative, the patient owes the clinic.",
    )
    dental_overdue = fields.Monetary(
        string="Overdue",
        compute="_compute_kpis",
        currency_field="kpi_currency_id",
        help="Instalments and invoices past their due date and not paid.",
    )
    dental_doctor_money_html = fields.Html(
        string="By Doctor", compute="_compute_dental_doctor_money_html", sanitize=False
    )

    def _compute_dental_doctor_money_html(self):
        rows_by_patient = self._dental_money_by_doctor()
        no_doctor = _("No doctor")
        for patient in self:
            rows = rows_by_patient.get(patient.id, [])
            if not rows:
                patient.dental_doctor_money_html = False
                continue
            currency = patient.company_id.currency_id
            body = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
                % (escape(doctor.name if doctor else no_doctor), currency.format(amount))
                for doctor, amount in rows
            )
            patient.dental_doctor_money_html = Markup(
                "<table class='table table-sm o_dental_doctor_money'><thead><tr><th>%s</th>"
                "<th class='text-end'>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (_("Doctor"), _("Invoiced"), body)

    def _compute_kpis(self):
        # the deposit, balance and overdue share the KPIs' compute: the card reads the money figures once
        res = super()._compute_kpis()
        figures = self._dental_money_figures()
        visits = dict(
            self.env["calendar.event"]
            .sudo()
            ._read_group(
                [("patient_id", "in", self.ids), ("dental_state", "=", "completed")], ["patient_id"], ["__count"]
            )
        )
        for patient in self:
            values = figures.get(patient.id, {})
            patient.kpi_invoiced = values.get("invoiced", 0.0)
            patient.kpi_paid = values.get("paid", 0.0)
            patient.kpi_debt = values.get("debt", 0.0)
            patient.kpi_visit_count = visits.get(patient, 0)
            patient.dental_deposit = values.get("deposit", 0.0)
            patient.dental_balance = values.get("deposit", 0.0) - values.get("debt", 0.0)
            patient.dental_overdue = values.get("overdue", 0.0)
        return res

    # ------------------------------------------------------------------ figures
    def _dental_money_figures(self):
        """{patient id: {invoiced, paid, debt, deposit, overdue}} in a constant number of queries.

        Public: the schedule (debt icon), dental_marketing (CLV) and reports call it.
        """
        if not self.ids:
            return {}
        # sudo: money totals are shown on the card to every role that sees the patient
        env = self.sudo().env
        partner_to_patient = {patient.partner_id.id: patient.id for patient in self.sudo()}
        partner_ids = list(partner_to_patient)
        result = defaultdict(lambda: dict.fromkeys(("invoiced", "paid", "debt", "deposit", "overdue"), 0.0))
        for partner, total in env["account.move"]._read_group(
            [
                ("partner_id", "in", partner_ids),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            ["partner_id"],
            ["amount_total_signed:sum"],
        ):
            result[partner_to_patient[partner.id]]["invoiced"] = total
        for partner, _payment_type, amount in env["account.payment"]._read_group(
            [
                ("partner_id", "in", partner_ids),
                ("state", "in", ("in_process", "paid")),
                ("partner_type", "=", "customer"),
            ],
            ["partner_id", "payment_type"],
            ["amount_company_currency_signed:sum"],
        ):
            result[partner_to_patient[partner.id]]["paid"] += amount
        open_domain = [
            ("partner_id", "in", partner_ids),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
        ]
        # debt, deposit and overdue: the open receivable lines' residuals by sign and due date, in one query
        today = fields.Date.context_today(self)
        Line = env["account.move.line"]
        query = Line._search(open_domain)
        partner = Line._field_to_sql(query.table, "partner_id", query)
        residual = Line._field_to_sql(query.table, "amount_residual", query)
        maturity = Line._field_to_sql(query.table, "date_maturity", query)
        query.groupby = partner
        rows = env.execute_query(
            query.select(
                partner,
                SQL("SUM(%s) FILTER (WHERE %s > 0)", residual, residual),
                SQL("SUM(%s) FILTER (WHERE %s < 0)", residual, residual),
                SQL("SUM(%s) FILTER (WHERE %s > 0 AND %s < %s)", residual, residual, maturity, today),
            )
        )
        for partner_id, debt, deposit, overdue in rows:
            figures = result[partner_to_patient[partner_id]]
            figures["debt"], figures["deposit"], figures["overdue"] = (
                abs(debt or 0.0),
                abs(deposit or 0.0),
                overdue or 0.0,
            )
        return dict(result)

    def _dental_money_by_doctor(self):
        """{patient id: [(doctor, invoiced amount)]} from the invoice lines (credit notes deducted)."""
        if not self.ids:
            return {}
        partner_to_patient = {patient.partner_id.id: patient.id for patient in self.sudo()}
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", list(partner_to_patient)),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("display_type", "=", "product"),
                ],
                ["partner_id", "dental_doctor_id"],
                ["balance:sum"],
            )
        )
        # the doctors' names only (hr.employee would read every column of the employees for the name)
        self.env["hr.employee"].sudo().browse({doctor.id for __, doctor, __ in groups if doctor}).fetch(["name"])
        result = defaultdict(list)
        for partner, doctor, balance in groups:
            result[partner_to_patient[partner.id]].append((doctor, -balance))
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
        return {
            "type": "ir.actions.act_window",
            "res_model": "dental.tax.certificate",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_patient_id": self.id, "default_taxpayer_id": self.id},
        }

    def action_dental_view_overdue(self):
        self.ensure_one()
        action = self.action_dental_view_history()
        action["domain"] += [("amount_residual", ">", 0), ("date_maturity", "<", fields.Date.context_today(self))]
        action["display_name"] = _("Overdue Payments of %s", self.name)
        return action
