from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

# The sections of the product a custom role is made of; each has a "read" and an "edit" group
# (dental_patient.group_section_<section>_<level>, edit implies read).
SECTIONS = ("schedule", "patients", "medical", "money", "reports", "settings")
ACCESS_LEVELS = [("none", "No Access"), ("read", "Read"), ("edit", "Edit")]


def section_group_xmlid(section, level):
    return f"dental_patient.group_section_{section}_{level}"


class DentalRole(models.Model):
    """A role of the clinic's staff, given to the users of a position (hr.job).

    A built-in role wraps one of the role groups shipped with the product (Doctor, Registrar...). A custom role
    owns a group of its own implying the sections a Director ticks; saving the role updates the group (and so
    every user holding it). Only Directors reach this model; its group is set by the server only.
    """

    _name = "dental.role"
    _description = "Staff Role"
    _order = "is_custom, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    group_id = fields.Many2one("res.groups", string="Group", readonly=True, ondelete="restrict")
    is_custom = fields.Boolean(string="Custom", readonly=True, help="Composed of sections by a Director.")
    description = fields.Text(related="group_id.comment", string="Description")
    schedule_access = fields.Selection(ACCESS_LEVELS, string="Schedule", default="none", required=True)
    patients_access = fields.Selection(ACCESS_LEVELS, string="Patients", default="none", required=True)
    medical_access = fields.Selection(ACCESS_LEVELS, string="Medical Records", default="none", required=True)
    money_access = fields.Selection(ACCESS_LEVELS, string="Money", default="none", required=True)
    reports_access = fields.Selection(ACCESS_LEVELS, string="Reports", default="none", required=True)
    settings_access = fields.Selection(ACCESS_LEVELS, string="Settings", default="none", required=True)
    job_ids = fields.One2many("hr.job", "dental_role_id", string="Positions", readonly=True)
    user_ids = fields.Many2many("res.users", string="Users", compute="_compute_user_ids")

    _sql_constraints = [
        ("group_uniq", "unique(group_id)", "A group is the group of one role only."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("group_id")
    def _compute_user_ids(self):
        for role in self:
            # sudo: the users holding the role's group, shown to the Director who manages the role
            role.user_ids = role.group_id.sudo().users

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("group_id" in vals or "is_custom" in vals for vals in vals_list):
            raise AccessError(_("The group of a role is set by the server."))
        for vals in vals_list:
            if not vals.get("group_id"):
                # sudo: a Director is not an administrator of access rights; the group implies sections only
                group = self.env["res.groups"].sudo().create(self._prepare_group_vals(vals))
                vals.update(group_id=group.id, is_custom=True)
        roles = super().create(vals_list)
        roles.filtered("is_custom")._sync_sections()
        return roles

    def write(self, vals):
        if not self.env.su and ("group_id" in vals or "is_custom" in vals):
            raise AccessError(_("The group of a role is set by the server."))
        sections = {f"{section}_access" for section in SECTIONS} & set(vals)
        builtin = self.filtered(lambda role: not role.is_custom)
        if sections and builtin and not self.env.su:
            raise UserError(
                _(
                    "The sections of the built-in role %(role)s are fixed: make a custom role instead.",
                    role=builtin[0].name,
                )
            )
        res = super().write(vals)
        if sections:
            self.filtered("is_custom")._sync_sections()
        if "name" in vals:
            for role in self.filtered("is_custom"):
                role.group_id.sudo().name = role.name
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_builtin_or_used(self):
        for role in self:
            if not role.is_custom and not self.env.su:
                raise UserError(_("The built-in role %(role)s cannot be deleted.", role=role.name))
            if role.job_ids:
                raise UserError(
                    _(
                        "The role %(role)s is the role of the positions %(jobs)s: give them another role first.",
                        role=role.name,
                        jobs=", ".join(role.job_ids.mapped("name")),
                    )
                )

    def unlink(self):
        # sudo: the custom roles' own groups; their users keep no section of a deleted role unless another of
        # their groups implies it
        groups = self.filtered("is_custom").group_id.sudo()
        sections = groups.trans_implied_ids & self._get_all_section_groups()
        users = groups.with_context(active_test=False).users
        res = super().unlink()
        groups.unlink()
        users._dental_remove_groups(sections)
        return res

    # ------------------------------------------------------------------ business methods
    @api.model
    def _prepare_group_vals(self, vals):
        return {
            "name": vals.get("name") or _("Custom Role"),
            "category_id": self.env.ref("dental_patient.module_category_dental_custom_roles").id,
            "implied_ids": [Command.link(self.env.ref("base.group_user").id)],
            "comment": _("A custom role of the clinic: the sections its Director ticked."),
        }

    def _get_section_groups(self):
        """The section groups the role's ticks give (the edit group implies the read one)."""
        self.ensure_one()
        groups = self.env["res.groups"]
        for section in SECTIONS:
            level = self[f"{section}_access"]
            if level != "none":
                groups |= self.env.ref(section_group_xmlid(section, level))
        return groups

    def _sync_sections(self):
        """Make the custom role's group imply exactly its ticked sections (and the internal user).

        Adding an implied group adds it to the group's users (res.groups.write); a section no longer given is
        removed from them unless another of their groups implies it (res.users._dental_remove_groups).
        """
        all_sections = self._get_all_section_groups()
        for role in self:
            # sudo: res.groups is written by access-rights administrators only; the groups written are the
            # role's own group and the section groups, never a group the caller names
            group = role.group_id.sudo()
            before = group.trans_implied_ids & all_sections
            wanted = role._get_section_groups().sudo()
            group.write({"implied_ids": [Command.set((self.env.ref("base.group_user") | wanted).ids)]})
            dropped = before - group.trans_implied_ids
            if dropped:
                group.with_context(active_test=False).users._dental_remove_groups(dropped)

    @api.model
    def _get_all_section_groups(self):
        groups = self.env["res.groups"]
        for section in SECTIONS:
            for level in ("read", "edit"):
                groups |= self.env.ref(section_group_xmlid(section, level))
        return groups
