from datetime import timedelta

from odoo import _, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL, date_utils


class DentalReportMixin(models.AbstractModel):
    """What every report of the clinic shares: the source records behind a figure and the Excel columns.

    A report row carries the id of the record it adds up (``_dental_source_model``, through the field
    ``_dental_source_field``), so any figure of a list, pivot, graph or the dashboard opens those records.
    """

    _name = "dental.report.mixin"
    _description = "Dental Report"

    # model of the records a row adds up, and the field of the row holding the record's id
    _dental_source_model = None
    _dental_source_field = None
    # the columns of the list view and of the Excel export, in order
    _dental_xlsx_columns = ()
    # a report dated by the branch's local day of a UTC datetime (``date`` computed in the query, so no index
    # reaches it) names that datetime column: the date filters are then also given as a range on it
    _dental_utc_field = None

    # a report whose rows add up journal items by month (``date_trunc`` in the query, so no index reaches the
    # items' date) names its month field: the bounds of a search on it are also given to the query, as a range of
    # the items' days (context ``dental_report_days``, read by ``_dental_days_sql``)
    _dental_month_field = None

    @api.model
    def _search(self, domain, *args, **kwargs):
        if self._dental_utc_field:
            domain = self._dental_widen_date_domain(domain)
        # the context key is always the one of this search's domain (never one a caller passed)
        days = self._dental_month_days(domain) if self._dental_month_field else None
        records = self
        if days != self.env.context.get("dental_report_days"):
            records = self.with_context(dental_report_days=days)
        return super(DentalReportMixin, records)._search(domain, *args, **kwargs)

    @api.model
    def _dental_month_days(self, domain):
        """(first day, last day) as strings, either None, of the items the rows of ``domain`` may add up, from its
        bounds on the month field, each widened to whole months (the rows are the same: the domain still applies
        on top); None for a domain with OR/NOT or without such a bound."""
        domain = expression.normalize_domain(domain or [])
        if any(term in ("|", "!") for term in domain):
            return None
        first = last = None
        for term in domain:
            if not (isinstance(term, list | tuple) and len(term) == 3 and term[0] == self._dental_month_field):
                continue
            __, operator, value = term
            try:
                day = fields.Date.to_date(value) if value else None
            except (TypeError, ValueError):
                continue
            if not day or operator not in (">", ">=", "<", "<=", "="):
                continue
            if operator in (">", ">=", "="):
                start = date_utils.start_of(day, "month")
                first = max(first, start) if first else start
            if operator in ("<", "<=", "="):
                end = date_utils.end_of(day, "month")
                last = min(last, end) if last else end
        if not (first or last):
            return None
        return tuple(fields.Date.to_string(day) if day else None for day in (first, last))

    @api.model
    def _dental_days_sql(self, column):
        """SQL condition keeping the days of ``column`` (SQL of a date) within the search's ``dental_report_days``
        (TRUE without)."""
        days = self.env.context.get("dental_report_days") or (None, None)
        conditions = [SQL("TRUE")]
        if days[0]:
            conditions.append(SQL("%s >= %s", column, fields.Date.to_date(days[0])))
        if days[1]:
            conditions.append(SQL("%s <= %s", column, fields.Date.to_date(days[1])))
        return SQL(" AND ").join(conditions)

    @api.model
    def _dental_widen_date_domain(self, domain):
        """``domain`` and, for each bound on ``date`` of a domain without OR/NOT, the same bound on the UTC column
        widened by a day each way (every time zone is within a day of UTC): the rows are the same, and the range
        reaches the datetime's index."""
        domain = expression.normalize_domain(domain or [])
        if any(term in ("|", "!") for term in domain):
            return domain
        utc = self._dental_utc_field
        extra = []
        for term in domain:
            if not (isinstance(term, list | tuple) and len(term) == 3 and term[0] == "date" and term[2]):
                continue
            __, operator, value = term
            try:
                day = fields.Date.to_date(value)
            except (TypeError, ValueError):
                continue
            if not day or operator not in (">", ">=", "<", "<=", "="):
                continue
            if operator in (">", ">=", "="):
                extra.append((utc, ">=", fields.Datetime.to_string(day - timedelta(days=1))))
            if operator in ("<", "<=", "="):
                extra.append((utc, "<", fields.Datetime.to_string(day + timedelta(days=2))))
        return expression.AND([domain, extra]) if extra else domain

    @api.model
    def _dental_source_domain(self, domain):
        """Domain of the source records adding up to the rows of ``domain`` (read with the caller's rights)."""
        field = self._dental_source_field
        groups = self._read_group(domain, [], [f"{field}:array_agg"])
        ids = [record_id for record_id in (groups[0][0] or []) if record_id] if groups else []
        return [("id", "in", sorted(set(ids)))]

    @api.model
    def action_dental_open_source(self, domain=None):
        """The records adding up to the figure of ``domain``: what a click on a figure opens."""
        source = self.env[self._dental_source_model]
        return {
            "type": "ir.actions.act_window",
            "name": _("%(report)s: records", report=self._description),
            "res_model": source._name,
            "views": [(False, "list"), (False, "form")],
            "domain": self._dental_source_domain(domain or []),
            "context": {"create": False},
            "target": "current",
        }

    def action_dental_open_row(self):
        """The record behind one row of the report."""
        self.ensure_one()
        record = self[self._dental_source_field]
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
