from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DentalDmsApprovalLine(models.Model):
    _name = "dental.dms.approval.line"
    _description = "ДМС Approval Procedure"
    _order = "approval_id, id"

    approval_id = fields.Many2one("dental.dms.approval", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="approval_id.currency_id")
    company_id = fields.Many2one(related="approval_id.company_id", store=True)
    sale_line_id = fields.Many2one("sale.order.line", string="Plan Procedure", required=True, index=True)
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True, string="Service")
    tooth_ids = fields.Many2many(related="sale_line_id.tooth_ids", string="Teeth")
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    price_unit = fields.Monetary(string="Insurer Price", help="The insurer's price of the service (its price list).")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    decision = fields.Selection(
        [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        copy=False,
    )
    qty_approved = fields.Float(string="Approved Qty", digits="Product Unit of Measure", copy=False)
    amount_approved = fields.Monetary(compute="_compute_amount", store=True)
    service_ids = fields.One2many("dental.dms.service", "approval_line_id", string="Billed Services")
    qty_billed = fields.Float(compute="_compute_qty_billed", digits="Product Unit of Measure")

    @api.depends("quantity", "price_unit", "qty_approved", "decision")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit
            approved = line.qty_approved if line.decision == "approved" else 0.0
            line.amount_approved = approved * line.price_unit

    @api.depends("service_ids.quantity")
    def _compute_qty_billed(self):
        for line in self:
            line.qty_billed = sum(line.sudo().service_ids.mapped("quantity"))

    @api.onchange("decision")
    def _onchange_decision(self):
        if self.decision == "approved" and not self.qty_approved:
            self.qty_approved = self.quantity
        elif self.decision == "rejected":
            self.qty_approved = 0.0

    @api.constrains("sale_line_id", "approval_id")
    def _check_plan(self):
        for line in self:
            plan = line.approval_id.plan_id
            if line.sale_line_id.order_id.patient_id != line.approval_id.patient_id or (
                plan and line.sale_line_id.order_id != plan
            ):
                raise ValidationError(_("A procedure of another plan or patient cannot be approved here."))

    @api.constrains("qty_approved", "quantity", "decision")
    def _check_qty(self):
        for line in self:
            if line.quantity <= 0 or line.qty_approved < 0 or line.qty_approved > line.quantity:
                raise ValidationError(_("The approved quantity is between 0 and the requested one."))
            if line.decision == "approved" and not line.qty_approved:
                raise ValidationError(_("An approved procedure needs an approved quantity."))

    def _dms_diagnosis_codes(self):
        """ICD-10 codes the procedure treats: the patient's active findings on its teeth and its own findings.

        sudo: an approval request carries the diagnoses the insurer needs to approve the treatment, whatever
        medical records the registrar sending it reads; only the codes and names are returned.
        """
        self.ensure_one()
        sale_line = self.sale_line_id.sudo()
        findings = sale_line.finding_ids
        if sale_line.tooth_ids:
            findings |= (
                self.env["dental.chart.finding"]
                .sudo()
                .search(
                    [
                        ("patient_id", "=", self.approval_id.patient_id.id),
                        ("state", "=", "active"),
                        ("tooth_ids", "in", sale_line.tooth_ids.ids),
                        ("diagnosis_id", "!=", False),
                    ]
                )
            )
        return ", ".join(sorted(set(findings.diagnosis_id.mapped("display_name"))))
