from odoo import models

from odoo.addons.dental_patient.models.dental_server_fields import server_context


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _dental_on_completed(self):
        """The first completed visit dates the patient's acquisition (``dental_first_visit_date``)."""
        res = super()._dental_on_completed()
        patient = self.patient_id
        if patient:
            day = self.company_id._dental_local_date(self.start) if self.company_id else self.start.date()
            if not patient.dental_first_visit_date or patient.dental_first_visit_date > day:
                # server-only field (see dental.patient's write): whoever completes the visit sets it through this
                patient.with_context(**server_context(patient._name)).dental_first_visit_date = day
        return res
