from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.dental_patient.models.dental_server_fields import is_server_write, server_context

# Who invoices a patient's treatment plan: the front desk (registrars, a custom role editing money) and accounting.
PLAN_BILLING_GROUPS = (
    "dental_patient.group_registrar",
    "dental_patient.group_section_money_edit",
    "account.group_account_invoice",
)

APPROVED_PLAN_STATES = ("approved", "in_progress", "done")


class SaleOrder(models.Model):
    """A treatment plan is a quotation: approving the plan confirms it.

    ``plan_state`` models the clinic's stages on top of ``state``: not approved
    (draft/sent) → approved (sale) → in progress (some procedures done) →
    completed (everything done), or cancelled.
    """

    _inherit = "sale.order"

    is_treatment_plan = fields.Boolean(string="Treatment Plan", index=True, copy=True)
    patient_id = fields.Many2one(
        "dental.patient",
        string="Patient",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
    )
    doctor_id = fields.Many2one(
        "hr.employee",
        string="Doctor",
        tracking=True,
        default=lambda self: self.env.user.employee_id if self.env.context.get("default_is_treatment_plan") else False,
        help="Doctor responsible for the plan.",
    )
    plan_number = fields.Integer(
        string="Plan No.",
        copy=False,
        readonly=True,
        help="Number of the plan among the patient's plans (1, 2, 3...).",
    )
    plan_title = fields.Char(
        string="Plan Title",
        help="Short label of the alternative, e.g. 'A: implants' or 'B: bridge'.",
    )
    plan_state = fields.Selection(
        [
            ("draft", "Not Approved"),
            ("approved", "Approved"),
            ("in_progress", "In Progress"),
            ("done", "Completed"),
            ("cancel", "Cancelled"),
            ("rejected", "Other Alternative Chosen"),
        ],
        string="Plan Status",
        compute="_compute_plan_state",
        store=True,
        index=True,
        tracking=True,
    )
    dental_alternative_of_id = fields.Many2one(
        "sale.order",
        string="Alternative Of",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        domain="[('is_treatment_plan', '=', True), ('patient_id', '=', patient_id), ('id', '!=', id), "
        "('dental_alternative_of_id', '=', False)]",
        help="The first plan of a set of alternatives: approving one plan of the set rejects the others.",
    )
    dental_alternative_ids = fields.Many2many(
        "sale.order",
        string="Alternatives",
        compute="_compute_dental_alternatives",
        help="The other plans of the set of alternatives.",
    )
    dental_chosen_plan_id = fields.Many2one(
        "sale.order",
        string="Chosen Alternative",
        compute="_compute_dental_alternatives",
        help="The plan of the set of alternatives the patient approved.",
    )
    dental_rejected = fields.Boolean(
        string="Rejected Alternative",
        copy=False,
        readonly=True,
        help="Cancelled because the patient approved another plan of its set of alternatives.",
    )
    dental_visit_count = fields.Integer(string="Visits", compute="_compute_dental_visits")
    dental_duration = fields.Integer(string="Duration (min)", compute="_compute_dental_visits")
    dental_amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_dental_amount_paid",
        help="Money received for the plan (native invoices; dental_cash refines it).",
    )

    @api.depends(
        "state", "is_treatment_plan", "dental_rejected", "order_line.qty_delivered", "order_line.product_uom_qty"
    )
    def _compute_plan_state(self):
        for order in self:
            if not order.is_treatment_plan:
                order.plan_state = False
            elif order.state == "cancel" and order.dental_rejected:
                order.plan_state = "rejected"
            elif order.state == "cancel":
                order.plan_state = "cancel"
            elif order.state != "sale":
                order.plan_state = "draft"
            else:
                lines = order.order_line.filtered(lambda line: not line.display_type and not line.is_downpayment)
                done = [line.qty_delivered >= line.product_uom_qty for line in lines]
                if lines and all(done):
                    order.plan_state = "done"
                elif any(line.qty_delivered for line in lines):
                    order.plan_state = "in_progress"
                else:
                    order.plan_state = "approved"

    @api.depends("order_line.visit_number", "order_line.dental_duration")
    def _compute_dental_visits(self):
        for order in self:
            lines = order.order_line.filtered(lambda line: not line.display_type)
            order.dental_visit_count = len(set(lines.mapped("visit_number")) - {0})
            order.dental_duration = sum(lines.mapped("dental_duration"))

    @api.depends("dental_alternative_of_id", "plan_state")
    def _compute_dental_alternatives(self):
        # one search for the sets of every plan shown (the patient card lists all the plans)
        roots = {order.id: (order.dental_alternative_of_id or order)._origin.id for order in self}
        members = defaultdict(lambda: self.browse())
        root_ids = [root_id for root_id in roots.values() if root_id]
        if root_ids:
            for plan in self.search(
                ["|", ("id", "in", root_ids), ("dental_alternative_of_id", "in", root_ids)], order="plan_number, id"
            ):
                members[(plan.dental_alternative_of_id or plan).id] |= plan
        for order in self:
            plans = members[roots[order.id]]
            order.dental_alternative_ids = plans - order._origin if len(plans) > 1 else False
            chosen = plans.filtered(lambda plan: plan.plan_state in APPROVED_PLAN_STATES)[:1]
            order.dental_chosen_plan_id = chosen if len(plans) > 1 else False

    def _compute_dental_amount_paid(self):
        paid = self._dental_get_amount_paid()
        for order in self:
            order.dental_amount_paid = paid.get(order.id, 0.0)

    def _compute_require_signature(self):
        res = super()._compute_require_signature()
        # The patient signs the plan he approves in the portal.
        self.filtered("is_treatment_plan").require_signature = True
        return res

    def _compute_require_payment(self):
        res = super()._compute_require_payment()
        # A plan is approved by the patient's signature; payment follows the procedures.
        self.filtered("is_treatment_plan").require_payment = False
        return res

    @api.constrains("patient_id", "partner_id", "is_treatment_plan")
    def _check_patient(self):
        for order in self.filtered("is_treatment_plan"):
            if not order.patient_id:
                raise ValidationError(_("A treatment plan needs a patient."))
            if order.partner_id != order.patient_id.partner_id:
                raise ValidationError(_("The customer of a treatment plan is its patient."))

    @api.constrains("dental_alternative_of_id", "patient_id")
    def _check_alternative_of(self):
        for order in self:
            first = order.dental_alternative_of_id
            if not first:
                continue
            if first == order or first.dental_alternative_of_id:
                raise ValidationError(
                    _("A plan is an alternative of the first plan of its set, not of an alternative.")
                )
            if not (order.is_treatment_plan and first.is_treatment_plan) or first.patient_id != order.patient_id:
                raise ValidationError(_("Alternatives are treatment plans of the same patient."))
        # the first plan of a set cannot become an alternative of another set
        linked = self.filtered("dental_alternative_of_id")
        if self.search_count([("dental_alternative_of_id", "in", linked.ids)]):
            raise ValidationError(_("A plan having alternatives cannot become an alternative of another plan."))
        # a plan joining a set (over RPC) does not bring a second approved plan into it
        for order in linked:
            if len(order._dental_alternative_set().filtered(lambda plan: plan.state == "sale")) > 1:
                raise ValidationError(_("Only one plan of a set of alternatives is approved."))

    @api.onchange("patient_id")
    def _onchange_patient_id(self):
        if self.patient_id:
            self.partner_id = self.patient_id.partner_id

    @api.onchange("doctor_id")
    def _onchange_doctor_id(self):
        # The procedures not yet done follow the plan's doctor, unless a line names another doctor.
        previous = self._origin.doctor_id
        for line in self.order_line:
            if (
                not line.display_type
                and not line.qty_delivered
                and line.doctor_id in (previous, line.doctor_id.browse())
            ):
                line.doctor_id = self.doctor_id

    @api.model_create_multi
    def create(self, vals_list):
        next_numbers = defaultdict(int)
        for vals in vals_list:
            if vals.get("patient_id"):
                patient = self.env["dental.patient"].browse(vals["patient_id"])
                vals.setdefault("partner_id", patient.partner_id.id)
                vals.setdefault("is_treatment_plan", True)
            if vals.get("is_treatment_plan") and vals.get("patient_id") and not vals.get("plan_number"):
                patient_id = vals["patient_id"]
                if patient_id not in next_numbers:
                    next_numbers[patient_id] = self._dental_last_plan_number(patient_id)
                next_numbers[patient_id] += 1
                vals["plan_number"] = next_numbers[patient_id]
        return super().create(vals_list)

    @api.model
    def _dental_last_plan_number(self, patient_id):
        # sudo: numbering counts every plan of the patient, also those of branches the user cannot read.
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group([("patient_id", "=", patient_id)], aggregates=["plan_number:max"])
        )
        return groups[0][0] or 0

    def _creation_message(self):
        if self.is_treatment_plan:
            return _("Treatment plan created")
        return super()._creation_message()

    @api.depends("plan_number", "plan_title", "is_treatment_plan")
    def _compute_display_name(self):
        # only the columns the name needs: reading one of them would fetch all of sale_order's (lists of plans,
        # e.g. the ДМС approvals list, spent most of their time there)
        self.filtered("id").fetch(["name", "plan_number", "plan_title", "is_treatment_plan"])
        res = super()._compute_display_name()
        for order in self.filtered(lambda o: o.is_treatment_plan and o.plan_number):
            label = _("Plan %(number)s", number=order.plan_number)
            if order.plan_title:
                label = f"{label} {order.plan_title}"
            order.display_name = f"{label} ({order.name})"
        return res

    def write(self, vals):
        server = is_server_write(self.env, self._name)
        plans = self.filtered("is_treatment_plan")
        if vals.get("state") == "sale" and not server and plans.filtered(lambda order: order.state != "sale"):
            raise UserError(_("A treatment plan is approved with its Approve button (or the patient's signature)."))
        if "dental_rejected" in vals and not server:
            raise UserError(_("A plan is rejected by approving another plan of its set of alternatives."))
        if vals.get("state") in ("draft", "sent"):
            # a plan goes back to "not approved" only while nothing of it is invoiced (any path: the action,
            # Odoo's cancel then restore, a client's write)
            plans._dental_check_not_invoiced()
            if plans.filtered("dental_rejected") and "dental_rejected" not in vals:
                vals = dict(vals, dental_rejected=False)
        return super().write(vals)

    def action_confirm(self):
        # The approval itself writes the state (the server-only fields' token, see dental_server_fields): a
        # client's write({'state': 'sale'}) on a treatment plan is refused.
        plans = self.filtered("is_treatment_plan")
        plans._dental_check_alternatives_free()
        res = super(SaleOrder, self.with_context(**server_context(self._name))).action_confirm()
        plans._dental_reject_alternatives()
        return res

    # ------------------------------------------------------------ actions
    def action_dental_approve(self):
        """Approve a treatment plan (confirm the quotation); the other plans of its set of alternatives are
        rejected."""
        return self.action_confirm()

    def action_dental_back_to_draft(self):
        """Back to "not approved": the plan can be changed again, its rejected alternatives come back.

        Refused once any part of it is invoiced (paid money is invoiced first)."""
        plans = self.filtered(lambda order: order.is_treatment_plan and order.state == "sale")
        if not plans:
            raise UserError(_("Only an approved treatment plan goes back to not approved."))
        plans._dental_check_not_invoiced()
        # as superuser: a rejected alternative in another branch comes back too (this plan's write was allowed)
        rejected = plans._dental_alternative_set().filtered(
            lambda order: order.dental_rejected and order.state == "cancel"
        )
        # Odoo's way back: cancel (sale_loyalty takes its points back, draft invoices go) then restore
        plans._action_cancel()
        plans.action_draft()
        rejected.action_draft()
        return True

    def action_dental_create_alternative(self):
        """A copy of this plan as another alternative of its set, opened in the plan form."""
        self.ensure_one()
        if not self.is_treatment_plan:
            raise UserError(_("Only a treatment plan has alternatives."))
        alternative = self.copy({"dental_alternative_of_id": (self.dental_alternative_of_id or self).id})
        return alternative._dental_form_action()

    def action_dental_add_services(self):
        """Open the plan wizard on its editing page to add services (by category, on teeth) to this plan."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_chart.dental_plan_wizard_action")
        action["context"] = {
            "default_patient_id": self.patient_id.id,
            "default_order_id": self.id,
            "default_step": "edit",
            "default_doctor_id": self.doctor_id.id,
        }
        return action

    def get_formview_id(self, access_uid=None):
        # Links to a plan (patient card, invoices, appointments) open the dental plan form.
        if len(self) == 1 and self.is_treatment_plan:
            return self.env.ref("dental_chart.sale_order_view_form").id
        return super().get_formview_id(access_uid=access_uid)

    def _dental_form_action(self):
        """Open this plan in the dental plan form."""
        self.ensure_one()
        # no context: the caller's defaults (a wizard's) are not the plan's
        return self._get_records_action(
            views=[(self.env.ref("dental_chart.sale_order_view_form").id, "form")], context={}
        )

    def action_dental_print_plan(self):
        return self.env.ref("dental_chart.action_report_treatment_plan").report_action(self)

    # ------------------------------------------------------------ alternatives
    def _dental_alternative_set(self):
        """These plans and every plan of their sets of alternatives, as superuser (the set is the patient's whole
        choice, also plans of a branch the user cannot read: callers act on them after their own checks)."""
        plans = self.sudo()
        roots = plans.mapped(lambda order: order.dental_alternative_of_id or order)
        if not roots:
            return plans
        return plans | plans.with_context(active_test=False).search(
            ["|", ("id", "in", roots.ids), ("dental_alternative_of_id", "in", roots.ids)]
        )

    def _dental_check_alternatives_free(self):
        """A plan is approved only while no other plan of its set is approved."""
        chosen = (self._dental_alternative_set() - self.sudo()).filtered(lambda order: order.state == "sale")
        if chosen:
            raise UserError(
                _(
                    "The alternative %(chosen)s is already approved: take it back to not approved before approving "
                    "another plan of its set.",
                    chosen=", ".join(chosen.mapped("display_name")),
                )
            )
        roots = [(order.dental_alternative_of_id or order).id for order in self]
        if len(roots) != len(set(roots)):
            raise UserError(_("Approve one plan of a set of alternatives, not several."))

    def _dental_reject_alternatives(self):
        """Cancel the other plans of the approved plans' sets that are still quotations, marked rejected."""
        # as superuser: a plan of the set in another branch is rejected too; the approval was checked on this plan
        others = (self._dental_alternative_set() - self.sudo()).filtered(lambda order: order.state in ("draft", "sent"))
        if not others:
            return
        others = others.with_context(**server_context(self._name))
        others._action_cancel()
        others.write({"dental_rejected": True})
        for plan in self:
            body = _("Another alternative was approved: %(plan)s.", plan=plan.display_name)
            for other in others.filtered(
                lambda order, plan=plan: (order.dental_alternative_of_id or order)
                == (plan.dental_alternative_of_id or plan)
            ):
                other.message_post(body=body)

    def _dental_check_not_invoiced(self):
        """Refuse while a procedure of these plans is invoiced (draft invoices count, credit notes take back)."""
        # sudo: the plan's invoices decide, also those of a branch the user cannot read
        billed = self.sudo().filtered(
            lambda order: any(line.qty_invoiced for line in order.order_line if not line.display_type)
        )
        if billed:
            raise UserError(
                _(
                    "The treatment plan %(plans)s is already invoiced: it cannot go back to not approved.",
                    plans=", ".join(billed.with_env(self.env).mapped("display_name")),
                )
            )

    # ------------------------------------------------------------ invoicing
    def _dental_check_biller(self):
        """A patient's treatment plan is invoiced by the front desk or accounting (the environment's user).

        Doctors, assistants and coordinators write plans with Odoo's sales rights, which natively let a salesman
        invoice a quotation (also over RPC, whatever buttons the form hides): a patient's plan is refused to them.
        Odoo's own quotations stay native."""
        if self.env.su or any(self.env.user.has_group(group) for group in PLAN_BILLING_GROUPS):
            return
        # sudo: only the kind of document is looked at, whoever may read it
        plans = self.sudo().filtered("is_treatment_plan").sudo(False)
        if plans:
            # a plan the user may not read (another branch's) gets Odoo's refusal: its name stays out of the message
            plans.check_access("read")
            raise AccessError(
                _(
                    "Only the front desk or accounting may invoice the treatment plan %(plans)s.",
                    plans=", ".join(plans.mapped("display_name")),
                )
            )

    def _dental_check_billable(self):
        """A treatment plan is invoiced by those who bill (``_dental_check_biller``), once the patient approved
        it."""
        self._dental_check_biller()
        unapproved = self.filtered(lambda o: o.is_treatment_plan and o.plan_state not in APPROVED_PLAN_STATES)
        if unapproved:
            raise UserError(
                _(
                    "The treatment plan %(plans)s is not approved: approve it before invoicing.",
                    plans=", ".join(unapproved.mapped("display_name")),
                )
            )

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._dental_check_billable()
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    def _dental_get_amount_paid(self):
        """{order id: amount paid}. Hook: dental_cash overrides it with its own payment logic."""
        result = {}
        for order in self:
            invoices = order.invoice_ids.filtered(lambda m: m.state == "posted")
            paid = sum(
                (inv.amount_total - inv.amount_residual) * (-1 if inv.move_type == "out_refund" else 1)
                for inv in invoices
            )
            result[order.id] = paid
        return result

    def _dental_get_visits(self):
        """Procedures grouped by visit number, for the plan print: [(visit number, lines, subtotal, duration)].

        Amounts before tax, discounts of the lines included; discount lines of the whole plan (a negative amount:
        a promotion's reward, Odoo's global discount) are not procedures (:meth:`_dental_get_discount_lines`).
        """
        self.ensure_one()
        visits = defaultdict(lambda: self.env["sale.order.line"])
        for line in self.order_line.filtered(lambda line: not line.display_type and not line.is_downpayment):
            if line.price_subtotal >= 0:
                visits[line.visit_number] |= line
        return [
            (number, lines, sum(lines.mapped("price_subtotal")), sum(lines.mapped("dental_duration")))
            for number, lines in sorted(visits.items())
        ]

    def _dental_get_discount_lines(self):
        """Lines discounting the whole plan (negative amount), printed after the visits."""
        self.ensure_one()
        return self.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment and line.price_subtotal < 0
        )

    def _dental_report_clinic(self):
        """The requisites the plan print adds under the layout's header (the branch's logo and address): those
        of the legal entity, the branch when it has its own INN, else the head company."""
        self.ensure_one()
        # sudo: the head company's requisites are printed on a branch's plan; its users may not read that company
        branch = self.company_id.sudo()
        legal = branch if branch.vat else branch.root_id
        kpp = branch.dental_kpp or legal.dental_kpp
        requisites = [
            text
            for text in (
                legal.vat and _("INN %s", legal.vat),
                kpp and _("KPP %s", kpp),
                legal.company_registry and _("OGRN %s", legal.company_registry),
            )
            if text
        ]
        return {
            "legal_name": legal.partner_id.name if legal != branch else "",
            "requisites": ", ".join(requisites),
            "license": legal._dental_license_text(),
        }
