from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.dental_patient.models.dental_server_fields import server_context

from ..models.dental_dms_approval import BILLABLE_STATES


class DentalBillWizard(models.TransientModel):
    """Billing a visit under a ДМС policy: the approved procedures go to the insurer's registry at the insurer's
    prices, the patient's invoice takes the co-payment, the beyond-limit part and the services not covered."""

    _inherit = "dental.bill.wizard"

    dms_policy_id = fields.Many2one(
        "dental.insurance.policy",
        string="ДМС Policy",
        compute="_compute_dms_policy_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('patient_id', '=', patient_id)]",
        help="The policy whose insurer pays the approved procedures of the visit.",
    )
    dms_amount_insurer = fields.Monetary(string="Insurer Pays", compute="_compute_amounts")

    @api.depends("appointment_id")
    def _compute_dms_policy_id(self):
        for wizard in self:
            # the policy of an approval answered for a procedure of this visit; none otherwise (the front desk
            # picks it by hand to bill an unplanned visit under ДМС)
            lines = self.env["dental.dms.approval.line"].search(
                [
                    ("sale_line_id", "in", wizard.appointment_id.plan_line_ids.ids),
                    ("decision", "=", "approved"),
                    ("approval_id.state", "in", BILLABLE_STATES),
                ],
                limit=1,
            )
            wizard.dms_policy_id = lines.approval_id.policy_id

    @api.depends(
        "line_ids.subtotal",
        "line_ids.untaxed",
        "line_ids.gross",
        "line_ids.dms_covered",
        "program_id",
        "use_deposit",
        "deposit_available",
        "cash_amount",
        "card_amount",
        "bank_amount",
        "dms_policy_id",
        "invoice_date",
    )
    def _compute_amounts(self):
        res = super()._compute_amounts()
        for wizard in self:
            split = wizard._dms_split_preview()
            insurer = sum(values["amount_insurer"] for values in split.values())
            patient_less = sum(line.subtotal - values["patient"] for line, values in split.items())
            wizard.dms_amount_insurer = insurer
            if split:
                wizard.amount_total -= patient_less
                wizard.amount_discount += patient_less
                deposit = min(wizard.deposit_available, wizard.amount_total) if wizard.use_deposit else 0.0
                wizard.amount_due = wizard.amount_total - deposit
                paid = wizard.cash_amount + wizard.card_amount + wizard.bank_amount
                wizard.change_amount = max(paid - wizard.amount_due, 0.0)
        return res

    # ------------------------------------------------------------------ the split
    def _dms_split_preview(self):
        """The split the dialog shows; empty while the input is not billable (confirming then says why)."""
        try:
            return self._dms_split()  # reads only
        except UserError:
            return {}

    def _dms_split(self):
        """``{wizard line: values}`` of the lines billed to the insurer; a UserError on bad input (a policy not
        valid on the day, a procedure not approved or approved for less, a service without an insurer price)."""
        self.ensure_one()
        policy = self.dms_policy_id
        lines = self.line_ids.filtered("dms_covered")
        if not policy or not lines:
            return {}
        day = self.invoice_date or fields.Date.context_today(self)
        policy._dms_check_billable(day)
        contract = policy.contract_id
        currency = self.currency_id or self.env.company.currency_id
        # sudo: the limit counts every service of the policy, whatever branch the user reads
        consumed = policy.sudo()._dms_consumed(day)
        visit_used = 0.0
        split = {}
        approved_left = {}
        for line in lines:
            approval_line = self._dms_approval_line(line, policy, day, approved_left)
            price = contract._dms_price(line.product_id, line.quantity, day=day)
            total = currency.round(price * line.quantity)
            copay = currency.round(total * contract.copay_percent / 100.0)
            share = total - copay
            rooms = [share]
            if contract.limit_year:
                rooms.append(contract.limit_year - consumed)
            if contract.limit_visit:
                rooms.append(contract.limit_visit - visit_used)
            covered = currency.round(max(min(rooms), 0.0))
            consumed += covered
            visit_used += covered
            split[line] = {
                "approval_line": approval_line,
                "price_unit": price,
                "amount_total": total,
                "amount_copay": copay,
                "amount_excess": share - covered,
                "amount_insurer": covered,
                "patient": copay + share - covered,
            }
        return split

    def _dms_approval_line(self, line, policy, day, approved_left):
        """The approved procedure of ``policy`` that covers the wizard line (enough approved quantity left)."""
        candidates = self.env["dental.dms.approval.line"]
        if line.sale_line_id:
            candidates = candidates.search(
                [
                    ("sale_line_id", "=", line.sale_line_id.id),
                    ("decision", "=", "approved"),
                    ("approval_id.policy_id", "=", policy.id),
                    ("approval_id.state", "in", BILLABLE_STATES),
                ]
            )
        for candidate in candidates:
            valid_until = candidate.approval_id.valid_until
            if valid_until and valid_until < day:
                continue
            left = approved_left.get(candidate, candidate.qty_approved - candidate.qty_billed)
            if float_compare(left, line.quantity, precision_digits=3) >= 0:
                approved_left[candidate] = left - line.quantity
                return candidate
        raise UserError(
            _(
                "%(service)s is not approved by the insurer under the policy %(policy)s (or its approved quantity "
                "is used up): record the insurer's approval, or clear «ДМС» on the line to bill the patient.",
                service=line.name,
                policy=policy.display_name,
            )
        )

    # ------------------------------------------------------------------ confirm
    def action_confirm(self):
        self.ensure_one()
        if not self.dms_policy_id:
            return super().action_confirm()
        self._check_before_confirm()
        split = self._dms_split()  # raises before anything is billed
        for line, values in split.items():
            line.write(
                {
                    "price_unit": values["patient"] / line.quantity if line.quantity else 0.0,
                    "discount": 0.0,
                    "program_id": False,
                    "name": _(
                        "%(service)s (ДМС %(policy)s: the insurer pays %(amount)s)",
                        service=line.name,
                        policy=self.dms_policy_id.name,
                        amount=values["amount_insurer"],
                    ),
                }
            )
        # the insured lines' insurer price and part go on the patient's invoice lines (server-only fields)
        wizard = self.with_context(
            dental_dms_lines=[line.id for line in split],
            dental_dms_split={
                line.id: (values["price_unit"], values["amount_insurer"]) for line, values in split.items()
            },
            **server_context("account.move.line"),
        )
        action = super(DentalBillWizard, wizard).action_confirm()
        invoice = self.env["account.move"].browse(action["res_id"])
        wizard._dms_create_services(split, invoice)
        return action

    def _apply_program(self):
        res = super()._apply_program()
        dms_lines = self.line_ids.browse(self.env.context.get("dental_dms_lines", []))
        # the patient's part of an insured service is the insurer's rule, not a discountable price
        dms_lines.filtered(lambda line: line.discount or line.program_id).write({"discount": 0.0, "program_id": False})
        return res

    def _dms_create_services(self, split, invoice):
        policy = self.dms_policy_id
        contract = policy.contract_id
        vals_list = []
        for line, values in split.items():
            if not values["amount_insurer"] and not values["amount_total"]:
                continue
            product = line.product_id
            diagnosis = ""
            if contract.registry_medical_codes and line.sale_line_id:
                # sudo: the ICD-10 codes of the procedure's findings go to the insurer that requires them, whatever
                # medical records the front desk reads; only the codes are copied
                codes = line.sale_line_id.sudo().finding_ids.diagnosis_id.mapped("code")
                diagnosis = ", ".join(sorted(set(codes)))
            vals_list.append(
                {
                    "company_id": invoice.company_id.id,
                    "date": self.invoice_date,
                    "policy_id": policy.id,
                    "contract_id": contract.id,
                    "approval_line_id": values["approval_line"].id,
                    "appointment_id": self.appointment_id.id,
                    "patient_invoice_id": invoice.id,
                    "sale_line_id": line.sale_line_id.id,
                    "product_id": product.id,
                    "service_code": product.dental_nsi_code or product.dental_code or product.default_code or "",
                    "diagnosis_code": diagnosis,
                    "doctor_id": line.doctor_id.id,
                    "quantity": line.quantity,
                    "price_unit": values["price_unit"],
                    "amount_total": values["amount_total"],
                    "amount_copay": values["amount_copay"],
                    "amount_excess": values["amount_excess"],
                    "amount_insurer": values["amount_insurer"],
                }
            )
        return self.env["dental.dms.service"].create(vals_list)
