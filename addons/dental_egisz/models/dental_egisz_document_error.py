from odoo import fields, models


class DentalEgiszDocumentError(models.Model):
    """One problem of a registry document: a validation failure, a refusal of РЭМД, a sending failure."""

    _name = "dental.egisz.document.error"
    _description = "ЕГИСЗ Document Error"
    _order = "id"

    document_id = fields.Many2one("dental.egisz.document", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="document_id.company_id", store=True)
    source = fields.Selection(
        [("validation", "Validation"), ("remd", "РЭМД"), ("transport", "Sending"), ("iemk", "ИЭМК")], required=True
    )
    code = fields.Char()
    message = fields.Text(required=True)
