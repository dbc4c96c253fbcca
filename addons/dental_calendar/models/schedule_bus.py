"""Live chair schedule: a bus notification to the branch when its appointments, shifts or waiting list change.

Kept apart from the models it extends (one small file) so that it merges with work on those models.
"""

from odoo import api, models

SCHEDULE_CHANGED = "dental_calendar.schedule_changed"  # SCHEDULE_CHANGED in static/src/schedule/schedule.js
_TOLD = "dental_calendar.schedule_changed.companies"


class DentalScheduleBusMixin(models.AbstractModel):
    """Notify the open schedules of a branch when records shown on it are created, written or deleted.

    One notification per branch and batch, sent on commit; no query per record.
    Models join by inheriting this mixin; ``_dental_schedule_companies`` says which branches to notify.
    """

    _name = "dental.schedule.bus.mixin"
    _description = "Chair Schedule Notifications"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._dental_schedule_changed(records._dental_schedule_companies())
        return records

    def write(self, vals):
        before = self._dental_schedule_companies()
        result = super().write(vals)
        self._dental_schedule_changed(before | self._dental_schedule_companies())
        return result

    def unlink(self):
        self._dental_schedule_changed(self._dental_schedule_companies())
        return super().unlink()

    def _dental_schedule_companies(self):
        """Branches whose schedule shows these records (hook)."""
        return self.company_id

    def _dental_schedule_changed(self, companies):
        """Tell the open schedules of ``companies``, once per branch and batch.

        The bus queues its notifications in the cursor's pre-commit data, which the commit (or a savepoint)
        flushes and a rollback clears; the branches already told are kept beside them, so a batch (one
        ``create``/``write``/``unlink``, or a transaction without savepoints) sends one notification per
        branch, and none is lost when a savepoint rolls back.
        """
        told = self.env.cr.precommit.data.setdefault(_TOLD, set())
        for company in companies:
            if company.id not in told:
                told.add(company.id)
                # The channel of a branch is the company record (see ir_websocket.py); the payload names it only.
                self.env["bus.bus"]._sendone(company, SCHEDULE_CHANGED, {"company_id": company.id})


class CalendarEvent(models.Model):
    _name = "calendar.event"
    _inherit = ["calendar.event", "dental.schedule.bus.mixin"]

    def _dental_schedule_companies(self):
        # Dental appointments only, not the staff's meetings.
        return self.filtered("patient_id").company_id


class DentalShift(models.Model):
    _name = "dental.shift"
    _inherit = ["dental.shift", "dental.schedule.bus.mixin"]


class DentalWaitlist(models.Model):
    _name = "dental.waitlist"
    _inherit = ["dental.waitlist", "dental.schedule.bus.mixin"]
