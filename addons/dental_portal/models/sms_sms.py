from odoo import fields, models

# States of a message that has left (or will never leave): its text is not needed any more.
LEFT_STATES = ("pending", "sent", "error", "canceled")


class SmsSms(models.Model):
    """The online booking's SMS carry secrets: the code proving the phone, the link to cancel or move the visit.

    Odoo marks a sent IAP message ``to_delete`` and deletes it at the daily autovacuum; dental_sms keeps a gateway
    message after sending for its cost and delivery status, text included. A booking SMS is created with its text
    masked (``dental_masked_body``): once the message has left (sent, awaiting its delivery report, refused or
    cancelled) the masked text replaces the real one, so no stored SMS keeps a code or a link after sending.
    Before that, only administrators read ``sms.sms`` (Odoo's access rights). A message resent after a failure
    sends the masked text: the code has expired by then anyway (book again).
    """

    _inherit = "sms.sms"

    dental_masked_body = fields.Text(
        string="Text after Sending",
        readonly=True,
        copy=False,
        help="The text kept once the message has left: its code or link masked.",
    )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in LEFT_STATES or vals.get("to_delete"):
            for sms in self.filtered("dental_masked_body"):
                sms.write({"body": sms.dental_masked_body, "dental_masked_body": False})
        return res
