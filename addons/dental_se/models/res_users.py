from odoo import _, api, models
from odoo.exceptions import AccessError

PRIVILEGED_GROUPS = ("base.group_erp_manager", "base.group_system", "dental_se.group_clinic_admin")
STAFF_CATEGORIES = (
    "dental_patient.module_category_dental",
    "dental_patient.module_category_dental_sections",
    "dental_patient.module_category_dental_custom_roles",
)


class ResUsers(models.Model):
    """A clinic admin manages the users of their own branches: creates, edits and archives them, gives them the
    clinic staff's roles, never a user of another branch, a main admin, or a right beyond the dental roles.

    Main admins (Odoo's access-rights administrators, ``base.group_erp_manager``) keep Odoo's user management. The
    checks run on the state before and after the change, so they hold whatever fields the caller writes (the
    form's reified group fields, ``groups_id`` commands, ``company_ids``) over RPC.
    """

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        if not self._dental_se_is_clinic_admin():
            return super().create(vals_list)
        users = super().create(vals_list)
        users._dental_se_check_managed(self._default_groups())
        return users

    def write(self, vals):
        if not self._dental_se_is_clinic_admin() or self._dental_se_is_own_preferences(vals):
            return super().write(vals)
        self._dental_se_check_managed(None)
        before = {user.id: user.groups_id for user in self.sudo()}
        res = super().write(vals)
        for user in self:
            user._dental_se_check_managed(before[user.id])
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_clinic_admin(self):
        if self._dental_se_is_clinic_admin():
            raise AccessError(_("A clinic admin archives users, never deletes them."))

    # ------------------------------------------------------------------ business methods
    def _dental_se_is_clinic_admin(self):
        """The caller is a clinic admin and not a main admin (the superuser and main admins are not limited)."""
        user = self.env.user
        return (
            not self.env.su
            and user.has_group("dental_se.group_clinic_admin")
            and not user.has_group("base.group_erp_manager")
        )

    def _dental_se_is_own_preferences(self, vals):
        return self == self.env.user and all(
            key in self.SELF_WRITEABLE_FIELDS or key.startswith("context_") for key in vals
        )

    def _dental_se_staff_groups(self):
        categories = self.env["ir.module.category"]
        for xmlid in STAFF_CATEGORIES:
            categories |= self.env.ref(xmlid, raise_if_not_found=False) or categories
        groups = self.env["res.groups"].sudo().search([("category_id", "in", categories.ids)])
        groups |= self.env.ref("base.group_user")
        return groups | groups.trans_implied_ids

    def _dental_se_check_managed(self, groups_before):
        """Refuse (AccessError) a user outside the clinic admin's branches, a privileged user, or a group beyond the
        clinic staff's. ``groups_before``: the groups the user had (None: check the user as found)."""
        admin_companies = self.env.user.company_ids
        privileged = self.env["res.groups"]
        for xmlid in PRIVILEGED_GROUPS:
            privileged |= self.env.ref(xmlid)
        for user in self.sudo():
            if user.company_ids - admin_companies or user.company_id not in admin_companies:
                raise AccessError(_("A clinic admin manages the users of their own clinic only."))
            if groups_before is None:
                if user.groups_id & privileged and user != self.env.user:
                    raise AccessError(_("A clinic admin cannot change an administrator."))
                continue
            added = user.groups_id - groups_before
            if added & privileged:
                raise AccessError(_("A clinic admin cannot grant administrator rights."))
            if added - self._dental_se_staff_groups():
                raise AccessError(_("A clinic admin grants the clinic staff's roles only."))
