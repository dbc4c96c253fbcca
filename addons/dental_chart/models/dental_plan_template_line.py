from odoo import api, fields, models


class DentalPlanTemplateLine(models.Model):
    _name = "dental.plan.template.line"
    _description = "Treatment Plan Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("dental.plan.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    job_id = fields.Many2one(
        "hr.job",
        string="Profession",
        compute="_compute_job_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    product_id = fields.Many2one(
        "product.product", string="Service", required=True, domain=[("is_dental_service", "=", True)]
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    per_tooth = fields.Boolean(
        compute="_compute_job_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Repeat the service on every selected tooth (quantity per tooth).",
    )
    visit_number = fields.Integer(string="Visit", default=1)
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        readonly=False,
        precompute=True,
        help="Chair hours of the block (from the service duration).",
    )

    @api.depends("product_id")
    def _compute_job_id(self):
        for line in self:
            line.job_id = line.product_id.dental_job_id
            line.per_tooth = line.product_id.dental_per_tooth

    @api.depends("product_id", "quantity")
    def _compute_hours(self):
        for line in self:
            line.hours = round(line.product_id.dental_duration * line.quantity / 60.0, 2)
