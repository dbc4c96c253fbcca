from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The data a registry column may show: key → (label, how to read it from a dental.dms.service)
COLUMNS = [
    ("date", "Service Date"),
    ("patient", "Patient"),
    ("birth_date", "Date of Birth"),
    ("policy_number", "Policy Number"),
    ("guarantee_letter", "Guarantee Letter №"),
    ("service_code", "Service Code"),
    ("service_name", "Service"),
    ("quantity", "Quantity"),
    ("price_unit", "Price"),
    ("amount_total", "Amount"),
    ("amount_insurer", "Insurer Pays"),
    ("amount_copay", "Co-payment"),
    ("doctor", "Doctor"),
    ("diagnosis_code", "ICD-10 Code"),
]
MEDICAL_COLUMNS = {"diagnosis_code"}
NUMERIC_COLUMNS = {"quantity", "price_unit", "amount_total", "amount_insurer", "amount_copay"}
DATE_COLUMNS = {"date", "birth_date"}


class DentalDmsReportColumn(models.Model):
    _name = "dental.dms.report.column"
    _description = "ДМС Registry Column"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("dental.dms.report.template", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    data = fields.Selection(COLUMNS, required=True, help="What the column shows for each service.")
    label = fields.Char(
        string="Heading",
        compute="_compute_label",
        store=True,
        readonly=False,
        precompute=True,
        translate=True,
        required=True,
    )

    @api.depends("data")
    def _compute_label(self):
        labels = dict(self._fields["data"]._description_selection(self.env))
        for column in self:
            if column.data and not column.label:
                column.label = labels[column.data]

    @api.constrains("data", "template_id")
    def _check_medical_codes(self):
        for column in self.filtered(lambda c: c.data in MEDICAL_COLUMNS):
            insurer = column.template_id.insurer_id
            if not insurer.dental_dms_contract_ids.filtered("registry_medical_codes"):
                raise ValidationError(
                    _(
                        "No contract of %s requires medical codes: its registries cannot show ICD-10 codes.",
                        insurer.display_name,
                    )
                )
