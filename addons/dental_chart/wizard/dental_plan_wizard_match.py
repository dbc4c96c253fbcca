from odoo import fields, models


class DentalPlanWizardMatch(models.TransientModel):
    _name = "dental.plan.wizard.match"
    _description = "Treatment Plan Template Match"
    _order = "match_percent desc, id"

    wizard_id = fields.Many2one("dental.plan.wizard", required=True, ondelete="cascade")
    template_id = fields.Many2one("dental.plan.template", required=True, ondelete="cascade")
    match_percent = fields.Float(string="Match (%)", digits=(5, 1))
    diagnosis_ids = fields.Many2many(related="template_id.diagnosis_ids")
    hours_summary = fields.Char(related="template_id.hours_summary")

    def action_choose(self):
        self.ensure_one()
        return self.wizard_id.action_pick(self.template_id)
