from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class HrJob(models.Model):
    _inherit = "hr.job"

    dental_role_id = fields.Many2one(
        "dental.role",
        string="Role",
        groups="dental_patient.group_director",
        tracking=True,
        ondelete="restrict",
        help="The users of the employees holding this position get this role's rights.",
    )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        # the field's groups guard reads and writes, not creation
        if any(vals.get("dental_role_id") for vals in vals_list):
            self._check_dental_role_access()
        return super().create(vals_list)

    def write(self, vals):
        if "dental_role_id" not in vals:
            return super().write(vals)
        self._check_dental_role_access()
        res = super().write(vals)
        # sudo: the employees of every branch holding the position; the field itself is a Director's only
        employees = self.env["hr.employee"].sudo().search([("job_id", "in", self.ids), ("user_id", "!=", False)])
        employees.user_id._dental_sync_position_roles()
        return res

    # ------------------------------------------------------------------ business methods
    @api.model
    def _check_dental_role_access(self):
        user = self.env.user
        if self.env.su or user.has_group("dental_patient.group_director") or user.has_group("base.group_erp_manager"):
            return
        raise AccessError(_("Only a Director gives a position its role."))
