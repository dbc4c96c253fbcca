from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    """Dental services: a service product with a code, a duration, the profession that performs it,
    the diagnoses it treats and the condition it leaves on the tooth."""

    _inherit = "product.template"

    is_dental_service = fields.Boolean(string="Dental Service", index=True)
    dental_code = fields.Char(string="Internal Code", index=True, help="Clinic's own code of the service.")
    dental_duration = fields.Integer(
        string="Duration (min)",
        help="Chair time of one unit of the service, in minutes; the schedule books this much.",
    )
    dental_job_id = fields.Many2one(
        "hr.job",
        string="Profession",
        help="Profession that performs the service (therapist, surgeon, orthodontist, hygienist...).",
    )
    dental_diagnosis_ids = fields.Many2many(
        "dental.diagnosis",
        "product_template_dental_diagnosis_rel",
        "product_tmpl_id",
        "diagnosis_id",
        string="Treated Diagnoses",
        help="Diagnoses this service treats: completing it resolves these diagnoses on its teeth.",
    )
    dental_condition_id = fields.Many2one(
        "dental.condition",
        string="Resulting Condition",
        help="What the tooth shows once the service is done (filling, crown, implant, missing...).",
    )
    dental_per_tooth = fields.Boolean(
        string="Per Tooth",
        default=True,
        help="Quantity is counted per tooth when the service is added from the chart.",
    )
    dental_is_xray = fields.Boolean(string="X-ray", help="The service exposes the patient to X-rays.")
    dental_xray_dose = fields.Float(
        string="Default Dose (µSv)",
        digits=(16, 2),
        help="Effective dose of one exposure, proposed in the X-ray log.",
    )
    dental_expensive = fields.Boolean(
        string="Expensive Treatment",
        help="Expensive treatment for the tax deduction certificate (service code 2 instead of 1).",
    )
    dental_nsi_service_id = fields.Many2one(
        "dental.nsi.service",
        string="Nomenclature Service",
        help="Official nomenclature of medical services (NSI 1070).",
    )
    dental_nsi_code = fields.Char(
        related="dental_nsi_service_id.code",
        string="Nomenclature Code",
        store=True,
    )

    @api.constrains("dental_duration", "dental_xray_dose")
    def _check_dental_values(self):
        for product in self:
            if product.dental_duration < 0:
                raise ValidationError(_("The duration of %s cannot be negative.", product.display_name))
            if product.dental_xray_dose < 0:
                raise ValidationError(_("The X-ray dose of %s cannot be negative.", product.display_name))

    @api.onchange("is_dental_service")
    def _onchange_is_dental_service(self):
        if self.is_dental_service:
            self.type = "service"
            self.invoice_policy = "delivery"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_dental_service"):
                self._prepare_dental_service_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("is_dental_service"):
            vals = self._prepare_dental_service_vals(dict(vals))
        return super().write(vals)

    @api.model
    def _prepare_dental_service_vals(self, vals):
        """A dental service is a service invoiced on delivered quantities (completed procedures)."""
        vals.setdefault("type", "service")
        vals.setdefault("invoice_policy", "delivery")
        vals.setdefault("service_type", "manual")
        return vals
