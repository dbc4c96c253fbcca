from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    dental_patient_id = fields.Many2one(related="move_id.dental_patient_id", string="Patient")
    dental_doctor_id = fields.Many2one(related="move_id.dental_doctor_id", string="Doctor")
    dental_service_id = fields.Many2one(related="move_id.dental_service_id", string="Service")
