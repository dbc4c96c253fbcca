from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models


class DentalMarketingMessage(models.Model):
    """One marketing message to one patient (a campaign's, a birthday greeting, a check-up invitation).

    The log is written before the message is sent, under a unique (patient, key): a campaign sent twice,
    a cron run again, two crons at once send nothing more. ``_dental_attribute`` gives each completed visit
    and each posted invoice of the patient to the latest message sent within the branch's attribution window
    before it (last touch).
    """

    _name = "dental.marketing.message"
    _description = "Marketing Message"
    _order = "sent_on desc, id desc"
    _rec_name = "patient_id"

    patient_id = fields.Many2one("dental.patient", string="Patient", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True)
    kind = fields.Selection(
        [("campaign", "Campaign"), ("birthday", "Birthday Greeting"), ("recall", "Check-up Invitation")],
        required=True,
    )
    campaign_id = fields.Many2one("dental.marketing.campaign", string="Campaign", index="btree_not_null")
    key = fields.Char(required=True, help="What makes the message unique for the patient (campaign, year...).")
    sent_on = fields.Datetime(string="Sent On", required=True, default=fields.Datetime.now, index=True)
    mail_message_id = fields.Many2one("mail.message", string="Chatter Message", ondelete="set null")
    queued = fields.Boolean(help="Something was queued for the patient (SMS or messenger).")
    responded = fields.Boolean(readonly=True, help="A visit or an invoice followed within the attribution window.")
    response_date = fields.Date(readonly=True)
    revenue = fields.Monetary(
        readonly=True, currency_field="currency_id", groups="dental_patient.group_director,base.group_system"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [("patient_key_unique", "UNIQUE(patient_id, key)", "This message was already sent.")]

    @api.model
    def _dental_send(self, patients, kind, key, body=False, template=False, campaign=False):
        """Send ``body`` or ``template`` to the ``patients`` not yet sent ``key``; returns the new log."""
        # sudo: the log is the server's (a coordinator sending a campaign reads it, never writes it); the
        # patients come from the caller's search and are messaged with the caller's rights
        Log = self.sudo()
        done = Log.search([("patient_id", "in", patients.ids), ("key", "=", key)]).patient_id
        todo = patients - done.with_env(self.env)
        logs = Log.create(
            [
                {
                    "patient_id": patient.id,
                    "company_id": patient.company_id.id,
                    "kind": kind,
                    "key": key,
                    "campaign_id": campaign and campaign.id,
                }
                for patient in todo
            ]
        )
        for log in logs:
            sent = (
                log.patient_id.with_env(self.env)
                .with_context(dental_sms_marketing=True)
                ._dental_send_message(body=body, template=template)
            )
            log.write({"mail_message_id": sent[:1].id, "queued": bool(sent)})
        return logs.with_env(self.env)

    def _dental_attribute(self):
        """Set responded, response date and revenue of these messages from the patients' visits and invoices."""
        if not self:
            return
        patients = self.patient_id
        start = min(self.mapped("sent_on"))
        # every message of these patients since then: a later message takes the response (last touch)
        messages = self.search([("patient_id", "in", patients.ids), ("sent_on", ">=", start)], order="sent_on")
        by_patient = defaultdict(list)
        for message in messages:
            by_patient[message.patient_id.id].append(message)
        events = self.env["calendar.event"].search_read(
            [("patient_id", "in", patients.ids), ("dental_state", "=", "completed"), ("start", ">=", start)],
            ["patient_id", "start"],
        )
        invoices = self.env["account.move"].search_read(
            [
                ("dental_patient_id", "in", patients.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_date", ">=", start.date()),
            ],
            ["dental_patient_id", "invoice_date", "amount_total_signed"],
        )
        results = defaultdict(lambda: {"responded": False, "response_date": False, "revenue": 0.0})

        def touch(patient_id, when, amount):
            best = None
            for message in by_patient.get(patient_id, ()):
                window = timedelta(days=message.company_id.dental_attribution_days)
                if message.sent_on <= when <= message.sent_on + window:
                    best = message
            if best:
                result = results[best.id]
                result["responded"] = True
                day = when.date()
                result["response_date"] = min(result["response_date"] or day, day)
                result["revenue"] += amount

        for event in events:
            touch(event["patient_id"][0], event["start"], 0.0)
        for invoice in invoices:
            # an invoice's day counts from its end: the visit of the morning is billed after the message of 9:00
            when = datetime.combine(invoice["invoice_date"], time.max)
            touch(invoice["dental_patient_id"][0], when, invoice["amount_total_signed"])
        for message in messages:
            values = results[message.id]
            if (message.responded, message.response_date, message.sudo().revenue) != tuple(values.values()):
                message.sudo().write(values)

    @api.model
    def _dental_cron_attribute(self):
        """Recompute the messages still within their window (the widest branch's) and the day after."""
        days = max(
            self.env["res.company"].search([("dental_attribution_days", ">", 0)]).mapped("dental_attribution_days")
            or [0]
        )
        since = fields.Datetime.now() - timedelta(days=days + 1)
        self.search([("sent_on", ">=", since)])._dental_attribute()
