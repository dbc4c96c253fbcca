from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.dental_patient.tools.localtime import utc_to_local

VISIT_FIELDS = ["start", "company_id"]


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
        """The rows of ``events`` in their order: one SQL query for their columns, patients, doctors, services
        and plan procedures (the portal's history is read on every visit of the page), then the products'
        names in the user's language."""
        if not events:
            return []
        self.env["calendar.event"].flush_model(
            ["start", "company_id", "dental_state", "patient_id", "doctor_id", "service_ids", "plan_line_ids"]
        )
        self.env["sale.order.line"].flush_model(["product_id"])
        rows = {
            row["id"]: row
            for row in self.env.execute_query_dict(
                SQL(
                    """
                SELECT ev.id, ev.start, ev.company_id, ev.dental_state, pr.name AS patient, doc.name AS doctor,
                       ARRAY(SELECT rel.product_id FROM calendar_event_dental_service_rel rel
                              WHERE rel.event_id = ev.id ORDER BY rel.product_id) AS services,
                       ARRAY(SELECT line.product_id FROM calendar_event_dental_plan_line_rel rel
                               JOIN sale_order_line line ON line.id = rel.line_id
                              WHERE rel.event_id = ev.id AND %s ORDER BY line.id) AS procedures
                  FROM calendar_event ev
                  JOIN dental_patient pa ON pa.id = ev.patient_id
                  JOIN res_partner pr ON pr.id = pa.partner_id
                  LEFT JOIN hr_employee doc ON doc.id = ev.doctor_id
                 WHERE ev.id = ANY(%s)
                    """,
                    SQL("TRUE") if history else SQL("FALSE"),
                    list(events.ids),
                )
            )
        }
        product_ids = {pid for row in rows.values() for pid in row["services"] + row["procedures"] if pid}
        products = {
            product.id: (product.name, product.type)
            for product in self.env["product.product"]
            .sudo()  # sudo: the names of the products of the user's own visits
            .with_context(active_test=False)
            .search_fetch([("id", "in", list(product_ids))], ["name", "type"])
        }
        companies = {c.id: (c.name, c._dental_tz(), c.dental_portal_hide_goods) for c in events.company_id}
        states = dict(events._fields["dental_state"]._description_selection(self.env))
        result = []
        for event_id in events.ids:
            row = rows[event_id]
            name, tz, hide_goods = companies.get(row["company_id"]) or ("", "UTC", False)
            items = []
            for pid in dict.fromkeys(row["services"] + row["procedures"]):
                if pid in products and not (hide_goods and products[pid][1] != "service"):
                    items.append(products[pid][0])
            result.append(
                {
                    "patient": row["patient"],
                    "start": utc_to_local(row["start"], tz).strftime("%d.%m.%Y %H:%M"),
                    "branch": name,
                    "doctor": row["doctor"] or "",
                    "state": states.get(row["dental_state"], ""),
                    "items": ", ".join(items),
                }
            )
        return result
