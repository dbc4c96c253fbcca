from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _dental_on_completed(self):
        """The first completed visit dates the patient's acquisition (``dental_first_visit_date``)."""
        res = super()._dental_on_completed()
        patient = self.patient_id
        if patient:
            day = self.company_id._dental_local_date(self.start) if self.company_id else self.start.date()
            if not patient.dental_first_visit_date or patient.dental_first_visit_date > day:
                patient.dental_first_visit_date = day
        return res
