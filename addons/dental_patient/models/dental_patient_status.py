from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.osv import expression


class DentalPatientStatus(models.Model):
    """A status shown on patient cards, given by hand or by a condition.

    Conditions are evaluated by ``_get_condition_domain``: later addons add
    conditions with ``selection_add`` and extend that method (e.g. dental_cash:
    patients with a debt).
    """

    _name = "dental.patient.status"
    _inherit = ["dental.book.mixin"]
    _description = "Patient Status"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Branch", index=True, help="Empty: every branch.")
    condition = fields.Selection(
        [
            ("manual", "Given by hand"),
            ("no_visit_months", "Last visit over N months ago"),
            ("visited_months", "Visited within N months"),
            ("age_range", "Age between"),
            ("group", "In a patient group"),
            ("birthday_month", "Birthday this month"),
        ],
        required=True,
        default="manual",
    )
    months = fields.Integer(default=6)
    age_min = fields.Integer(string="From Age")
    age_max = fields.Integer(string="To Age", default=120)
    group_id = fields.Many2one("dental.patient.group", string="Patient Group")

    def _get_condition_domain(self):
        """Domain on dental.patient of the patients this status applies to."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.condition == "no_visit_months":
            # a patient never seen is new, not long absent: no visit, no badge
            limit = today - relativedelta(months=self.months)
            return [("last_visit_date", "!=", False), ("last_visit_date", "<=", limit)]
        if self.condition == "visited_months":
            return [("last_visit_date", ">", today - relativedelta(months=self.months))]
        if self.condition == "age_range":
            return [
                ("birth_date_precision", "!=", "day_month"),
                ("birth_date", "<=", today - relativedelta(years=self.age_min)),
                ("birth_date", ">", today - relativedelta(years=self.age_max + 1)),
            ]
        if self.condition == "group":
            return [("group_id", "=", self.group_id.id)]
        if self.condition == "birthday_month":
            return [("birth_date", "!=", False), ("birth_date_precision", "!=", "year")]
        return [("manual_status_ids", "in", self.ids)]

    def _matching_patients(self, patients):
        """The patients of ``patients`` this status applies to (evaluated in memory, no query per patient)."""
        self.ensure_one()
        domain = self._get_condition_domain()
        if self.company_id:
            branches = self.env["res.company"].search([("id", "child_of", self.company_id.id)])
            domain = expression.AND([domain, [("company_id", "in", branches.ids)]])
        matching = patients.filtered_domain(domain)
        if self.condition == "birthday_month":
            month = fields.Date.context_today(self).month
            matching = matching.filtered(lambda p: p.birth_date.month == month)
        return matching

    def _dental_history_sources(self):
        return [*super()._dental_history_sources(), ("dental.patient", "manual_status_ids", _("patients"))]
