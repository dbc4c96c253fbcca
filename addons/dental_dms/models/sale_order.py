from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dental_patient.models.dental_server_fields import server_context

from .dental_dms_approval import BILLABLE_STATES


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
        # a procedure the insurer rejected in a partial answer may be requested again (that answer is frozen once
        # billed)
        sale_lines = self.order_line - requested.line_ids.filtered(lambda ln: ln.decision != "rejected").sale_line_id
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

    def _create_invoices(self, grouped=False, final=False, date=None):
        """A plan's performed procedures billed from the plan (its Bill button, Odoo's Create Invoice): the approved
        ones split like the bill dialog does (the insurer's part at its prices, the co-payment and the excess on the
        patient's invoice)."""
        patient_lines = {}
        for order in self.filtered("is_treatment_plan"):
            policy, split = order._dms_plan_split()
            for sale_line, values in split.items():
                patient_lines[sale_line.id] = {
                    **policy._dms_patient_part(values, sale_line.name, sale_line.qty_to_invoice),
                    **self.env["account.move.line"]._dms_line_vals(values),
                }
        if not patient_lines:
            return super()._create_invoices(grouped=grouped, final=final, date=date)
        # the insured lines' patient part, insurer price, part and approval (server-only fields of the invoice
        # lines, this context key replacing any a client sent); posting the invoice records the services under ДМС
        # (account.move._dms_record_services)
        orders = self.with_context(dental_dms_plan_lines=patient_lines, **server_context("account.move.line"))
        return super(SaleOrder, orders)._create_invoices(grouped=grouped, final=final, date=date)

    def _dms_plan_split(self):
        """(policy, ``{plan procedure: values}``) of the performed procedures approved under a policy of the
        patient; (None, {}) when none is."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda ml: not ml.display_type and ml.qty_to_invoice > 0)
        # Odoo's own sales users (no ДМС access) invoice a quotation natively: the patient pays the clinic's prices
        if not self.is_treatment_plan or not lines or not self.env["dental.dms.approval.line"].has_access("read"):
            return None, {}
        approval_lines = self.env["dental.dms.approval.line"].search(
            [
                ("sale_line_id", "in", lines.ids),
                ("decision", "=", "approved"),
                ("approval_id.state", "in", BILLABLE_STATES),
                ("approval_id.patient_id", "=", self.patient_id.id),
            ],
            order="id desc",
        )
        policy = approval_lines.approval_id.policy_id[:1]
        if not policy:
            return None, {}
        covered = lines & approval_lines.filtered(lambda al: al.approval_id.policy_id == policy).sale_line_id
        day = self.company_id._dental_today()
        split = policy._dms_split(
            [(line, line.product_id, line.qty_to_invoice, line) for line in covered], day, self.currency_id
        )
        return policy, split

    def action_dental_dms_view_approvals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_dms.dental_dms_approval_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id, "default_policy_id": self.dental_dms_policy_id.id}
        return action
