from odoo import models
from odoo.tools import create_index


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    def init(self):
        result = super().init()
        # Campaign segments (issue 22): the SMS-consenting active patients by gender and birth date, the usual
        # first criteria; PostgreSQL reads the segment's rows by it instead of every patient of the branches.
        create_index(
            self.env.cr,
            "dental_patient_marketing_segment_idx",
            self._table,
            ["gender", "birth_date"],
            where="active AND sms_consent",
        )
        return result
