import json
from datetime import timedelta

from odoo import _, api, fields, models

MESSENGERS = ("telegram", "whatsapp")
WHATSAPP_WINDOW_HOURS = 24  # the Cloud API takes free text within 24 hours of the patient's last message


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    # not required (empty reads as SMS): a NOT NULL column would break the inserts of the addons loaded
    # before this one (their at-install tests create patients without knowing the field)
    dental_message_channel = fields.Selection(
        [("sms", "SMS"), ("telegram", "Telegram"), ("whatsapp", "WhatsApp")],
        "Preferred Channel",
        default="sms",
        tracking=True,
        help="How reminders and notices reach the patient. A messenger is used only with the patient's consent "
        "and an account of that messenger in the branch; otherwise the message goes by SMS.",
    )
    dental_messenger_opt_in = fields.Boolean(
        "Messenger Consent",
        tracking=True,
        help="The patient agreed to receive messages in the messenger. A reply with an opt-out word removes it.",
    )
    dental_telegram_chat_id = fields.Char(
        "Telegram Chat ID", copy=False, index="btree_not_null", help="The patient's chat with the clinic's bot."
    )
    dental_whatsapp_number = fields.Char(
        "WhatsApp Number", copy=False, help="Leave empty when it is the mobile number."
    )
    dental_whatsapp_digits = fields.Char(
        "WhatsApp Digits",
        compute="_compute_dental_whatsapp_digits",
        store=True,
        index="btree_not_null",
        help="Digits of the WhatsApp number: incoming messages are matched on them.",
    )
    # the last message the patient sent us, per channel: WhatsApp takes free text only within 24 hours of it
    dental_sms_last_inbound = fields.Datetime("Last SMS from the Patient", readonly=True, copy=False)
    dental_telegram_last_inbound = fields.Datetime("Last Telegram Message from the Patient", readonly=True, copy=False)
    dental_whatsapp_last_inbound = fields.Datetime("Last WhatsApp Message from the Patient", readonly=True, copy=False)

    @api.depends("dental_whatsapp_number")
    def _compute_dental_whatsapp_digits(self):
        for patient in self:
            patient.dental_whatsapp_digits = (
                "".join(c for c in patient.dental_whatsapp_number or "" if c.isdigit()) or False
            )

    def _dental_messenger_address(self):
        """(channel, address) the patient is reached at in the preferred messenger, or (False, False)."""
        self.ensure_one()
        if not self.dental_messenger_opt_in or self.dental_message_channel not in MESSENGERS:
            return False, False
        if self.partner_id.phone_sanitized_blacklisted:
            return False, False
        if self.dental_message_channel == "telegram":
            address = self.dental_telegram_chat_id
        else:
            address = self.dental_whatsapp_number or self.mobile or self.phone
        return (self.dental_message_channel, address) if address else (False, False)

    def _dental_send_message(self, body=False, template=False, record=False, ask_reply=False):
        """Send a message to each patient: the one hook every sender uses (reminders, triggers, other addons).

        - Text: ``body``, or ``template`` (an ``sms.template``) rendered on ``record`` (default: the patient)
          in the language the template gives (the patient's).
        - Channel: the patient's preferred messenger (Telegram, WhatsApp) when the patient opted in, has an
          address there, the phone is not blacklisted and the branch (or a parent) has an active account of
          that messenger (``_dental_messenger_address``); otherwise SMS, posted on ``record`` (Odoo's
          ``_message_sms``: our SMS gateway of the record's branch, else IAP) when the patient has a phone.
        - Opt-outs: a blacklisted phone gets no messenger message, and its SMS is cancelled by Odoo's
          blacklist; an opt-out reply removes the messenger consent (``_dental_opt_out``).
        - Quiet hours: a template marked "Hold in Quiet Hours" (or ``dental_sms_marketing`` in the context)
          makes the message a marketing one that waits for the branch's morning (models/sms_sms_quiet_hours.py).
        - WhatsApp outside the 24-hour window: a template with a WhatsApp template name is sent as that
          approved template (``sms.template._dental_whatsapp_payload``) when the patient has not written
          within 24 hours at the time of sending.
        - ``ask_reply``: the text ends with the account's reply prompt when the sending account reads replies.

        Every message is queued (an ``sms.sms`` sent by the queue cron), never sent in the caller's request.
        Returns the ``mail.message`` posted (SMS on ``record``; a messenger message as a note on the
        patient, linked to its ``sms.sms``); empty for a patient nothing could be sent to."""
        accounts = self.env["dental.sms.account"]
        messages = self.env["mail.message"]
        marketing = bool(self.env.context.get("dental_sms_marketing") or (template and template.dental_marketing))
        for patient in self.with_context(dental_sms_marketing=marketing):
            target = (record or patient).with_context(dental_sms_marketing=marketing)
            text = body or template._render_field("body", target.ids, compute_lang=True)[target.id]
            channel, address = patient._dental_messenger_address()
            account = channel and accounts._dental_account_for_company(patient.company_id, channel)
            if not account:
                channel = False
                company = ("company_id" in target._fields and target.company_id) or patient.company_id
                account = accounts._dental_account_for_company(company)
            if ask_reply and account and account._dental_reads_replies():
                text = f"{text} {account._dental_reply_prompt()}".strip()
            if channel:
                messages |= patient._dental_send_messenger(account, address, text, template, target)
            elif patient.mobile or patient.phone:
                messages |= target._message_sms(text, partner_ids=patient.partner_id.ids, put_in_queue=True)
        return messages

    def _dental_send_messenger(self, account, address, text, template=False, record=False):
        """Queue ``text`` for the patient's messenger through ``account``; a note in the chatter tells it."""
        self.ensure_one()
        labels = dict(self._fields["dental_message_channel"]._description_selection(self.env))
        message = self.message_post(
            body=_("%(channel)s message: %(body)s", channel=labels[account.channel], body=text),
            subtype_xmlid="mail.mt_note",
        )
        vals = {
            "number": address,
            "body": text,
            "partner_id": self.partner_id.id,
            "mail_message_id": message.id,
            "dental_account_id": account.id,
            "state": "outgoing",
        }
        if account.channel == "whatsapp":
            vals.update(self._dental_whatsapp_window_vals(template, record or self))
        # sudo: the sender may not create sms.sms directly (as Odoo's _message_sms does for SMS)
        self.env["sms.sms"].sudo().create(vals)._send()
        return message

    def _dental_whatsapp_window_vals(self, template, record):
        """The end of the free-text window known now, and the approved template to send outside it."""
        last = self.dental_whatsapp_last_inbound
        payload = template and template._dental_whatsapp_payload(record)
        return {
            "dental_window_until": last and last + timedelta(hours=WHATSAPP_WINDOW_HOURS),
            "dental_template_payload": payload and json.dumps(payload, ensure_ascii=False),
        }

    # ------------------------------------------------------------
    # Replies (webhook controllers, as superuser)
    # ------------------------------------------------------------

    def _dental_receive_reply(self, account, message):
        """A message of these patients (one sender may be several patients: a family's phone) came in
        through ``account``: posted in their chatter, then the reply word acted upon."""
        self.write({f"dental_{account.channel}_last_inbound": fields.Datetime.now()})
        if message.phone and not message.text:
            return  # a shared contact: linking the chat is all it does
        for patient in self:
            patient.message_post(
                body=message.text or _("(an empty message)"),
                author_id=patient.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        kind = account._dental_reply_kind(message.text)
        if kind == "optout":
            self._dental_opt_out(account, message)
        elif kind == "confirm":
            self._dental_reply_confirm()
        elif kind == "cancel":
            self._dental_reply_cancel()

    def _dental_opt_out(self, account, message):
        numbers = {message.sender} if account.channel != "telegram" else set()
        for patient in self:
            numbers |= {number for number in (patient.mobile, patient.phone) if number}
        blacklist = self.env["phone.blacklist"].sudo()
        for number in numbers:
            blacklist._add([number], message=_("Opted out by a reply through %(account)s.", account=account.name))
        self.write({"dental_messenger_opt_in": False})

    def _dental_reply_confirm(self):
        """Hook: confirm these patients' next appointment; returns it (nothing here: the schedule's
        bridge dental_calendar_sms implements it). Without it the reply stays in the chatter."""
        return False

    def _dental_reply_cancel(self):
        """Hook: cancel these patients' next appointment by the patient and tell the registrar."""
        return False

    def _dental_anonymize_copies(self, old_names, removed):
        """The texts queued or kept for the patient name them: they go (what was sent is in the
        gateway's records, not the clinic's to keep)."""
        res = super()._dental_anonymize_copies(old_names, removed)
        self.env["sms.sms"].sudo().search([("partner_id", "in", self.partner_id.ids)]).unlink()
        return res
