from odoo import fields, models


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
    def write(self, vals):
        if "dental_role_id" not in vals:
            return super().write(vals)
        res = super().write(vals)
        # sudo: the employees of every branch holding the position; the field itself is a Director's only
        employees = self.env["hr.employee"].sudo().search([("job_id", "in", self.ids), ("user_id", "!=", False)])
        employees.user_id._dental_sync_position_roles()
        return res
