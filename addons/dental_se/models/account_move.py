from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .dental_se_financing_request import ACTIVE, STATES


class AccountMove(models.Model):
    """A patient's invoice is registered with the branch's financing provider in one click."""

    _inherit = "account.move"

    dental_se_financing_ids = fields.One2many(
        "dental.se.financing.request", "move_id", string="Financing Registrations"
    )
    dental_se_financing_state = fields.Selection(
        STATES,
        string="Financing",
        compute="_compute_dental_se_financing_state",
        store=True,
        index="btree_not_null",
        help="State of the invoice's last registration with the financing provider.",
    )
    dental_se_financing_reason = fields.Char(
        string="Financing Problem", compute="_compute_dental_se_financing_state", store=True
    )
    dental_se_financing_plan = fields.Char(string="Patient's Choice", compute="_compute_dental_se_financing_plan")
    dental_se_can_register = fields.Boolean(
        string="Can Be Sent to the Financing Provider", compute="_compute_dental_se_can_register"
    )

    @api.depends("dental_se_financing_ids.state", "dental_se_financing_ids.error_text")
    def _compute_dental_se_financing_state(self):
        for move in self:
            last = move.dental_se_financing_ids.sorted("id")[-1:]
            move.dental_se_financing_state = last.state or False
            move.dental_se_financing_reason = last.error_text or False

    @api.depends("dental_se_financing_ids.plan", "dental_se_financing_ids.months")
    def _compute_dental_se_financing_plan(self):
        for move in self:
            last = move.dental_se_financing_ids.sorted("id")[-1:]
            if last.plan == "instalments":
                move.dental_se_financing_plan = _("Instalments, %s months", last.months)
            elif last.plan == "invoice":
                move.dental_se_financing_plan = _("Within %s days, free of charge", last.provider_id.due_days)
            else:
                move.dental_se_financing_plan = False

    @api.depends(
        "state", "move_type", "payment_state", "dental_patient_id", "company_id", "dental_se_financing_ids.state"
    )
    @api.depends_context("company")
    def _compute_dental_se_can_register(self):
        providers = self.env["dental.se.financing.provider"].search([("company_id", "in", self.company_id.ids)])
        for move in self:
            move.dental_se_can_register = bool(
                move._dental_se_registrable()
                and move.company_id in providers.company_id
                and not move.dental_se_financing_ids.filtered(lambda r: r.state in (*ACTIVE, "paid"))
            )

    def action_dental_se_register(self):
        """Register the posted patient invoice with the branch's financing provider (sent by the queue cron)."""
        self.ensure_one()
        self.check_access("write")
        if not self._dental_se_registrable():
            raise UserError(_("Only a posted, unpaid invoice of a patient can be sent to the financing provider."))
        if self.dental_se_financing_ids.filtered(lambda r: r.state in (*ACTIVE, "paid")):
            raise UserError(_("The invoice %s is already registered with the financing provider.", self.name))
        provider = self.env["dental.se.financing.provider"]._dental_for_company(self.company_id)
        if not provider:
            raise UserError(_("The branch %s has no invoice financing provider.", self.company_id.name))
        if not self.dental_patient_id.se_personal_id:
            raise UserError(
                _(
                    "The patient %s has no personal identity number (personnummer): the provider needs it.",
                    self.dental_patient_id.name,
                )
            )
        # sudo: the registration is written by the server only (staff read it); the caller's right is checked above
        self.env["dental.se.financing.request"].sudo().create(
            {
                "move_id": self.id,
                "company_id": self.company_id.id,
                "provider_id": provider.id,
                "patient_id": self.dental_patient_id.id,
                "amount": self.amount_residual,
                "currency_id": self.currency_id.id,
            }
        )
        return True

    def action_dental_se_financing_retry(self):
        self.ensure_one()
        return self.dental_se_financing_ids.filtered(lambda r: r.state in ("failed", "refused"))[:1].action_retry()

    def _dental_se_registrable(self):
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and self.dental_patient_id
            and self.payment_state in ("not_paid", "partial")
        )
