from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.dental_cash.models.account_move_server_fields import AccountMove as CashAccountMove


class AccountMove(models.Model):
    _inherit = "account.move"
    # an insurer's registry invoice is made by the registry wizard only (a patient's invoice flagged as one would
    # count as the insurer's debt)
    _dental_server_fields = (
        *CashAccountMove._dental_server_fields,
        "dental_dms_registry",
        "dental_dms_date_from",
        "dental_dms_date_to",
    )

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

    # ------------------------------------------------------------------ services under ДМС of a patient's invoice
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._dms_record_services()
        return posted

    def button_draft(self):
        self._dms_drop_services()
        return super().button_draft()

    def button_cancel(self):
        self._dms_drop_services()
        return super().button_cancel()

    def _dms_record_services(self):
        """The services under ДМС of posted patient invoices: one per line split to the insurer (by the bill dialog
        or the plan's billing), for the insurer's registry. Checked again on posting: a draft waited, and other
        invoices may have used the approved quantity or the policy's limit since."""
        lines = self.filtered(lambda m: m.move_type == "out_invoice").invoice_line_ids.filtered(
            "dental_dms_approval_line_id"
        )
        if not lines:
            return
        Service = self.env["dental.dms.service"]._dms_server()
        # sudo: an invoice's services are checked against every service of the policy, whatever branch the user
        # reads (the limits hold across branches); nothing read is returned
        done = Service.sudo().search([("patient_invoice_id", "in", lines.move_id.ids)]).patient_invoice_id
        lines = lines.filtered(lambda line: line.move_id not in done)
        vals_list = []
        for move in lines.move_id:
            move_lines = lines.filtered(lambda line, m=move: line.move_id == m)
            vals_list += move._dms_service_vals(move_lines)
        Service.create(vals_list)

    def _dms_service_vals(self, lines):
        self.ensure_one()
        day = self.invoice_date
        currency = self.currency_id
        vals_list = []
        used = {}
        insured = {}
        for line in lines:
            approval_line = line.dental_dms_approval_line_id
            approval = approval_line.approval_id
            policy = approval.policy_id
            contract = policy.contract_id
            policy._dms_check_billable(day)
            left = used.get(approval_line, approval_line.qty_approved - approval_line.qty_billed)
            if (
                approval.state not in ("approved", "partial")
                or approval_line.decision != "approved"
                or (approval.valid_until and approval.valid_until < day)
                or float_compare(left, line.quantity, precision_digits=3) < 0
            ):
                raise UserError(
                    _(
                        "%(service)s is no longer approved for this quantity under %(approval)s (billed meanwhile, "
                        "or the approval changed): bill the procedure again.",
                        service=line.name,
                        approval=approval.name,
                    )
                )
            used[approval_line] = left - line.quantity
            insured[policy] = insured.get(policy, 0.0) + line.dental_dms_insurer_amount
            total = currency.round(line.dental_dms_price_unit * line.quantity)
            copay = currency.round(total * contract.copay_percent / 100.0)
            sale_line = line.sale_line_ids[:1]
            diagnosis = ""
            if contract.registry_medical_codes and sale_line:
                # sudo: the ICD-10 codes of the procedure's findings go to the insurer that requires them, whatever
                # medical records the front desk reads; only the codes are copied
                codes = sale_line.sudo().finding_ids.diagnosis_id.mapped("code")
                diagnosis = ", ".join(sorted(set(codes)))
            product = line.product_id
            vals_list.append(
                {
                    "company_id": self.company_id.id,
                    "date": day,
                    "policy_id": policy.id,
                    "contract_id": contract.id,
                    "approval_line_id": approval_line.id,
                    "appointment_id": self.dental_appointment_id.id,
                    "patient_invoice_id": self.id,
                    "sale_line_id": sale_line.id,
                    "product_id": product.id,
                    "service_code": product.dental_nsi_code or product.dental_code or product.default_code or "",
                    "diagnosis_code": diagnosis,
                    "doctor_id": line.dental_doctor_id.id,
                    "quantity": line.quantity,
                    "price_unit": line.dental_dms_price_unit,
                    "amount_total": total,
                    "amount_copay": copay,
                    "amount_excess": total - copay - line.dental_dms_insurer_amount,
                    "amount_insurer": line.dental_dms_insurer_amount,
                }
            )
        for policy, amount in insured.items():
            limit = policy.contract_id.limit_year
            # sudo: the limit counts every service of the policy, whatever branch the user reads
            if limit and float_compare(policy.sudo()._dms_consumed(day) + amount, limit, 2) > 0:
                raise UserError(
                    _(
                        "The yearly limit of the ДМС policy %s was used meanwhile: bill the procedures again.",
                        policy.display_name,
                    )
                )
        return vals_list

    def _dms_drop_services(self):
        """A patient's invoice back to draft or cancelled takes its services off the insurer's next registry (posting
        it again records them again); refused once they are on an insurer's invoice."""
        patient_invoices = self.filtered("dental_patient_id")
        # the services are dropped as the superuser: not for those who only read the invoice (other moves keep
        # Odoo's own checks)
        patient_invoices.check_access("write")
        services = (
            self.env["dental.dms.service"]
            .sudo()
            .search([("patient_invoice_id", "in", patient_invoices.filtered(lambda m: m.state == "posted").ids)])
        )
        invoiced = services.filtered(lambda s: s.state != "to_invoice")
        if invoiced:
            raise UserError(
                _(
                    "The insurer is invoiced for services of %(invoice)s (its registry invoice %(registry)s): cancel "
                    "that first.",
                    invoice=invoiced[0].patient_invoice_id.name,
                    registry=invoiced[0].insurer_invoice_id.name,
                )
            )
        # sudo: the services follow their patient's invoice, whoever may reset it (the closed-day lock still holds)
        services.unlink()

    def action_dental_dms_view_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_dms.dental_dms_service_action")
        action["domain"] = [("insurer_invoice_id", "=", self.id)]
        action["context"] = {}
        return action
