import re

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    """Dental services: a service product with a code, a duration, the profession that performs it,
    the diagnoses it treats and the condition it leaves on the tooth."""

    _name = "product.template"
    _inherit = ["product.template", "dental.book.mixin"]

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
    dental_duration_hhmm = fields.Char(
        string="Duration (HH:MM)",
        compute="_compute_dental_duration_hhmm",
        inverse="_inverse_dental_duration_hhmm",
        help="The duration as hours and minutes (00:40, 02:30), as the price list's Excel book shows it.",
    )
    dental_doctor_ids = fields.Many2many(
        "hr.employee",
        "product_template_dental_doctor_rel",
        "product_tmpl_id",
        "employee_id",
        string="Doctors",
        help="Doctors who perform the service (the price list's Excel book, sheet Doctors); empty: any doctor of "
        "its profession.",
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

    @api.depends("dental_duration")
    def _compute_dental_duration_hhmm(self):
        for product in self:
            hours, minutes = divmod(product.dental_duration or 0, 60)
            product.dental_duration_hhmm = f"{hours:02d}:{minutes:02d}"

    def _inverse_dental_duration_hhmm(self):
        for product in self:
            product.dental_duration = self._parse_dental_duration(product.dental_duration_hhmm)

    @api.model
    def _parse_dental_duration(self, text):
        """Minutes of a duration typed HH:MM (or H:MM); empty is 0. ValidationError on anything else."""
        text = (text or "").strip()
        if not text:
            return 0
        match = re.fullmatch(r"(\d{1,3}):([0-5]\d)(?::00)?", text)
        if not match:
            raise ValidationError(
                _("The duration %(value)s is not hours and minutes (HH:MM, e.g. 00:40 or 02:30).", value=text)
            )
        return int(match[1]) * 60 + int(match[2])

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
            self.taxes_id = self._dental_service_default_taxes(self.env.companies)

    @api.model
    def default_get(self, fields_list):
        # a new service in the dental price list (default_is_dental_service): the dental default taxes
        return self._dental_service_default_tax_vals(super().default_get(fields_list), fields_list)

    def _add_missing_default_values(self, values):
        # a dental service created without taxes gets the dental default, not the company's sales tax
        explicit = "taxes_id" in values
        values = super()._add_missing_default_values(values)
        return values if explicit else self._dental_service_default_tax_vals(values, ["taxes_id"])

    def _force_default_sale_tax(self, companies):
        # account gives a new product the other companies' default sales taxes (and a new company's chart gives
        # it to existing products): a dental service gets the dental default of those companies instead
        services = self.filtered("is_dental_service")
        res = super(ProductTemplate, self - services)._force_default_sale_tax(companies)
        taxes = self._dental_service_default_taxes(companies)
        if services and taxes:
            for service in services:
                service.taxes_id += taxes
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_dental_service"):
                self._prepare_dental_service_vals(vals)
        return super().create(vals_list)

    @api.model
    def load(self, fields, data):
        # the price list's books: a row without an ID updates the service (or good) of the same name
        if self.env.context.get("dental_import"):
            fields, data = self.env["dental.book.import"]._match_rows_by_name(self, fields, data)
        return super().load(fields, data)

    def write(self, vals):
        # making a product a dental service (not saving an existing service again: an import does)
        if vals.get("is_dental_service") and not all(self.mapped("is_dental_service")):
            vals = self._prepare_dental_service_vals(dict(vals))
        return super().write(vals)

    @api.model
    def _prepare_dental_service_vals(self, vals):
        """A dental service is a service invoiced on delivered quantities (completed procedures)."""
        vals.setdefault("type", "service")
        vals.setdefault("invoice_policy", "delivery")
        vals.setdefault("service_type", "manual")
        return vals

    @api.model
    def _dental_service_default_tax_vals(self, values, fields_list):
        """``values`` (defaults of a new product) with the dental default taxes when it is a dental service."""
        if values.get("is_dental_service") and "taxes_id" in fields_list:
            values["taxes_id"] = [Command.set(self._dental_service_default_taxes(self.env.companies).ids)]
        return values

    @api.model
    def _dental_service_default_taxes(self, companies):
        """Sales taxes a new dental service gets in ``companies``: none. Medical services are VAT-exempt in Russia
        (НК РФ art. 149), so they do not take the companies' default sales tax; goods and other products keep it.

        Hook for the country addons (e.g. a Russian chart's exempt "без НДС" tax); a service's taxes can still
        be set by hand (cosmetic services are taxed).
        """
        return self.env["account.tax"]

    def _dental_book_records(self):
        # a dental service is a book of the clinic; other products keep Odoo's own deletion
        return self.filtered("is_dental_service")

    def _dental_history_sources(self):
        return [
            *super()._dental_history_sources(),
            ("sale.order.line", "product_id.product_tmpl_id", _("treatment plans and orders")),
            ("account.move.line", "product_id.product_tmpl_id", _("invoices")),
            ("dental.chart.finding", "product_id.product_tmpl_id", _("chart findings")),
            ("dental.image", "product_id.product_tmpl_id", _("images")),
        ]
