from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dental_patient.models.dental_server_fields import is_server_write, server_context

# the request: what is asked of the insurer (changed only while the approval is a draft)
REQUEST_LINE_FIELDS = {"approval_id", "sale_line_id", "quantity", "price_unit"}
# the insurer's answer: recorded once the request is sent, until a service is billed under it
ANSWER_LINE_FIELDS = {"decision", "qty_approved"}


class DentalDmsApprovalLine(models.Model):
    _name = "dental.dms.approval.line"
    _description = "ДМС Approval Procedure"
    _order = "approval_id, id"

    approval_id = fields.Many2one("dental.dms.approval", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="approval_id.currency_id")
    company_id = fields.Many2one(related="approval_id.company_id", store=True)
    sale_line_id = fields.Many2one("sale.order.line", string="Plan Procedure", required=True, index=True)
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True, string="Service")
    tooth_ids = fields.Many2many(related="sale_line_id.tooth_ids", string="Teeth")
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    price_unit = fields.Monetary(string="Insurer Price", help="The insurer's price of the service (its price list).")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    decision = fields.Selection(
        [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        copy=False,
    )
    qty_approved = fields.Float(string="Approved Qty", digits="Product Unit of Measure", copy=False)
    amount_approved = fields.Monetary(compute="_compute_amount", store=True)
    service_ids = fields.One2many("dental.dms.service", "approval_line_id", string="Billed Services")
    qty_billed = fields.Float(compute="_compute_qty_billed", digits="Product Unit of Measure")

    @api.depends("quantity", "price_unit", "qty_approved", "decision")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit
            approved = line.qty_approved if line.decision == "approved" else 0.0
            line.amount_approved = approved * line.price_unit

    @api.depends("service_ids.quantity")
    def _compute_qty_billed(self):
        for line in self:
            line.qty_billed = sum(line.sudo().service_ids.mapped("quantity"))

    @api.constrains("sale_line_id", "approval_id")
    def _check_covered(self):
        for line in self:
            contract = line.approval_id.contract_id
            if line.product_id and contract and not contract._dms_covers(line.product_id):
                raise ValidationError(
                    _(
                        "The programme %(programme)s does not cover %(service)s: it cannot be sent for approval.",
                        programme=contract.display_name,
                        service=line.product_id.display_name,
                    )
                )

    @api.onchange("decision")
    def _onchange_decision(self):
        if self.decision == "approved" and not self.qty_approved:
            self.qty_approved = self.quantity
        elif self.decision == "rejected":
            self.qty_approved = 0.0

    @api.constrains("sale_line_id", "approval_id")
    def _check_plan(self):
        for line in self:
            plan = line.approval_id.plan_id
            if line.sale_line_id.order_id.patient_id != line.approval_id.patient_id or (
                plan and line.sale_line_id.order_id != plan
            ):
                raise ValidationError(_("A procedure of another plan or patient cannot be approved here."))

    @api.constrains("qty_approved", "quantity", "decision")
    def _check_qty(self):
        for line in self:
            if line.quantity <= 0 or line.qty_approved < 0 or line.qty_approved > line.quantity:
                raise ValidationError(_("The approved quantity is between 0 and the requested one."))
            if line.decision == "approved" and not line.qty_approved:
                raise ValidationError(_("An approved procedure needs an approved quantity."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not is_server_write(self.env, self._name):
            approvals = self.env["dental.dms.approval"].browse({vals.get("approval_id") for vals in vals_list} - {None})
            if approvals.filtered(lambda a: a.state != "draft"):
                raise UserError(_("A procedure is added to a draft approval only, before it is sent to the insurer."))
            if any(vals.get("decision", "pending") != "pending" or vals.get("qty_approved") for vals in vals_list):
                raise UserError(_("The insurer's answer is recorded once the request is sent, not on a new line."))
        return super().create(vals_list)

    def write(self, vals):
        if is_server_write(self.env, self._name):
            return super().write(vals)
        fnames = set(vals)
        if REQUEST_LINE_FIELDS & fnames and self.filtered(lambda line: line.approval_id.state != "draft"):
            raise UserError(_("The procedures of an approval sent to the insurer no longer change."))
        if ANSWER_LINE_FIELDS & fnames:
            self._dms_check_answer_editable()
        res = super().write(vals)
        if ANSWER_LINE_FIELDS & fnames:
            # an answer corrected on an answered approval gives it its status again (checked like the first one)
            self.approval_id.filtered(lambda a: a.state in ("approved", "partial", "rejected"))._dms_apply_answer()
        return res

    def _dms_check_answer_editable(self):
        for line in self:
            if line.approval_id.state not in ("requested", "approved", "partial", "rejected"):
                raise UserError(
                    _(
                        "The insurer's answer is recorded on a request sent to it, not on the approval %s.",
                        line.approval_id.name,
                    )
                )
            # the whole answer, not only the billed line: the guarantee letter the registry quotes approved it so
            if line.approval_id.line_ids.sudo().service_ids:
                raise UserError(
                    _(
                        "Services are billed to the insurer under %(approval)s: its answer no longer changes (request "
                        "the approval of %(service)s again).",
                        service=line.product_id.display_name,
                        approval=line.approval_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_requests(self):
        if not is_server_write(self.env, self._name) and self.filtered(lambda line: line.approval_id.state != "draft"):
            raise UserError(_("The procedures of an approval sent to the insurer no longer change."))

    def _dms_server(self):
        """These lines allowed to be written by the approval's actions (after their own checks)."""
        return self.with_context(**server_context(self._name))

    def _dms_diagnosis_codes(self):
        """ICD-10 codes the procedure treats: the patient's active findings on its teeth and its own findings.

        sudo: an approval request carries the diagnoses the insurer needs to approve the treatment, whatever
        medical records the registrar sending it reads; only the codes and names are returned.
        """
        self.ensure_one()
        sale_line = self.sale_line_id.sudo()
        findings = sale_line.finding_ids
        if sale_line.tooth_ids:
            findings |= (
                self.env["dental.chart.finding"]
                .sudo()
                .search(
                    [
                        ("patient_id", "=", self.approval_id.patient_id.id),
                        ("state", "=", "active"),
                        ("tooth_ids", "in", sale_line.tooth_ids.ids),
                        ("diagnosis_id", "!=", False),
                    ]
                )
            )
        return ", ".join(sorted(set(findings.diagnosis_id.mapped("display_name"))))
