from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

OPEN_STATES = ("draft", "requested")
BILLABLE_STATES = ("approved", "partial")
ANSWERED_STATES = ("approved", "partial", "rejected")
# What the request sent to the insurer is about: fixed once it is sent.
REQUEST_FIELDS = {"policy_id", "plan_id", "company_id"}
# The insurer's answer: fixed once a service is billed under it (the registry quotes it).
ANSWER_FIELDS = {"guarantee_letter", "guarantee_letter_scan", "valid_until"}


class DentalDmsApproval(models.Model):
    """A treatment plan (or some of its lines) sent to the insurer for approval, and the insurer's answer.

    requested → approved (every line) / partially approved (per line) / rejected; an approval past its validity
    expires. Only approved lines are billed to the insurer, at most the approved quantity.
    """

    _name = "dental.dms.approval"
    _description = "ДМС Approval"
    _inherit = ["dental.server.fields.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "request_date desc, id desc"
    _check_company_auto = True
    # the status and its dates follow the actions (request, the insurer's answer recorded per line, expiry): a
    # client never writes "approved" itself
    _dental_server_fields = ("state", "request_date", "answer_date")
    _dental_accept_resent_values = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/", index="trigram")
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    # stored: the approvals list shows amounts without reading the programmes and their price lists
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True)
    policy_id = fields.Many2one(
        "dental.insurance.policy",
        string="Policy",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        domain="[('patient_id', '=?', patient_id)]",
    )
    patient_id = fields.Many2one(related="policy_id.patient_id", store=True, index=True, string="Patient")
    contract_id = fields.Many2one(related="policy_id.contract_id", store=True, index=True, string="Programme")
    insurer_id = fields.Many2one(related="policy_id.insurer_id", store=True, index=True, string="Insurer")
    plan_id = fields.Many2one(
        "sale.order",
        string="Treatment Plan",
        index=True,
        check_company=True,
        domain="[('is_treatment_plan', '=', True), ('patient_id', '=', patient_id)]",
    )
    line_ids = fields.One2many("dental.dms.approval.line", "approval_id", string="Procedures", copy=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("partial", "Partially Approved"),
            ("rejected", "Rejected"),
            ("expired", "Expired"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, tracking=True)
    request_date = fields.Date(string="Requested On", copy=False, tracking=True, index=True)
    answer_date = fields.Date(string="Answered On", copy=False, tracking=True)
    valid_until = fields.Date(string="Approval Valid Until", copy=False, tracking=True)
    guarantee_letter = fields.Char(string="Guarantee Letter №", copy=False, tracking=True, index="btree_not_null")
    guarantee_letter_scan = fields.Binary(string="Guarantee Letter Scan", attachment=True, copy=False)
    guarantee_letter_filename = fields.Char(copy=False)
    amount_requested = fields.Monetary(string="Requested", compute="_compute_amounts", store=True)
    amount_approved = fields.Monetary(string="Approved", compute="_compute_amounts", store=True)
    amount_used = fields.Monetary(string="Billed to the Insurer", compute="_compute_amount_used")
    days_pending = fields.Integer(compute="_compute_days_pending")
    note = fields.Text()

    @api.depends("line_ids.amount", "line_ids.amount_approved")
    def _compute_amounts(self):
        for approval in self:
            approval.amount_requested = sum(approval.line_ids.mapped("amount"))
            approval.amount_approved = sum(approval.line_ids.mapped("amount_approved"))

    def _compute_amount_used(self):
        for approval in self:
            approval.amount_used = sum(approval.line_ids.service_ids.mapped("amount_insurer"))

    @api.depends("state", "request_date")
    def _compute_days_pending(self):
        today = fields.Date.context_today(self)
        for approval in self:
            pending = approval.state == "requested" and approval.request_date
            approval.days_pending = (today - approval.request_date).days if pending else 0

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dental.dms.approval") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self._dental_is_server_write():
            self._dms_check_frozen(set(vals))
        return super().write(vals)

    def _dms_check_frozen(self, fnames):
        """The request's subject is fixed once sent; the insurer's answer once a service is billed under it."""
        if REQUEST_FIELDS & fnames:
            sent = self.filtered(lambda a: a.state != "draft")
            if sent:
                raise UserError(
                    _(
                        "The approval %s was sent to the insurer: its policy, plan and branch no longer change.",
                        sent[0].name,
                    )
                )
        if ANSWER_FIELDS & fnames:
            billed = self.filtered(lambda a: a.line_ids.sudo().service_ids)
            if billed:
                raise UserError(
                    _(
                        "Services are billed to the insurer under the approval %s: its guarantee letter and validity "
                        "no longer change.",
                        billed[0].name,
                    )
                )

    @api.constrains("plan_id", "policy_id")
    def _check_plan_patient(self):
        for approval in self:
            if approval.plan_id and approval.plan_id.patient_id != approval.patient_id:
                raise ValidationError(_("The plan and the policy belong to different patients."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda a: a.state != "draft"):
            raise UserError(_("Only a draft approval can be deleted; a sent one stays as the insurer's record."))

    # ------------------------------------------------------------------ building from a plan
    @api.model
    def _dms_line_vals(self, policy, sale_lines, day=None):
        """Lines of an approval request: the plan's procedures the programme covers, at the insurer's prices."""
        contract = policy.contract_id
        vals_list = []
        for line in sale_lines.filtered(lambda sl: not sl.display_type and sl.product_id):
            if not contract._dms_covers(line.product_id):
                continue
            vals_list.append(
                {
                    "sale_line_id": line.id,
                    "quantity": line.product_uom_qty,
                    "price_unit": contract._dms_price(line.product_id, line.product_uom_qty, day=day),
                }
            )
        return vals_list

    # ------------------------------------------------------------------ workflow
    def action_send_request(self):
        """Open the e-mail to the insurer (its approvals address), with the request PDF attached."""
        self.ensure_one()
        self._dms_check_requestable()
        template = self.env.ref("dental_dms.mail_template_dms_approval_request")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "dental_dms_mark_requested": True,
                "force_email": True,
            },
        }

    def _dms_check_requestable(self):
        for approval in self:
            if approval.state not in OPEN_STATES:
                raise UserError(_("The approval %s has already been answered.", approval.name))
            if not approval.line_ids:
                raise UserError(_("Add the procedures to approve to %s.", approval.name))
            approval.policy_id._dms_check_billable(fields.Date.context_today(self))

    def message_post(self, **kwargs):
        if self.env.context.get("dental_dms_mark_requested"):
            self.filtered(lambda a: a.state == "draft").action_mark_requested()
        return super().message_post(**kwargs)

    def action_mark_requested(self):
        """The request is with the insurer (sent by e-mail from here, or by the insurer's portal)."""
        self._dms_check_requestable()
        self.filtered(lambda a: a.state == "draft")._dental_server_write(
            {"state": "requested", "request_date": fields.Date.context_today(self)}
        )

    def action_approve_all(self):
        self._dms_check_answerable()
        for line in self.line_ids:
            line._dms_server().write({"decision": "approved", "qty_approved": line.quantity})
        self.action_record_answer()

    def action_reject(self):
        self._dms_check_answerable()
        self.line_ids._dms_server().write({"decision": "rejected", "qty_approved": 0.0})
        self.action_record_answer()

    def _dms_check_answerable(self):
        for approval in self:
            if approval.state not in ("requested", "approved", "partial", "rejected"):
                raise UserError(_("Send the request %s to the insurer before recording its answer.", approval.name))

    def action_record_answer(self):
        """Record the insurer's answer given per line: approved, partially approved or rejected."""
        self._dms_check_answerable()
        self._dms_apply_answer()

    def _dms_apply_answer(self):
        """The status the lines' decisions give (every line decided, a guarantee letter for an approval)."""
        today = fields.Date.context_today(self)
        for approval in self:
            lines = approval.line_ids
            if lines.filtered(lambda line: line.decision == "pending"):
                raise UserError(_("Decide every procedure of %s (approved or rejected) first.", approval.name))
            approved = lines.filtered(lambda line: line.decision == "approved")
            if approved and not approval.guarantee_letter:
                raise UserError(_("Enter the number of the insurer's guarantee letter of %s.", approval.name))
            if not approved:
                state = "rejected"
            elif approved == lines and all(line.qty_approved >= line.quantity for line in lines):
                state = "approved"
            else:
                state = "partial"
            approval._dental_server_write({"state": state, "answer_date": approval.answer_date or today})
            approval.activity_ids.filtered(
                lambda act: act.activity_type_id == self.env.ref("dental_dms.mail_activity_type_dms_reminder")
            ).action_feedback(feedback=_("The insurer answered."))

    def action_reset_draft(self):
        for approval in self:
            if approval.line_ids.sudo().service_ids:
                raise UserError(_("Services of %s are billed to the insurer: it cannot be reset.", approval.name))
        self.line_ids._dms_server().write({"decision": "pending", "qty_approved": 0.0})
        self._dental_server_write({"state": "draft", "answer_date": False})

    # ------------------------------------------------------------------ crons
    @api.model
    def _cron_dms_approvals(self):
        """Expire the approvals past their validity; remind of requests pending longer than the branch allows."""
        today = fields.Date.context_today(self)
        self.search(
            [("state", "in", ("requested", *BILLABLE_STATES)), ("valid_until", "<", today)]
        )._dental_server_write({"state": "expired"})
        reminder = self.env.ref("dental_dms.mail_activity_type_dms_reminder")
        pending = self.search([("state", "=", "requested")])
        for approval in pending:
            days = approval.company_id.dental_dms_reminder_days
            if not days or approval.request_date > today - timedelta(days=days):
                continue
            if approval.activity_ids.filtered(lambda act, t=reminder: act.activity_type_id == t):
                continue
            approval.activity_schedule(
                activity_type_id=reminder.id,
                user_id=(approval.user_id or approval.create_uid).id,
                summary=_("The insurer has not answered the approval request for %s days", days),
            )
