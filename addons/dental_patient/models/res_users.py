from odoo import Command, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dental_position_group_ids = fields.Many2many(
        "res.groups",
        "dental_position_group_users_rel",
        "user_id",
        "group_id",
        string="Groups of the Position",
        groups="base.group_erp_manager",
        help="Groups this user holds through the role of their employee's position (and did not hold before): "
        "the position's change removes these, never a group granted on the user form.",
    )

    # ------------------------------------------------------------------ business methods
    def _dental_remove_groups(self, groups):
        """Remove ``groups`` from the users, except what their remaining groups imply and the user-type groups."""
        user_types = (
            self.env.ref("base.group_user") | self.env.ref("base.group_portal") | self.env.ref("base.group_public")
        )
        for user in self.sudo():
            held = groups & user.groups_id
            remove = held - (user.groups_id - held).trans_implied_ids - user_types
            if remove:
                user.write({"groups_id": [Command.unlink(group.id) for group in remove]})

    def _dental_sync_position_roles(self):
        """Give each user the groups of the roles of their employees' positions; take back the ones no longer given.

        A user has an employee per branch: the roles of all of them add up. Only groups the user got through a
        position (``dental_position_group_ids``) are taken back, with the sections their role implied.
        Callers check who may change positions (hr.employee._check_dental_role_change).
        """
        # sudo: groups and employees of other branches are written by the server for the position's change the
        # caller was allowed to make
        users = self.sudo().exists()
        employees = self.env["hr.employee"].sudo().search([("user_id", "in", users.ids)])
        sections = self.env["dental.role"]._get_all_section_groups()
        for user in users:
            roles = employees.filtered(lambda emp, user=user: emp.user_id == user).job_id.dental_role_id.group_id
            wanted = roles | roles.trans_implied_ids
            granted = user.dental_position_group_ids
            stale = granted - wanted
            if stale:
                stale |= stale.trans_implied_ids & sections
                user._dental_remove_groups(stale - wanted)
            new = wanted - user.groups_id
            if roles - user.groups_id:
                user.write({"groups_id": [Command.link(group.id) for group in roles - user.groups_id]})
            user.dental_position_group_ids = [Command.set(((granted & wanted) | new).ids)]
