from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    dental_dms_registry = fields.Boolean(
        string="ДМС Registry Invoice", readonly=True, copy=False, index=True, help="An insurer's monthly invoice."
    )
    dental_dms_service_ids = fields.One2many(
        "dental.dms.service", "insurer_invoice_id", string="Registry Lines", readonly=True
    )
    dental_dms_service_count = fields.Integer(string="Registry Line Count", compute="_compute_dental_dms_service_count")
    dental_dms_date_from = fields.Date(string="Registry From", readonly=True, copy=False)
    dental_dms_date_to = fields.Date(string="Registry To", readonly=True, copy=False)

    @api.depends("dental_dms_service_ids")
    def _compute_dental_dms_service_count(self):
        counts = dict(
            self.env["dental.dms.service"]._read_group(
                [("insurer_invoice_id", "in", self.ids)], ["insurer_invoice_id"], ["__count"]
            )
        )
        for move in self:
            move.dental_dms_service_count = counts.get(move, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_dms_registry(self):
        # a draft registry invoice deleted gives its services back to the next registry
        if self.filtered(lambda m: m.dental_dms_registry and m.state != "draft"):
            raise UserError(_("A posted registry invoice is cancelled by a credit note, not deleted."))

    def action_dental_dms_view_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_dms.dental_dms_service_action")
        action["domain"] = [("insurer_invoice_id", "=", self.id)]
        action["context"] = {}
        return action
