from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

RECALL_FRESH_DAYS = 30
DIRECTORS = "dental_patient.group_director,base.group_system"


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    dental_marketing_message_ids = fields.One2many(
        "dental.marketing.message", "patient_id", string="Marketing Messages"
    )
    dental_recall_due = fields.Boolean(
        string="Due for a Check-up",
        compute="_compute_dental_recall_due",
        search="_search_dental_recall_due",
        help="Last visit over the branch's check-up period ago (the sanitised patients' period for patients "
        "with the sanitised status) and no visit booked since.",
    )
    dental_birthday_today = fields.Boolean(
        string="Birthday Today", compute="_compute_dental_birthday_today", search="_search_dental_birthday_today"
    )
    dental_efficiency = fields.Float(
        string="Efficiency Index",
        compute="_compute_dental_efficiency",
        groups=DIRECTORS,
        help="Percentage of the marketing messages the patient answered with a visit or an invoice.",
    )

    # ------------------------------------------------------------------ recall
    @api.depends("last_visit_date", "manual_status_ids")
    @api.depends_context("date")
    def _compute_dental_recall_due(self):
        due = self.filtered_domain(self._dental_recall_domain()) if self.ids else self.browse()
        for patient in self:
            patient.dental_recall_due = patient in due

    def _search_dental_recall_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the check-up due flag."))
        domain = self._dental_recall_domain()
        return domain if (value == (operator == "=")) else ["!", *domain]

    @api.model
    def _dental_recall_domain(self):
        """Patients due for a check-up, per branch: last visit N months ago or more (M for the sanitised
        status), no appointment booked after it."""
        today = fields.Date.context_today(self)
        branches = []
        # sudo: the settings of every branch
        for company in self.env["res.company"].sudo().search([("dental_recall_months", ">", 0)]):
            status = company.dental_recall_sanitized_status_id
            treated = [("last_visit_date", "<=", today - relativedelta(months=company.dental_recall_months))]
            if status:
                sanitized_limit = today - relativedelta(months=company.dental_recall_sanitized_months)
                treated = expression.OR(
                    [
                        expression.AND([treated, [("manual_status_ids", "not in", status.ids)]]),
                        [("manual_status_ids", "in", status.ids), ("last_visit_date", "<=", sanitized_limit)],
                    ]
                )
            branches.append(expression.AND([[("company_id", "=", company.id)], treated]))
        if not branches:
            return expression.FALSE_DOMAIN
        upcoming = [("dental_state", "in", ("scheduled", "confirmed")), ("start", ">=", fields.Datetime.now())]
        return expression.AND(
            [[("last_visit_date", "!=", False)], expression.OR(branches), [("appointment_ids", "not any", upcoming)]]
        )

    # ------------------------------------------------------------------ birthdays
    @api.depends("birth_date", "birth_date_precision")
    @api.depends_context("date")
    def _compute_dental_birthday_today(self):
        today = fields.Date.context_today(self)
        for patient in self:
            patient.dental_birthday_today = bool(
                patient.birth_date
                and patient.birth_date_precision != "year"
                and (patient.birth_date.month, patient.birth_date.day) == (today.month, today.day)
            )

    def _search_dental_birthday_today(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the birthday flag."))
        today = fields.Date.context_today(self)
        # The ORM has no day-of-year leaf: a parametrised subquery on this table, filtered again by the
        # caller's search with the caller's rules. 29 February greets on 28 February in other years.
        days = [today.day]
        if today.month == 2 and today.day == 28 and not _leap(today.year):
            days.append(29)
        query = SQL(
            "(SELECT id FROM dental_patient WHERE birth_date_precision != 'year'"
            " AND EXTRACT(MONTH FROM birth_date) = %s AND EXTRACT(DAY FROM birth_date) IN %s)",
            today.month,
            tuple(days),
        )
        positive = value == (operator == "=")
        return [("id", "in" if positive else "not in", query)]

    # ------------------------------------------------------------------ efficiency
    def _compute_dental_efficiency(self):
        Message = self.env["dental.marketing.message"].sudo()  # figures only, for the readers of this field
        groups = Message._read_group([("patient_id", "in", self.ids)], ["patient_id", "responded"], ["__count"])
        figures = {}
        for patient, responded, count in groups:
            sent, answered = figures.get(patient.id, (0, 0))
            figures[patient.id] = (sent + count, answered + (count if responded else 0))
        for patient in self:
            sent, answered = figures.get(patient.id, (0, 0))
            patient.dental_efficiency = 100.0 * answered / sent if sent else 0.0

    # ------------------------------------------------------------------ crons
    @api.model
    def _dental_marketing_allowed(self):
        return [("sms_consent", "=", True), "|", ("mobile", "!=", False), ("phone", "!=", False)]

    @api.model
    def _dental_cron_birthdays(self):
        """Greet today's birthdays of the branches that send greetings: once a year per patient."""
        template = self.env.ref("dental_marketing.sms_template_birthday", raise_if_not_found=False)
        companies = self.env["res.company"].search([("dental_birthday_auto", "=", True)])
        if not template or not companies:
            return
        year = fields.Date.context_today(self).year
        patients = self.search(
            [
                ("company_id", "in", companies.ids),
                ("dental_birthday_today", "=", True),
                *self._dental_marketing_allowed(),
            ]
        )
        self.env["dental.marketing.message"]._dental_send(patients, "birthday", f"birthday:{year}", template=template)

    @api.model
    def _dental_cron_recall(self):
        """Invite the patients newly due for a check-up: once per last visit."""
        template = self.env.ref("dental_marketing.sms_template_recall", raise_if_not_found=False)
        companies = self.env["res.company"].search([("dental_recall_auto", "=", True)])
        if not template or not companies:
            return
        patients = self.search(
            [("company_id", "in", companies.ids), ("dental_recall_due", "=", True), *self._dental_marketing_allowed()]
        )
        today = fields.Date.context_today(self)

        def newly_due(patient):
            # a patient due for years is not invited when the branch turns invitations on: 30 days at most
            company = patient.company_id
            months = max(company.dental_recall_months, company.dental_recall_sanitized_months)
            return patient.last_visit_date >= today - relativedelta(months=months, days=RECALL_FRESH_DAYS)

        patients = patients.filtered(newly_due)
        Message = self.env["dental.marketing.message"]
        for last_visit, group in patients.grouped("last_visit_date").items():
            Message._dental_send(group, "recall", f"recall:{last_visit}", template=template)


def _leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
