from odoo import api, fields, models


class DentalSeFinancingEvent(models.Model):
    """A provider callback as received: applied once per event id (a repeated callback finds it and does nothing)."""

    _name = "dental.se.financing.event"
    _description = "Invoice Financing Callback"
    _order = "id desc"
    _rec_name = "event_id"

    provider_id = fields.Many2one("dental.se.financing.provider", string="Provider", required=True, index=True)
    request_id = fields.Many2one("dental.se.financing.request", string="Registration", index=True, ondelete="cascade")
    company_id = fields.Many2one(related="provider_id.company_id", store=True, string="Branch")
    event_id = fields.Char(string="Event ID", required=True)
    event_type = fields.Char(required=True)
    payload = fields.Json()
    result = fields.Selection(
        [("applied", "Applied"), ("ignored", "Ignored"), ("unknown", "Unknown Invoice")], required=True
    )

    _sql_constraints = [
        ("event_unique", "UNIQUE(provider_id, event_id)", "A provider's callback is recorded once per event id.")
    ]

    # ------------------------------------------------------------------ business methods
    @api.model
    def _dental_receive(self, provider, payload):
        """Record and apply a signed callback of ``provider``, once per event id. Returns ``duplicate``,
        ``unknown`` (no registration of that invoice), ``applied`` or ``ignored``."""
        event_id = str(payload["event_id"])[:128]
        if self.search_count([("provider_id", "=", provider.id), ("event_id", "=", event_id)], limit=1):
            return "duplicate"
        domain = [("provider_id", "=", provider.id)]
        if payload.get("invoice_id"):
            reference = str(payload["invoice_id"])
            domain += [
                "|",
                ("reference", "=", reference),
                ("external_id", "=", payload.get("external_id") or reference),
            ]
        else:
            domain += [("external_id", "=", payload.get("external_id"))]
        request = self.env["dental.se.financing.request"].search(domain, limit=1)
        # recorded first: a concurrent copy of the callback waits on the unique index, then fails and changes nothing
        event = self.create(
            {
                "provider_id": provider.id,
                "request_id": request.id,
                "event_id": event_id,
                "event_type": str(payload["type"])[:64],
                "payload": payload,
                "result": "unknown",
            }
        )
        event.flush_recordset()
        if request:
            event.result = request._dental_apply_event(str(payload["type"]), payload)
        return event.result
