from odoo import api, fields, models


class DentalBillWizardLine(models.TransientModel):
    _inherit = "dental.bill.wizard.line"

    dms_covered = fields.Boolean(
        string="ДМС",
        compute="_compute_dms_covered",
        store=True,
        readonly=False,
        precompute=True,
        help="Billed to the insurer under the policy (an approved procedure of the plan); the patient pays the "
        "co-payment and what exceeds the limits. Clear it to bill the patient the clinic's price.",
    )
    dms_insurer_amount = fields.Monetary(string="Insurer Pays", compute="_compute_dms_amounts")
    dms_patient_amount = fields.Monetary(string="Patient Pays", compute="_compute_dms_amounts")

    @api.depends("wizard_id.dms_policy_id", "product_id")
    def _compute_dms_covered(self):
        for line in self:
            policy = line.wizard_id.dms_policy_id
            line.dms_covered = bool(policy and line.product_id and policy.contract_id._dms_covers(line.product_id))

    @api.depends("dms_covered", "quantity", "subtotal", "wizard_id.dms_policy_id", "wizard_id.invoice_date")
    def _compute_dms_amounts(self):
        for wizard in self.wizard_id:
            split = wizard._dms_split_preview()
            for line in self.filtered(lambda ln, w=wizard: ln.wizard_id == w):
                values = split.get(line)
                line.dms_insurer_amount = values["amount_insurer"] if values else 0.0
                line.dms_patient_amount = values["patient"] if values else line.subtotal
        (self - self.filtered("wizard_id")).update({"dms_insurer_amount": 0.0, "dms_patient_amount": 0.0})

    def _prepare_invoice_line_vals(self):
        vals = super()._prepare_invoice_line_vals()
        split = self.env.context.get("dental_dms_split") or {}
        if self.id in split:
            vals.update(self.env["account.move.line"]._dms_line_vals(split[self.id]))
        return vals
