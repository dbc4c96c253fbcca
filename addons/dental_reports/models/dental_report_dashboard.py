from odoo import _, api, fields, models


class DentalReportDashboard(models.AbstractModel):
    """The figures of the clinic's home dashboard for a period, read in one call with the caller's rights.

    Each figure carries the report model and the domain it sums, so a click opens the records it adds up
    (``dental.report.mixin.action_dental_open_source``; a model that is not a clinic report opens its records of
    the domain).

    Extension point: an addon adds a widget by extending ``_dashboard_sections`` (append its section to the list
    of ``super()``); the OWL dashboard renders every contributed section the same way (see the readme).
    """

    _name = "dental.report.dashboard"
    _description = "Dental Dashboard"

    @api.model
    def get_data(self, date_from, date_to):
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        companies = [("company_id", "in", self.env.companies.ids)]
        period = [("date", ">=", fields.Date.to_string(date_from)), ("date", "<=", fields.Date.to_string(date_to))]
        currency = self.env.company.currency_id
        domain = companies + period
        # the services rendered by direction, read once: the income and debt figures are their sums
        Service = self.env["dental.report.service"]
        by_direction = Service._read_group(domain, ["categ_id"], ["amount:sum", "debt_amount:sum"])
        income = [(categ, amount) for categ, amount, __ in by_direction]
        debts = [(categ, debt) for categ, __, debt in by_direction if debt]
        return {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "currency": {"symbol": currency.symbol, "position": currency.position, "digits": currency.decimal_places},
            "money": self._dashboard_money(
                domain, sum(amount or 0.0 for __, amount in income), sum(debt for __, debt in debts)
            ),
            "appointments": self._dashboard_group("dental.report.appointment", domain, "state", "__count"),
            "doctors": self._dashboard_group("dental.report.appointment", domain, "doctor_id", "__count"),
            "income_by_direction": self._dashboard_rows(
                Service, domain, "categ_id", sorted(income, key=lambda group: -(group[1] or 0.0))
            ),
            "receipts_by_direction": self._dashboard_group("dental.report.receipt", domain, "categ_id", "amount:sum"),
            "debts_by_direction": self._dashboard_rows(
                Service, [*domain, ("debt_amount", "!=", 0)], "categ_id", sorted(debts, key=lambda group: -group[1])
            ),
            "lab_orders": self._dashboard_lab_orders(date_from, date_to),
            "daily_income": self._dashboard_group(
                "dental.report.service", companies + period, "date:day", "amount:sum", order="date:day"
            ),
            "sections": sorted(
                self._dashboard_sections(date_from, date_to), key=lambda section: section.get("sequence", 100)
            ),
        }

    @api.model
    def _dashboard_sections(self, date_from, date_to):
        """The widgets other addons contribute, for the period ``date_from`` to ``date_to`` (dates, both included).

        Each is a dict ``{"key": unique name, "title": translated title, "money": bool (figures in the company
        currency), "sequence": int (order among the contributed widgets), "rows": [figure, ...]}``, where a figure
        is ``{"label", "value", "model", "domain"}`` as ``_dashboard_figure``/``_dashboard_group`` return them. An
        addon overrides this method, calls ``super()`` and appends its section, read with the caller's rights; a
        user who may not read its records gets no section (``_dashboard_can_read``).
        """
        return []

    @api.model
    def _dashboard_can_read(self, model):
        """Whether the user reads ``model``: a contributed widget is left out for the others."""
        return model in self.env and self.env[model].has_access("read")

    @api.model
    def _dashboard_figure(self, label, model, domain, aggregate):
        [[value]] = self.env[model]._read_group(domain, [], [aggregate])
        return {"label": label, "value": value or 0.0, "model": model, "domain": domain}

    @api.model
    def _dashboard_money(self, domain, income, debt):
        """The money figures of ``domain``: ``income`` and ``debt`` already summed from the services rendered."""
        payments, services = "dental.report.payment", "dental.report.service"
        return [
            {"label": _("Income"), "value": income, "model": services, "domain": domain},
            self._dashboard_figure(_("Receipts"), payments, domain, "amount:sum"),
            self._dashboard_figure(_("Prepayments"), payments, [*domain, ("kind", "=", "deposit")], "amount:sum"),
            {"label": _("Debt"), "value": debt, "model": services, "domain": domain},
        ]

    @api.model
    def _dashboard_group(self, model, domain, groupby, aggregate, order=None):
        Report = self.env[model]
        groups = Report._read_group(domain, [groupby], [aggregate], order=order or f"{aggregate} desc")
        return self._dashboard_rows(Report, domain, groupby, groups)

    @api.model
    def _dashboard_rows(self, Report, domain, groupby, groups):
        """The figures of ``groups`` ([(key, value)] of ``Report`` grouped by ``groupby``), each with its domain."""
        model = Report._name
        field_name = groupby.split(":")[0]
        field = Report._fields[field_name]
        rows = []
        for key, value in groups:
            if field.type == "many2one":
                label, term = (key.display_name, key.id) if key else (_("None"), False)
            elif field.type == "selection":
                label, term = dict(field._description_selection(self.env)).get(key, key), key
            else:
                label, term = fields.Date.to_string(key), key
            if field.type == "date":
                key_domain = [(field_name, "=", fields.Date.to_string(key))]
            else:
                key_domain = [(field_name, "=", term)]
            rows.append({"label": label, "value": value or 0, "model": model, "domain": domain + key_domain})
        return rows

    @api.model
    def _dashboard_datetime_domain(self, field_name, date_from, date_to):
        """``field_name`` (a datetime) from the start of ``date_from`` to the end of ``date_to``."""
        start = fields.Datetime.to_datetime(date_from)
        stop = fields.Datetime.to_datetime(fields.Date.add(date_to, days=1))
        return [
            (field_name, ">=", fields.Datetime.to_string(start)),
            (field_name, "<", fields.Datetime.to_string(stop)),
        ]

    @api.model
    def _dashboard_lab_orders(self, date_from, date_to):
        """Lab orders created in the period, per stage (their own model is what a click opens)."""
        domain = [
            ("company_id", "in", self.env.companies.ids),
            *self._dashboard_datetime_domain("create_date", date_from, date_to),
        ]
        Order = self.env["dental.lab.order"]
        states = dict(Order._fields["state"]._description_selection(self.env))
        return [
            {"label": states[state], "value": count, "model": Order._name, "domain": [*domain, ("state", "=", state)]}
            for state, count in Order._read_group(domain, ["state"], ["__count"])
        ]
