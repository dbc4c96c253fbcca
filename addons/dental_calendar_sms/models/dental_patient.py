from odoo import _, fields, models

# the appointments a reply may confirm or cancel: booked and not yet begun
REPLY_STATES = ("scheduled", "confirmed")


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    def _dental_next_appointment(self):
        """The earliest upcoming appointment of these patients (one sender may be several patients)."""
        return (
            self.env["calendar.event"]
            .sudo()
            .search(
                [
                    ("patient_id", "in", self.ids),
                    ("dental_state", "in", REPLY_STATES),
                    ("start", ">", fields.Datetime.now()),
                ],
                order="start, id",
                limit=1,
            )
        )

    def _dental_reply_confirm(self):
        # sudo: the webhook runs as the public user; the patients were found for the account's branches only
        event = self._dental_next_appointment()
        if event.dental_state == "scheduled":
            event._dental_set_state("confirmed")
            event.message_post(body=_("Confirmed by the patient's reply."), subtype_xmlid="mail.mt_note")
        return event

    def _dental_reply_cancel(self):
        event = self._dental_next_appointment()
        if not event:
            return event
        event._dental_set_state("cancelled")
        event.message_post(body=_("Cancelled by the patient's reply."), subtype_xmlid="mail.mt_note")
        # the registrar who booked it (the organizer, else its creator); the administrator when neither can act
        registrar = next(
            (user for user in (event.user_id, event.create_uid) if user and user.active and not user.share),
            self.env.ref("base.user_admin"),
        )
        # on the patient's card: appointments have a chatter but no activities
        event.patient_id.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Cancelled by the patient"),
            note=_(
                "%(patient)s cancelled the appointment of %(start)s by a reply to the reminder.",
                patient=event.patient_id.name,
                start=event.dental_start_text,
            ),
            user_id=registrar.id,
        )
        return event
