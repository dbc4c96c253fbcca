from odoo import fields, models


class DentalMarketingClvLine(models.Model):
    """One patient group's figures in a CLV calculation (written by ``dental.marketing.clv.action_compute``)."""

    _name = "dental.marketing.clv.line"
    _description = "CLV of a Patient Group"
    _order = "clv_id, id"

    clv_id = fields.Many2one("dental.marketing.clv", string="Calculation", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="clv_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="clv_id.currency_id")
    group_id = fields.Many2one("dental.patient.group", string="Patient Group", help="Empty: patients without a group.")
    patient_count = fields.Integer(string="Patients", help="Patients invoiced in the year.")
    new_patient_count = fields.Integer(string="Primary Patients")
    revenue = fields.Monetary(string="Yearly Revenue")
    average_revenue = fields.Monetary(string="Average Revenue per Patient")
    margin = fields.Monetary(help="Average revenue less the variable costs.")
    clv = fields.Monetary(string="CLV", help="Margin × retention / (1 + discount − retention).")
    clv_net = fields.Monetary(string="CLV less Acquisition", help="CLV less the cost per primary patient.")
