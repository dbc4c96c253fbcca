from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dental_patient.tools.identifiers import validate_snils

from .dental_egisz_nsi import NSI_POSITION, NSI_SPECIALTY

# HR officers only: other users read employees through hr.employee.public, which must not meet these fields
GROUPS = "hr.group_hr_user"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    egisz_snils = fields.Char(string="SNILS", groups=GROUPS, copy=False, help="Needed to sign documents for ЕГИСЗ.")
    egisz_position_id = fields.Many2one(
        "dental.egisz.nsi",
        string="Position (НСИ 1002)",
        domain=[("oid", "=", NSI_POSITION)],
        groups=GROUPS,
        ondelete="restrict",
    )
    egisz_specialty_id = fields.Many2one(
        "dental.egisz.nsi",
        string="Specialty (НСИ 1066)",
        domain=[("oid", "=", NSI_SPECIALTY)],
        groups=GROUPS,
        ondelete="restrict",
    )
    egisz_thumbprint = fields.Char(string="Signature Certificate", groups=GROUPS, help="Thumbprint of the certificate.")

    @api.constrains("egisz_snils")
    def _check_egisz_snils(self):
        for employee in self:
            if employee.egisz_snils:
                try:
                    validate_snils(employee.egisz_snils)
                except ValueError as error:
                    raise ValidationError(
                        _("SNILS of %(name)s: %(reason)s.", name=employee.name, reason=self.env._(error.args[0]))
                    ) from error

    @api.constrains("egisz_position_id", "egisz_specialty_id")
    def _check_egisz_codes(self):
        for employee in self:
            if employee.egisz_position_id and employee.egisz_position_id.oid != NSI_POSITION:
                raise ValidationError(_("The position is a code of НСИ 1.2.643.5.1.13.13.11.1002."))
            if employee.egisz_specialty_id and employee.egisz_specialty_id.oid != NSI_SPECIALTY:
                raise ValidationError(_("The specialty is a code of НСИ 1.2.643.5.1.13.13.11.1066."))

    def _egisz_problems(self):
        """What ЕГИСЗ will refuse about this signer (read as superuser: a doctor may not read HR fields)."""
        self.ensure_one()
        employee = self.sudo()  # the HR fields of the signer, read to check them, nothing returned but messages
        problems = []
        if not employee.egisz_snils:
            problems.append(_("The doctor %(name)s has no SNILS.", name=employee.name))
        if not employee.egisz_position_id:
            problems.append(_("The doctor %(name)s has no position code (НСИ 1002).", name=employee.name))
        if not employee.egisz_specialty_id:
            problems.append(_("The doctor %(name)s has no specialty code (НСИ 1066).", name=employee.name))
        return problems
