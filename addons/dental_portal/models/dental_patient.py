from odoo import api, fields, models

from odoo.addons.dental_patient.tools.localtime import utc_to_local

VISIT_FIELDS = ["start", "company_id", "doctor_id", "dental_state", "service_ids", "plan_line_ids", "patient_id"]


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    @api.model
    def _dental_portal_patients(self):
        """The cards the current (portal) user sees in the portal: their own and, when they hold the portal
        account of a family, its members' (``dental.family.portal_holder_id``). Returned as the system: the
        portal's pages read exactly these cards' records, nothing else."""
        partner = self.env.user.partner_id
        # sudo: a portal user cannot read patient cards; the search is narrowed to their own partner
        own = self.sudo().search([("partner_id", "=", partner.id)])
        if not own:
            return own
        families = self.env["dental.family"].sudo().search([("portal_holder_id", "in", own.ids)])
        return own | families.member_ids

    def _dental_portal_visit_domain(self):
        return [("patient_id", "in", self.ids), ("dental_state", "!=", "cancelled")]

    @api.model
    def _dental_portal_past_count(self, patients):
        # sudo: the appointments of ``patients`` only, which the caller chose (``_dental_portal_patients``)
        return (
            self.env["calendar.event"]
            .sudo()
            .search_count([*patients._dental_portal_visit_domain(), ("start", "<", fields.Datetime.now())])
        )

    @api.model
    def _dental_portal_visits(self, patients, offset=0, limit=20):
        """The portal's visits of ``patients``: every upcoming one and a page of the past ones (newest first),
        as rows: local time, branch, doctor, status and what was done (the services and, for past visits, the
        plan's procedures; goods hidden when the branch says so)."""
        # sudo: the appointments of ``patients`` only, which the caller chose (``_dental_portal_patients``)
        Event = self.env["calendar.event"].sudo()
        now = fields.Datetime.now()
        domain = patients._dental_portal_visit_domain()
        upcoming = Event.search_fetch(
            [*domain, ("start", ">=", now), ("dental_state", "in", ["scheduled", "confirmed"])],
            VISIT_FIELDS,
            order="start",
        )
        past = Event.search_fetch(
            [*domain, ("start", "<", now)], VISIT_FIELDS, order="start desc", limit=limit, offset=offset
        )
        return {
            "upcoming": self._dental_portal_visit_rows(upcoming),
            "past": self._dental_portal_visit_rows(past, True),
        }

    @api.model
    def _dental_portal_visit_rows(self, events, history=False):
        states = dict(events._fields["dental_state"]._description_selection(self.env))
        # each related record read once for all the rows
        lines = events.plan_line_ids if history else self.env["sale.order.line"]
        lines.fetch(["product_id"])
        (events.service_ids | lines.product_id).fetch(["name", "type"])
        events.patient_id.fetch(["name"])
        events.doctor_id.fetch(["name"])
        companies = {c: (c.name, c._dental_tz(), c.dental_portal_hide_goods) for c in events.company_id}
        rows = []
        for event in events:
            name, tz, hide_goods = companies[event.company_id]
            products = event.service_ids | event.plan_line_ids.product_id if history else event.service_ids
            if hide_goods:
                products = products.filtered(lambda p: p.type == "service")
            rows.append(
                {
                    "patient": event.patient_id.name,
                    "start": utc_to_local(event.start, tz).strftime("%d.%m.%Y %H:%M"),
                    "branch": name,
                    "doctor": event.doctor_id.name or "",
                    "state": states.get(event.dental_state, ""),
                    "items": ", ".join(products.mapped("name")),
                }
            )
        return rows
