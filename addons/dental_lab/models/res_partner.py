from odoo import api, fields, models


class ResPartner(models.Model):
    """Dental laboratories: suppliers tagged with the category "Laboratory"."""

    _inherit = "res.partner"

    dental_is_lab = fields.Boolean(
        string="Dental Laboratory",
        compute="_compute_dental_is_lab",
        store=True,
        index="btree_not_null",
        help="Tagged with the contact category Laboratory: lab work orders may be sent to this supplier.",
    )
    dental_lab_order_count = fields.Integer(
        string="Lab Orders", compute="_compute_dental_lab_order_count", groups="base.group_user"
    )

    @api.depends("category_id")
    def _compute_dental_is_lab(self):
        category = self.env.ref("dental_lab.res_partner_category_laboratory", raise_if_not_found=False)
        for partner in self:
            partner.dental_is_lab = bool(category and category in partner.category_id)

    def _compute_dental_lab_order_count(self):
        counts = dict(self.env["dental.lab.order"]._read_group([("lab_id", "in", self.ids)], ["lab_id"], ["__count"]))
        for partner in self:
            partner.dental_lab_order_count = counts.get(partner._origin, 0)

    def action_dental_lab_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_lab.dental_lab_order_action")
        action["domain"] = [("lab_id", "=", self.id)]
        action["context"] = {"default_lab_id": self.id}
        return action
