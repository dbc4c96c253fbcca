from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dental_dms_approval_ids = fields.One2many("dental.dms.approval", "plan_id", string="ДМС Approvals")
    dental_dms_approval_count = fields.Integer(string="ДМС Approval Count", compute="_compute_dental_dms")
    dental_dms_policy_id = fields.Many2one(
        "dental.insurance.policy", string="ДМС Policy", compute="_compute_dental_dms"
    )
    dental_dms_consumed = fields.Monetary(
        string="ДМС Consumed", compute="_compute_dental_dms", currency_field="currency_id"
    )
    dental_dms_limit = fields.Monetary(
        string="ДМС Yearly Limit", compute="_compute_dental_dms", currency_field="currency_id"
    )
    dental_dms_remaining = fields.Monetary(
        string="ДМС Remaining", compute="_compute_dental_dms", currency_field="currency_id"
    )

    @api.depends("patient_id", "dental_dms_approval_ids")
    def _compute_dental_dms(self):
        # Odoo's own sales users read quotations, not the patients' policies and approvals: nothing to show them
        if not self.env["dental.insurance.policy"].has_access("read"):
            self.update(
                {
                    "dental_dms_approval_count": 0,
                    "dental_dms_policy_id": False,
                    "dental_dms_consumed": 0.0,
                    "dental_dms_limit": 0.0,
                    "dental_dms_remaining": 0.0,
                }
            )
            return
        readable = self.env["dental.dms.approval"].has_access("read")
        for order in self:
            approvals = order.dental_dms_approval_ids if readable else self.env["dental.dms.approval"]
            policy = approvals.policy_id.filtered(lambda p: p.state == "valid")[:1]
            if not policy and order.is_treatment_plan and order.patient_id:
                policy = order.patient_id.dental_dms_policy_id
            order.dental_dms_approval_count = len(approvals)
            order.dental_dms_policy_id = policy
            order.dental_dms_consumed = policy.consumed_amount
            order.dental_dms_limit = policy.limit_year
            order.dental_dms_remaining = policy.remaining_amount

    def action_dental_dms_request_approval(self):
        """A draft approval of the plan's procedures the patient's programme covers, at the insurer's prices."""
        self.ensure_one()
        policy = self.dental_dms_policy_id
        if not self.is_treatment_plan or not policy:
            raise UserError(_("The patient has no valid ДМС policy: add one on the patient's card first."))
        requested = self.dental_dms_approval_ids.filtered(lambda a: a.state not in ("rejected", "expired"))
        sale_lines = self.order_line - requested.line_ids.sale_line_id
        Approval = self.env["dental.dms.approval"]
        line_vals = Approval._dms_line_vals(policy, sale_lines)
        if not line_vals:
            raise UserError(
                _(
                    "No procedure of %(plan)s waits for approval under the programme %(programme)s.",
                    plan=self.display_name,
                    programme=policy.contract_id.display_name,
                )
            )
        approval = Approval.create(
            {
                "policy_id": policy.id,
                "plan_id": self.id,
                "company_id": self.company_id.id,
                "line_ids": [fields.Command.create(vals) for vals in line_vals],
            }
        )
        return approval._get_records_action()

    def action_dental_dms_view_approvals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_dms.dental_dms_approval_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id, "default_policy_id": self.dental_dms_policy_id.id}
        return action
