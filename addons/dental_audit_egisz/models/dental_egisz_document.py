from odoo import models


class DentalEgiszDocument(models.Model):
    """The ЕГИСЗ documents carry a patient's medical record to the state: their reads are logged like the
    visit record they come from (their changes by the auditlog rule of data/auditlog_rule_data.xml)."""

    _name = "dental.egisz.document"
    _inherit = ["dental.egisz.document", "dental.audit.read.mixin"]
