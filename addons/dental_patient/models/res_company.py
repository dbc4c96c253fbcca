from odoo import _, fields, models
from odoo.tools import format_date

from ..tools.localtime import day_bounds, local_date


class ResCompany(models.Model):
    """Clinic settings, per branch (a branch is a company)."""

    _inherit = "res.company"

    dental_primary_period_months = fields.Integer(
        string="Primary Again After (Months)",
        default=12,
        help="A patient whose last completed visit is older than this is primary again.",
    )
    dental_channel_required = fields.Boolean(
        string="Marketing Channel Required",
        help="A new patient cannot be saved without a marketing channel.",
    )
    dental_phone_country_id = fields.Many2one(
        "res.country",
        string="Phone Region",
        help="Country whose numbering plan applies to phones typed without a country code. "
        "Defaults to the branch's country.",
    )
    dental_allow_no_doctor = fields.Boolean(
        string="Visits Without Doctor",
        help="Appointments may be booked without choosing a doctor.",
    )
    dental_doctor_parallel = fields.Boolean(
        string="Several Patients per Doctor",
        help="A doctor may have overlapping appointments (e.g. in two chairs).",
    )
    dental_past_edit_until = fields.Date(
        string="Past Periods Locked Until",
        help="Nothing dated on or before this day can be created or changed by staff (money, visits).",
    )
    dental_show_archived = fields.Boolean(
        string="Show Archived Objects",
        help="Lists of patients, services and staff show archived records too.",
    )

    dental_kpp = fields.Char(related="partner_id.dental_kpp", readonly=False)
    dental_license_number = fields.Char(string="Medical Licence No.")
    dental_license_date = fields.Date(string="Licence Date")
    dental_license_issuer = fields.Char(string="Licence Issued By")

    # ------------------------------------------------------------------ local time of the branch
    def _dental_tz(self):
        """Time zone of the branch: its working-time calendar's, else the user's (UTC without either)."""
        self.ensure_one()
        return self.resource_calendar_id.tz or self.env.user.tz or "UTC"

    def _dental_local_date(self, value):
        """Local date in the branch of a naive UTC datetime."""
        self.ensure_one()
        return local_date(value, self._dental_tz())

    def _dental_day_bounds(self, day):
        """Naive UTC datetimes of the first and the last instant of a local day of the branch."""
        self.ensure_one()
        return day_bounds(day, self._dental_tz())

    def _dental_today(self):
        """Today in the branch."""
        self.ensure_one()
        return self._dental_local_date(fields.Datetime.now())

    # ------------------------------------------------------------------ closed days (dental.lock.mixin)
    def _dental_past_locked_until(self):
        """{company id: last locked day} of the past-period lock: "Past Periods Locked Until" of the branch or of
        a head company above it (False: nothing locked)."""
        result = {}
        for company in self:
            # sudo: a head company's setting binds the branch, whether or not the user works in the head company
            heads = company.sudo().parent_ids
            heads.fetch(["dental_past_edit_until"])  # the setting alone: a head company's whole row is a slow read
            days = [day for day in heads.mapped("dental_past_edit_until") if day]
            result[company.id] = max(days) if days else False
        return result

    def _dental_locked_until(self):
        """{company id: last locked day} of the closed days whose records are frozen (``dental.lock.mixin``).

        The past-period lock here; dental_cash adds the last closed cash day.
        """
        return self._dental_past_locked_until()

    def _dental_lock_message(self, what, day, until):
        """The refusal of changing ``what`` (a document's name) dated ``day``: the branch is closed until ``until``."""
        self.ensure_one()
        return _(
            "%(what)s of %(branch)s dated %(date)s cannot be changed: the period until %(until)s is closed.",
            what=what,
            branch=self.name,
            date=format_date(self.env, day),
            until=format_date(self.env, until),
        )

    # ------------------------------------------------------------------ other
    def _dental_phone_country(self):
        """Country whose numbering plan reads phones typed without a country code (Russia by default)."""
        self.ensure_one()
        return self.dental_phone_country_id or self.country_id or self.env.ref("base.ru")

    def _dental_license_text(self):
        """The medical licence as printed on contracts."""
        self.ensure_one()
        if not self.dental_license_number:
            return ""
        parts = [self.dental_license_number]
        if self.dental_license_date:
            parts.append(_("of %s", format_date(self.env, self.dental_license_date)))
        if self.dental_license_issuer:
            parts.append(_("issued by %s", self.dental_license_issuer))
        return " ".join(parts)

    def _dental_demo_use_rubles(self):
        """Demo data: the Russian demo clinic counts in roubles from its first entry.

        Accounting is installed before the dental addons, and its demo applies the generic chart, whose fiscal
        country (US) sets US dollars, and books sample entries. In a demo database that chart is loaded again
        without them (what Odoo does when a demo company changes its chart), then the company and its default
        pricelists go to roubles before any dental record is priced. A company with entries of its own keeps
        its currency. A real clinic sets its currency before its first entry (the country addon brings a
        Russian chart).
        """
        rub = self.env.ref("base.RUB")
        rub.active = True
        # only while the demo clinic has no record yet (first install): an update never removes entries
        first_install = not self.env["dental.patient"].with_context(active_test=False).search_count([], limit=1)
        for company in self.filtered(lambda c: c.currency_id != rub):
            if (
                first_install
                and "account.chart.template" in self.env
                and company.chart_template
                and not company.parent_id
                and self.env.ref("base.module_account").demo
            ):
                template = company.chart_template
                company.chart_template = False  # loaded as a new chart: Accounting's demo entries are removed
                self.env["account.chart.template"]._load(template, company, install_demo=False)
            moves = "account.move.line" in self.env and self.env["account.move.line"].sudo().search_count(
                [("company_id", "child_of", company.id)], limit=1
            )
            if moves:
                continue
            old = company.currency_id
            company.currency_id = rub
            if "product.pricelist" in self.env:
                pricelists = self.env["product.pricelist"].search(
                    [("company_id", "=", company.id), ("currency_id", "=", old.id)]
                )
                pricelists.currency_id = rub
