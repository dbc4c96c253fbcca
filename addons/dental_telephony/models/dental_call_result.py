from odoo import fields, models


class DentalCallResult(models.Model):
    """What a call came to (booked, price enquiry, callback...): configured by the clinic."""

    _name = "dental.call.result"
    _description = "Call Result"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Branch", index=True, help="Empty: every branch.")
