from odoo import _, api, fields, models

MESSENGERS = ("telegram", "whatsapp")


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

    def _dental_send_message(self, body):
        """Send ``body`` to each patient by the preferred channel: through the branch's messenger account
        to the patients who opted in, else by SMS (Odoo's ``_message_sms``, our SMS gateways or IAP).
        A messenger message is an ``sms.sms`` of the messenger account, queued and sent by the same cron
        (claim, in-flight stamp, answer), linked to a note in the patient's chatter."""
        accounts = self.env["dental.sms.account"]
        messages = self.env["mail.message"]
        for patient in self:
            channel, address = patient._dental_messenger_address()
            account = channel and accounts._dental_account_for_company(patient.company_id, channel)
            if not account:
                messages |= patient._message_sms(body, partner_ids=patient.partner_id.ids)
                continue
            labels = dict(self._fields["dental_message_channel"]._description_selection(self.env))
            message = patient.message_post(
                body=_("%(channel)s message: %(body)s", channel=labels[channel], body=body),
                subtype_xmlid="mail.mt_note",
            )
            # sudo: the sender may not create sms.sms directly (as Odoo's _message_sms does for SMS)
            sms = (
                self.env["sms.sms"]
                .sudo()
                .create(
                    {
                        "number": address,
                        "body": body,
                        "partner_id": patient.partner_id.id,
                        "mail_message_id": message.id,
                        "dental_account_id": account.id,
                        "state": "outgoing",
                    }
                )
            )
            sms._send()
            messages |= message
        return messages

    # ------------------------------------------------------------
    # Replies (webhook controllers, as superuser)
    # ------------------------------------------------------------

    def _dental_receive_reply(self, account, message):
        """A message of these patients (one sender may be several patients: a family's phone) came in
        through ``account``: posted in their chatter, then the reply word acted upon."""
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
