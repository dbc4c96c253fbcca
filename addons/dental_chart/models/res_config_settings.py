from odoo import _, api, fields, models

from odoo.addons.dental_patient.tools import actions


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_tooth_notation = fields.Selection(related="company_id.dental_tooth_notation", readonly=False)
    dental_image_max_size = fields.Integer(related="company_id.dental_image_max_size", readonly=False)
    # The token is never sent back to the browser: only its last characters; a new one replaces it on save.
    dental_import_token_hint = fields.Char(
        string="Current Import Token", compute="_compute_dental_import_token_hint", groups="base.group_system"
    )
    dental_import_token_new = fields.Char(string="New Import Token", groups="base.group_system")

    @api.depends("company_id")
    def _compute_dental_import_token_hint(self):
        for settings in self:
            token = settings.company_id.sudo().dental_import_token
            settings.dental_import_token_hint = f"…{token[-4:]}" if token else False

    def set_values(self):
        res = super().set_values()
        for settings in self.filtered("dental_import_token_new"):
            settings.company_id.dental_import_token = settings.dental_import_token_new.strip()
            # not kept in the settings' table
            settings.dental_import_token_new = False
        return res

    def action_dental_generate_import_token(self):
        """Replace the branch's token by a random one and show it once."""
        self.ensure_one()
        token = self.company_id._dental_generate_import_token()
        return actions.notification(
            _("Copy it into the analysis service now; it is not shown again: %(token)s", token=token),
            "warning",
            title=_("New import token"),
            sticky=True,
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def action_dental_clear_import_token(self):
        """Disable the import: the branch has no token any more."""
        self.ensure_one()
        self.company_id.dental_import_token = False
        return {"type": "ir.actions.client", "tag": "soft_reload"}
