from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class DentalPatientPhone(models.Model):
    """An extra phone of a patient (home, work, relative...), stored in E.164."""

    _name = "dental.patient.phone"
    _description = "Patient Phone"
    _order = "sequence, id"

    patient_id = fields.Many2one("dental.patient", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="patient_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    number = fields.Char(required=True)
    kind = fields.Selection(
        [("mobile", "Mobile"), ("home", "Home"), ("work", "Work"), ("relative", "Relative"), ("other", "Other")],
        default="mobile",
        required=True,
    )
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("number"):
                patient = self.env["dental.patient"].browse(vals.get("patient_id"))
                vals["number"] = self._normalize(vals["number"], patient.company_id)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("number"):
            vals = dict(vals, number=self._normalize(vals["number"], self.patient_id.company_id[:1]))
        return super().write(vals)

    @api.model
    def _normalize(self, number, company):
        try:
            return self.env["dental.patient"]._normalize_phone(number, company or None, raise_exception=True)
        except UserError as error:
            raise ValidationError(_("Other phone: %(reason)s", reason=error.args[0])) from error
