from datetime import timedelta

from odoo import api, fields, models


class DentalSmsTriggerLog(models.Model):
    """One line per message a trigger sent: (template, record, event). A rule that runs again on the same
    event (a record saved twice, the time-based cron run again) finds its line and sends nothing."""

    _name = "dental.sms.trigger.log"
    _description = "Patient Message Trigger Log"
    _order = "id desc"

    template_id = fields.Many2one("sms.template", required=True, index=True, ondelete="cascade", readonly=True)
    res_model = fields.Char("Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference("Document", model_field="res_model", required=True, readonly=True)
    event_key = fields.Char(
        "Event",
        required=True,
        readonly=True,
        help="What makes the event new, e.g. the start of a moved appointment; 'once' for a one-time event.",
    )
    patient_id = fields.Many2one("dental.patient", readonly=True, index=True, ondelete="cascade")
    sent = fields.Boolean(readonly=True, help="A message was queued (the patient has a phone and allows it).")

    _sql_constraints = [
        (
            "event_unique",
            "UNIQUE (template_id, res_model, res_id, event_key)",
            "This event already sent its message.",
        ),
    ]

    @api.model
    def _dental_fire(self, records, template, key_field=None, fresh_field=None, fresh_hours=48):
        """Send ``template`` to the patient of each record (or to each patient) once per event (the record, and the value of
        ``key_field`` when given); the event is logged before sending, so a failing channel never makes a
        rule send again. With ``fresh_field``, records whose value of it is older than ``fresh_hours`` are
        skipped (a time-based rule turned on, or first run, never writes about old events).
        Called by the shipped automation rules; returns the logs created."""
        if not records or not template:
            return self.browse()
        # sudo: the rules run as whoever triggered them (a registrar saving an appointment); the log and
        # the message are the system's, and only records the rule already selected are read
        logs_model = self.sudo()
        done = {
            (log.res_id, log.event_key)
            for log in logs_model.search(
                [("template_id", "=", template.id), ("res_model", "=", records._name), ("res_id", "in", records.ids)]
            )
        }
        oldest = fields.Datetime.now() - timedelta(hours=fresh_hours)
        vals_list = []
        todo = []
        for record in records.sudo():
            key = _event_key(record, key_field)
            patient = record if record._name == "dental.patient" else record.patient_id
            if (record.id, key) in done or not patient or (fresh_field and record[fresh_field] < oldest):
                continue
            done.add((record.id, key))
            vals_list.append(
                {
                    "template_id": template.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "event_key": key,
                    "patient_id": patient.id,
                }
            )
            todo.append(record)
        logs = logs_model.create(vals_list)
        for log, record in zip(logs, todo, strict=True):
            patient = log.patient_id
            if patient.allow_sms_reminder:
                log.sent = bool(patient._dental_send_message(template=template.sudo(), record=record))
        return logs


def _event_key(record, key_field):
    """What makes the event new: the value of ``key_field`` (for a set of records, their sorted ids: the same
    statuses given in another order are the same event), else "once"."""
    if not key_field:
        return "once"
    value = record[key_field]
    if isinstance(value, models.BaseModel):
        return ",".join(str(record_id) for record_id in sorted(value.ids)) or "none"
    return str(value)
