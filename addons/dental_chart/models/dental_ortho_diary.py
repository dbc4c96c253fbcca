from odoo import fields, models


class DentalOrthoDiary(models.Model):
    """An entry of the orthodontist's diary (section 24 of the orthodontic card)."""

    _name = "dental.ortho.diary"
    _description = "Orthodontist's Diary Entry"
    _order = "date, id"

    card_id = fields.Many2one("dental.ortho.card", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True, index=True, precompute=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", default=lambda self: self.env.user.employee_id)
    note = fields.Text(required=True)
