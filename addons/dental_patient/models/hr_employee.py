from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# Fields of an employee deciding the role its user gets through the position.
ROLE_FIELDS = {"job_id", "user_id", "active"}


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        with_role = employees.filtered(lambda emp: emp.user_id and emp.sudo().job_id.dental_role_id)
        if with_role:
            with_role._check_dental_role_change()
            with_role.user_id._dental_sync_position_roles()
        return employees

    def write(self, vals):
        if not ROLE_FIELDS & set(vals):
            return super().write(vals)
        before = {emp: (emp.user_id, emp.sudo().job_id.dental_role_id, emp.active) for emp in self}
        res = super().write(vals)
        changed = self.filtered(
            lambda emp: before[emp] != (emp.user_id, emp.sudo().job_id.dental_role_id, emp.active)
            and (before[emp][1] or emp.sudo().job_id.dental_role_id)
            and (before[emp][0] or emp.user_id)
        )
        if changed:
            changed._check_dental_role_change()
            users = changed.user_id
            for emp in changed:
                users |= before[emp][0]
            users._dental_sync_position_roles()
        return res

    def unlink(self):
        users = self.filtered(lambda emp: emp.sudo().job_id.dental_role_id).user_id
        if users:
            self._check_dental_role_change()
        res = super().unlink()
        users._dental_sync_position_roles()
        return res

    @api.model
    def get_import_templates(self):
        return [
            *super().get_import_templates(),
            {"label": _("Import Template for Clinic Staff"), "template": "/dental_patient/book/employees.xlsx"},
        ]

    @api.model
    def load(self, fields, data):
        if self.env.context.get("dental_import"):
            fields, data = self.env["dental.book.import"]._match_rows_by_name(self, fields, data)
        return super().load(fields, data)

    def _compute_display_name(self):
        # The display name is the name, but reading it prefetches every stored column of hr.employee (about a
        # hundred, each checked against the field groups): 5 ms for the three doctors of a card's list, where
        # the name alone takes 0.7 ms. Fetching the name first fills the cache the display name reads; for
        # users without access to employees, hr's fetch reads it from the public profiles (also cached there).
        self.browse(id_ for id_ in self._ids if isinstance(id_, int)).fetch(["name"])
        return super()._compute_display_name()

    # ------------------------------------------------------------------ business methods
    def _check_dental_role_change(self):
        """A change of the role an employee's user gets through the position is a Director's (or an access-rights
        administrator's): an HR officer or a user writing through a privileged path must not hand out roles, their
        own first of all. The real user is checked even under sudo (self-service paths write employees as sudo).
        """
        user = self.env.user
        if self.env.uid == SUPERUSER_ID or user.has_group("dental_patient.group_director"):
            return
        if user.has_group("base.group_erp_manager"):
            return
        raise AccessError(
            _(
                "Only a Director changes the position of an employee whose position gives a role: it changes the "
                "user's access rights (%(employees)s).",
                employees=", ".join(self.mapped("name")),
            )
        )
