from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Once a norm has been applied its content is history: the write-offs made with it keep pointing at it.
FROZEN_FIELDS = ("service_id", "company_id", "date_from", "line_ids")


class DentalConsumptionNorm(models.Model):
    """The materials one unit of a service consumes (the seed's "nomenclature standards"), from a date on.

    Versions: a service has one norm per start date (and branch); a procedure completed on a day takes the norm of
    the latest start date up to that day, the branch's own before one for every branch. A norm once applied is
    frozen: a change is a new version from a later date, so old procedures keep their norms.
    """

    _name = "dental.consumption.norm"
    _description = "Consumption Norm"
    _order = "service_id, date_from desc, id desc"
    _rec_names_search = ["service_id"]

    service_id = fields.Many2one(
        "product.product",
        string="Service",
        required=True,
        index=True,
        domain="[('is_dental_service', '=', True)]",
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", string="Branch", index=True, help="Empty: the norm of every branch without one of its own."
    )
    date_from = fields.Date(string="Valid From", required=True, default=fields.Date.context_today)
    line_ids = fields.One2many("dental.consumption.norm.line", "norm_id", string="Materials", copy=True)
    active = fields.Boolean(default=True)
    note = fields.Text()
    used = fields.Boolean(compute="_compute_used", help="Applied by a completed procedure: frozen.")

    _sql_constraints = [
        (
            "service_company_date_uniq",
            "unique NULLS NOT DISTINCT (service_id, company_id, date_from)",
            "A service has one norm per branch and start date.",
        )
    ]

    @api.depends("service_id", "date_from")
    def _compute_display_name(self):
        for norm in self:
            norm.display_name = _(
                "%(service)s from %(date)s", service=norm.service_id.display_name, date=norm.date_from or ""
            )

    def _compute_used(self):
        # sudo: whether a write-off used the norm, whatever the user may read of the write-offs (a flag only)
        groups = (
            self.env["dental.stock.consumption"]
            .sudo()
            ._read_group([("norm_id", "in", self.ids)], ["norm_id"], ["__count"])
        )
        used = {norm.id for norm, __ in groups}
        for norm in self:
            norm.used = norm.id in used

    def write(self, vals):
        if set(vals) & set(FROZEN_FIELDS):
            self._dental_check_not_used()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self._dental_check_not_used()

    def _dental_check_not_used(self):
        for norm in self:
            if norm.used:
                raise UserError(
                    _(
                        "The norm %(norm)s was applied to completed procedures: create a new version from a later "
                        "date instead of changing it.",
                        norm=norm.display_name,
                    )
                )

    def action_new_version(self):
        """A copy of the norm valid from today (or the day after the latest version), opened for editing."""
        self.ensure_one()
        # the copy is made as the superuser (below): only for those who may create norms, not for every reader
        self.check_access("create")
        latest = self.search(
            [("service_id", "=", self.service_id.id), ("company_id", "=", self.company_id.id)],
            order="date_from desc",
            limit=1,
        )
        today = fields.Date.context_today(self)
        date_from = max(today, fields.Date.add(latest.date_from, days=1)) if latest else today
        # sudo: the copy carries the lines' amounts (cost roles only) the norm keeper may not read; nothing is shown
        new = self.sudo().copy({"date_from": date_from}).with_env(self.env)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    @api.model
    def _dental_norms_for(self, services, company, date):
        """``{service id: norm}``: the norm in force on ``date`` in ``company`` for each of ``services``.

        The branch's own norm wins over the common one; among them the latest start date up to ``date``.
        One query for any number of services.
        """
        norms = self.search(
            [
                ("service_id", "in", services.ids),
                ("company_id", "in", [company.id, False]),
                ("date_from", "<=", date),
            ],
            order="date_from desc, id desc",
        )
        result = {}
        for norm in norms.sorted(lambda n: not n.company_id, reverse=False):
            result.setdefault(norm.service_id.id, norm)
        return result
