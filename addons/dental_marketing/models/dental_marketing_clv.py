from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class DentalMarketingClv(models.Model):
    """A saved CLV calculation of a branch for a year (seed «Marketing. CLV»), one line per patient group.

    Inputs: variable costs v (% of revenue), retention rate r (% of patients who come back the next year) and
    discount rate d (% a year). For each group, with the year's revenue R of its N patients (patients with an
    invoice that year):

    - average revenue a = R / N; margin m = a × (1 − v);
    - CLV = m × r / (1 + d − r) (the margin of every following year, kept with probability r and discounted
      by d, summed over an unlimited horizon);
    - acquisition cost of the year = channel budgets + campaign costs of the branch in the year; cost per new
      patient c = that cost / the new patients of the year (first visit in the year); net CLV = CLV − c.
    """

    _name = "dental.marketing.clv"
    _description = "CLV Calculation"
    _order = "year desc, id desc"

    name = fields.Char(required=True, default=lambda self: _("CLV %(year)s", year=date.today().year))
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    variable_cost_rate = fields.Float(
        string="Variable Costs (%)", default=40.0, help="Share of the revenue spent on materials, labs and pay."
    )
    retention_rate = fields.Float(
        string="Retention Rate (%)", default=60.0, help="Share of the patients who come back the next year."
    )
    discount_rate = fields.Float(string="Discount Rate (%)", default=10.0, help="Yearly rate of future money.")
    line_ids = fields.One2many("dental.marketing.clv.line", "clv_id", string="Patient Groups", readonly=True)
    acquisition_total = fields.Monetary(
        string="Acquisition Costs", readonly=True, help="Channel budgets and campaign costs of the branch in the year."
    )
    new_patient_count = fields.Integer(
        string="Primary Patients", readonly=True, help="Patients whose first completed visit was in the year."
    )
    acquisition_cost = fields.Monetary(
        string="Cost per Patient", readonly=True, help="Acquisition costs / primary patients."
    )
    referral_share = fields.Float(
        string="Referral Share (%)", readonly=True, help="Primary patients referred by another patient, in %."
    )
    date_computed = fields.Datetime(string="Computed On", readonly=True)

    @api.constrains("variable_cost_rate", "retention_rate", "discount_rate", "year")
    def _check_inputs(self):
        for clv in self:
            if not 0 <= clv.variable_cost_rate <= 100 or not 0 <= clv.retention_rate <= 100:
                raise ValidationError(_("Variable costs and the retention rate are percentages from 0 to 100."))
            if clv.discount_rate < 0:
                raise ValidationError(_("The discount rate cannot be negative."))
            if clv.retention_rate >= 100 + clv.discount_rate:
                raise ValidationError(_("The retention rate must be below 100% plus the discount rate."))
            if not 1900 < clv.year < 3000:
                raise ValidationError(_("The year %(year)s is not a valid year.", year=clv.year))

    def action_compute(self):
        """Recompute the lines and totals from the invoices, visits, budgets and costs of the year."""
        for clv in self:
            clv._dental_compute()
        return True

    # ------------------------------------------------------------------ business
    @api.model
    def _dental_clv(self, average_revenue, variable_cost_rate, retention_rate, discount_rate):
        """CLV = margin × r / (1 + d − r), margin = average revenue × (1 − v); rates given in %."""
        margin = average_revenue * (1 - variable_cost_rate / 100)
        retention, discount = retention_rate / 100, discount_rate / 100
        return margin * retention / (1 + discount - retention)

    def _dental_compute(self):
        self.ensure_one()
        self.check_access("write")
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        # acquisition: the analytics view read with the caller's rights (branch rule), this branch only
        totals = self.env["dental.marketing.analytics"]._read_group(
            [("company_id", "=", self.company_id.id), ("date", ">=", first), ("date", "<=", last)],
            [],
            ["budget:sum", "cost:sum", "patient_count:sum", "referral_count:sum"],
        )
        budget, cost, new_count, referred = totals[0]
        new_by_group = dict(
            self.env["dental.patient"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("dental_first_visit_date", ">=", first),
                    ("dental_first_visit_date", "<=", last),
                ],
                ["group_id"],
                ["__count"],
            )
        )
        acquisition_total = budget + cost
        unit_cost = acquisition_total / new_count if new_count else 0.0
        lines = []
        for group_id, patient_count, revenue in self._dental_group_revenue(first, last):
            group = self.env["dental.patient.group"].browse(group_id or [])
            average = revenue / patient_count if patient_count else 0.0
            clv = self._dental_clv(average, self.variable_cost_rate, self.retention_rate, self.discount_rate)
            lines.append(
                {
                    "group_id": group_id,
                    "patient_count": patient_count,
                    "new_patient_count": new_by_group.get(group, 0),
                    "revenue": revenue,
                    "average_revenue": average,
                    "margin": average * (1 - self.variable_cost_rate / 100),
                    "clv": clv,
                    "clv_net": clv - unit_cost,
                }
            )
        self.write(
            {
                "line_ids": [fields.Command.clear()] + [fields.Command.create(vals) for vals in lines],
                "acquisition_total": acquisition_total,
                "new_patient_count": new_count,
                "acquisition_cost": unit_cost,
                "referral_share": 100.0 * referred / new_count if new_count else 0.0,
                "date_computed": fields.Datetime.now(),
            }
        )

    def _dental_group_revenue(self, first, last):
        """(group id or None, patients invoiced, revenue) of the branch's posted invoices less refunds of the year,
        untaxed, per patient group. Raw SQL (one grouped statement): the caller may write this calculation of
        this branch (checked above) and the statement reads only this branch's invoices."""
        self.env["account.move"].flush_model(["dental_patient_id", "amount_untaxed_signed", "state", "invoice_date"])
        self.env["dental.patient"].flush_model(["group_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.group_id, COUNT(DISTINCT p.id), COALESCE(SUM(m.amount_untaxed_signed), 0.0)
                  FROM account_move m
                  JOIN dental_patient p ON p.id = m.dental_patient_id
                 WHERE m.company_id = %(company)s AND m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.invoice_date >= %(first)s AND m.invoice_date <= %(last)s
                 GROUP BY p.group_id
                 ORDER BY p.group_id NULLS LAST
                """,
                company=self.company_id.id,
                first=first,
                last=last,
            )
        )
        return self.env.cr.fetchall()
