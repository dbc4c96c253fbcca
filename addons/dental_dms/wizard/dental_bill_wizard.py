from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
        """``{wizard line: values}`` of the lines billed to the insurer (``policy._dms_split``); a UserError on bad
        input (a policy of another patient or not valid on the day, a procedure not covered, not approved or
        approved for less, a service without an insurer price)."""
        self.ensure_one()
        policy = self.dms_policy_id
        lines = self.line_ids.filtered("dms_covered")
        if not policy or not lines:
            return {}
        if policy.patient_id != self.patient_id:
            raise UserError(_("The ДМС policy %s is another patient's.", policy.display_name))
        day = self.invoice_date or fields.Date.context_today(self)
        currency = self.currency_id or self.env.company.currency_id
        return policy._dms_split(
            [(line, line.product_id, line.quantity, line.sale_line_id) for line in lines], day, currency
        )

    # ------------------------------------------------------------------ confirm
    def action_confirm(self):
        self.ensure_one()
        if not self.dms_policy_id:
            return super().action_confirm()
        self._check_before_confirm()
        split = self._dms_split()  # raises before anything is billed
        for line, values in split.items():
            line.write({**self.dms_policy_id._dms_patient_part(values, line.name, line.quantity), "program_id": False})
        # the insured lines' insurer price, part and approval go on the patient's invoice lines (server-only
        # fields); posting the invoice records the services under ДМС (account.move._dms_record_services)
        wizard = self.with_context(
            dental_dms_lines=[line.id for line in split],
            dental_dms_split={line.id: values for line, values in split.items()},
            **server_context("account.move.line"),
        )
        return super(DentalBillWizard, wizard).action_confirm()

    def _apply_program(self):
        res = super()._apply_program()
        dms_lines = self.line_ids.browse(self.env.context.get("dental_dms_lines", []))
        # the patient's part of an insured service is the insurer's rule, not a discountable price
        dms_lines.filtered(lambda line: line.discount or line.program_id).write({"discount": 0.0, "program_id": False})
        return res
