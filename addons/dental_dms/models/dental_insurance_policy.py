from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

BILLABLE_STATES = ("approved", "partial")


class DentalInsurancePolicy(models.Model):
    """A patient's ДМС policy: the insurer's programme (contract) the patient is insured under."""

    _name = "dental.insurance.policy"
    _description = "ДМС Policy"
    _inherit = ["mail.thread"]
    _order = "date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Policy Number", required=True, index="trigram", tracking=True)
    patient_id = fields.Many2one(
        "dental.patient", string="Patient", required=True, index=True, ondelete="cascade", check_company=True
    )
    contract_id = fields.Many2one(
        "dental.dms.contract",
        string="Programme",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    insurer_id = fields.Many2one(related="contract_id.insurer_id", store=True, index=True, string="Insurer")
    company_id = fields.Many2one(related="patient_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    date_start = fields.Date(string="Valid From", required=True, tracking=True, default=fields.Date.context_today)
    date_end = fields.Date(
        string="Valid Until",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(years=1, days=-1),
    )
    active = fields.Boolean(default=True, tracking=True, help="Clear to suspend the policy (the insurer revoked it).")
    state = fields.Selection(
        [("valid", "Valid"), ("future", "Not Yet Valid"), ("expired", "Expired"), ("inactive", "Inactive")],
        compute="_compute_state",
        help="Today: valid, not yet valid, expired, or inactive (suspended).",
    )
    approval_ids = fields.One2many("dental.dms.approval", "policy_id", string="Approvals")
    service_ids = fields.One2many("dental.dms.service", "policy_id", string="Services under ДМС")
    guarantee_letters = fields.Char(
        compute="_compute_guarantee_letters", help="Numbers of the guarantee letters of the policy's approvals."
    )
    limit_year = fields.Monetary(related="contract_id.limit_year")
    limit_visit = fields.Monetary(related="contract_id.limit_visit")
    copay_percent = fields.Float(related="contract_id.copay_percent")
    consumed_amount = fields.Monetary(
        string="Consumed This Policy Year",
        compute="_compute_consumed",
        help="What the insurer pays for the services of the current policy year.",
    )
    remaining_amount = fields.Monetary(
        string="Remaining Limit",
        compute="_compute_consumed",
        help="The yearly limit less what is consumed (no limit: 0).",
    )

    _sql_constraints = [
        ("number_contract_uniq", "UNIQUE (name, contract_id)", "This policy number already exists for the programme."),
    ]

    @api.depends("active", "date_start", "date_end")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for policy in self:
            policy.state = policy._dms_state(today)

    def _dms_state(self, day):
        self.ensure_one()
        if not self.active:
            return "inactive"
        if self.date_start and day < self.date_start:
            return "future"
        if self.date_end and day > self.date_end:
            return "expired"
        return "valid"

    @api.depends("approval_ids.guarantee_letter")
    def _compute_guarantee_letters(self):
        for policy in self:
            policy.guarantee_letters = ", ".join(
                policy.approval_ids.filtered("guarantee_letter").mapped("guarantee_letter")
            )

    @api.depends("service_ids.amount_insurer", "contract_id.limit_year", "date_start")
    def _compute_consumed(self):
        today = fields.Date.context_today(self)
        for policy in self:
            consumed = policy._dms_consumed(today) if policy.id else 0.0
            policy.consumed_amount = consumed
            limit = policy.contract_id.limit_year
            policy.remaining_amount = max(limit - consumed, 0.0) if limit else 0.0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for policy in self:
            if policy.date_end < policy.date_start:
                raise ValidationError(_("The policy %s ends before it starts.", policy.name))

    def write(self, vals):
        if {"patient_id", "contract_id"} & set(vals):
            # sudo: whatever branch the approvals and services are in, they name this patient and programme
            used = self.filtered(lambda p: p.sudo().approval_ids or p.sudo().service_ids)
            if used:
                raise UserError(
                    _(
                        "The policy %s has approvals or services under it: its patient and programme no longer "
                        "change (add a new policy instead).",
                        used[0].display_name,
                    )
                )
        return super().write(vals)

    @api.depends("name", "insurer_id")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = f"{policy.insurer_id.name or ''} {policy.name or ''}".strip()

    # ------------------------------------------------------------------ limits
    def _dms_year_bounds(self, day):
        """The policy year holding ``day``: from an anniversary of the policy's start to the day before the next."""
        self.ensure_one()
        start = self.date_start
        years = max(relativedelta(day, start).years, 0) if day >= start else 0
        begin = start + relativedelta(years=years)
        return begin, begin + relativedelta(years=1, days=-1)

    def _dms_consumed(self, day):
        """What the insurer pays for the policy's services in the policy year of ``day`` (read as superuser: the
        limit holds whatever branches the user reads)."""
        self.ensure_one()
        begin, end = self._dms_year_bounds(day)
        groups = (
            self.env["dental.dms.service"]
            .sudo()
            ._read_group(
                [("policy_id", "=", self.id), ("date", ">=", begin), ("date", "<=", end)],
                aggregates=["amount_insurer:sum"],
            )
        )
        return groups[0][0] or 0.0

    def _dms_check_billable(self, day):
        """Refuse billing the insurer on ``day`` under a policy not valid that day."""
        for policy in self:
            state = policy._dms_state(day)
            if state == "inactive":
                raise UserError(_("The ДМС policy %s is inactive: nothing can be billed to the insurer.", policy.name))
            if state in ("expired", "future") or not policy.contract_id._dms_is_valid(day):
                raise UserError(
                    _(
                        "The ДМС policy %(policy)s is not valid on %(day)s (valid %(start)s – %(end)s).",
                        policy=policy.display_name,
                        day=day,
                        start=policy.date_start,
                        end=policy.date_end,
                    )
                )

    # ------------------------------------------------------------------ billing (the bill dialog and the plan)
    def _dms_split(self, items, day, currency):
        """The insurer's and the patient's parts of services billed under this policy on ``day``.

        ``items``: ``(key, product, quantity, plan procedure)`` of each service billed to the insurer. Returns
        ``{key: values}`` (the approved procedure, the insurer's price and amounts, the patient's part); a
        UserError on bad input (a policy not valid on the day, a service the programme does not cover, a
        procedure not approved or approved for less, a service without an insurer price). The one split of the
        bill dialog and of the plan's billing.
        """
        self.ensure_one()
        self._dms_check_billable(day)
        contract = self.contract_id
        # sudo: the limit counts every service of the policy, whatever branch the user reads
        consumed = self.sudo()._dms_consumed(day)
        visit_used = 0.0
        split = {}
        approved_left = {}
        for key, product, quantity, sale_line in items:
            if not contract._dms_covers(product):
                raise UserError(
                    _(
                        "The programme %(programme)s does not cover %(service)s: bill it to the patient.",
                        programme=contract.display_name,
                        service=product.display_name,
                    )
                )
            approval_line = self._dms_approval_line(product, quantity, sale_line, day, approved_left)
            price = contract._dms_price(product, quantity, day=day)
            total = currency.round(price * quantity)
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
            split[key] = {
                "approval_line": approval_line,
                "price_unit": price,
                "amount_total": total,
                "amount_copay": copay,
                "amount_excess": share - covered,
                "amount_insurer": covered,
                "patient": copay + share - covered,
            }
        return split

    def _dms_patient_part(self, values, name, quantity):
        """What the patient's invoice line of a service split by :meth:`_dms_split` says: the patient's part."""
        self.ensure_one()
        return {
            "price_unit": values["patient"] / quantity if quantity else 0.0,
            "discount": 0.0,
            "name": _(
                "%(service)s (ДМС %(policy)s: the insurer pays %(amount)s)",
                service=name,
                policy=self.name,
                amount=values["amount_insurer"],
            ),
        }

    def _dms_approval_line(self, product, quantity, sale_line, day, approved_left):
        """The approved procedure of this policy covering ``quantity`` of the plan procedure ``sale_line`` on
        ``day`` (enough approved quantity left, the approval valid); a UserError otherwise."""
        candidates = self.env["dental.dms.approval.line"]
        if sale_line:
            candidates = candidates.search(
                [
                    ("sale_line_id", "=", sale_line.id),
                    ("decision", "=", "approved"),
                    ("approval_id.policy_id", "=", self.id),
                    ("approval_id.state", "in", BILLABLE_STATES),
                ]
            )
        for candidate in candidates:
            valid_until = candidate.approval_id.valid_until
            if valid_until and valid_until < day:
                continue
            left = approved_left.get(candidate, candidate.qty_approved - candidate.qty_billed)
            if float_compare(left, quantity, precision_digits=3) >= 0:
                approved_left[candidate] = left - quantity
                return candidate
        raise UserError(
            _(
                "%(service)s is not approved by the insurer under the policy %(policy)s (or its approved quantity "
                "is used up): record the insurer's approval, or clear «ДМС» on the line to bill the patient.",
                service=(sale_line.name if sale_line else product.display_name),
                policy=self.display_name,
            )
        )

    def action_view_approvals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_dms.dental_dms_approval_action")
        action["domain"] = [("policy_id", "=", self.id)]
        action["context"] = {"default_policy_id": self.id}
        return action
