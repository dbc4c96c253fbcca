from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import create_index

# Who reads the lab's prices and costs: Directors and accountants (never the front desk nor the doctors).
COST_GROUPS = "dental_patient.group_director,account.group_account_manager,account.group_account_user"

# VITA classical shade guide, in the guide's order.
VITA_SHADES = [
    (code, code)
    for code in ("A1", "A2", "A3", "A3.5", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "D2", "D3", "D4")
]

STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("in_work", "In Work"),
    ("fitting", "Ready for Fitting"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]
# The stage each state may be reached from (the clinic's buttons and the lab's portal).
TRANSITIONS = {
    "sent": ("draft",),
    "in_work": ("sent", "fitting"),
    "fitting": ("in_work",),
    "done": ("in_work", "fitting"),
    "cancel": ("draft", "sent", "in_work", "fitting"),
    "draft": ("cancel",),
}
# The stages a lab moves its orders to from the portal.
PORTAL_STATES = ("in_work", "fitting", "done")
# Open work: late once the due date has passed.
LATE_STATES = ("sent", "in_work")
STATE_DATE_FIELDS = {
    "sent": "date_sent",
    "in_work": "date_in_work",
    "fitting": "date_fitting",
    "done": "date_done",
    "cancel": "date_cancel",
}


class DentalLabOrder(models.Model):
    """A lab work order: what a doctor orders from a dental laboratory for a patient's teeth."""

    _name = "dental.lab.order"
    _inherit = ["dental.server.fields.mixin", "mail.thread", "mail.activity.mixin", "portal.mixin"]
    _description = "Lab Work Order"
    _order = "id desc"
    _check_company_auto = True
    _dental_server_fields = (
        "state",
        "date_sent",
        "date_in_work",
        "date_fitting",
        "date_done",
        "date_cancel",
        "is_late",
        "purchase_order_id",
    )

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    company_id = fields.Many2one(
        "res.company", string="Branch", required=True, index=True, default=lambda self: self.env.company
    )
    patient_id = fields.Many2one(
        "dental.patient",
        string="Patient",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        groups="base.group_user",
    )
    # What the lab sees of the patient (related fields read as superuser): the name and the age only.
    patient_name = fields.Char(related="patient_id.name", string="Patient Name")
    patient_age = fields.Integer(related="patient_id.age", string="Patient Age")
    doctor_id = fields.Many2one(
        "hr.employee",
        string="Doctor",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env.user.employee_id.filtered(lambda e: e.company_id == self.env.company),
    )
    doctor_name = fields.Char(related="doctor_id.name", string="Doctor Name")
    lab_id = fields.Many2one(
        "res.partner",
        string="Laboratory",
        required=True,
        index=True,
        tracking=True,
        domain="[('dental_is_lab', '=', True), '|', ('company_id', '=', False), ('company_id', 'parent_of', company_id)]",
    )
    line_ids = fields.One2many("dental.lab.order.line", "order_id", string="Work Items", copy=True)
    tooth_ids = fields.Many2many("dental.tooth", string="Teeth", help="Teeth the work is made for.")
    surface_ids = fields.Many2many(
        "dental.tooth.surface", string="Parts of the Teeth", help="Surfaces (parts) of the teeth, when not whole."
    )
    teeth_text = fields.Char(string="Teeth (FDI)", compute="_compute_teeth_text", store=True)
    material = fields.Char(tracking=True, help="Material of the work, e.g. zirconia, lithium disilicate, CoCr.")
    shade = fields.Selection(VITA_SHADES, tracking=True, help="Shade on the VITA classical guide.")
    due_date = fields.Date(
        string="Due Date",
        compute="_compute_due_date",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        help="When the lab delivers the work; proposed from the lab's lead times of the services ordered.",
    )
    note = fields.Text(string="Notes for the Lab")
    internal_note = fields.Text(string="Internal Notes", groups="base.group_user")
    plan_line_id = fields.Many2one(
        "sale.order.line",
        string="Procedure",
        index="btree_not_null",
        check_company=True,
        groups="base.group_user",
        domain="[('order_id.patient_id', '=', patient_id), ('order_id.is_treatment_plan', '=', True)]",
        help="The treatment-plan procedure this work is for: the lab cost is attributed to it.",
    )
    state = fields.Selection(STATES, string="Stage", default="draft", required=True, tracking=True, index=True)
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False, tracking=True)
    date_in_work = fields.Datetime(string="In Work Since", readonly=True, copy=False, tracking=True)
    date_fitting = fields.Datetime(string="Ready for Fitting On", readonly=True, copy=False, tracking=True)
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False, tracking=True)
    date_cancel = fields.Datetime(string="Cancelled On", readonly=True, copy=False, tracking=True)
    is_late = fields.Boolean(
        string="Late", readonly=True, copy=False, index=True, help="Sent or in work after its due date."
    )
    late_count = fields.Integer(
        string="Late Orders",
        compute="_compute_late_count",
        store=True,
        help="1 for a late order: the summary table sums it.",
    )
    purchase_order_id = fields.Many2one(
        "purchase.order", string="Purchase Order", readonly=True, copy=False, groups=COST_GROUPS
    )
    purchase_order_ids = fields.One2many(
        "purchase.order", "dental_lab_order_id", string="Purchase Orders", groups=COST_GROUPS
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_ordered = fields.Monetary(
        string="Ordered Amount",
        compute="_compute_amount_ordered",
        store=True,
        groups=COST_GROUPS,
        help="The work items at the lab's prices (untaxed).",
    )
    amount_billed = fields.Monetary(
        string="Billed by the Lab",
        compute="_compute_amount_billed",
        store=True,
        groups=COST_GROUPS,
        help="The lab's posted vendor bills for this order, less its credit notes (untaxed, company currency).",
    )
    lab_cost = fields.Monetary(
        string="Lab Cost",
        compute="_compute_lab_cost",
        store=True,
        groups=COST_GROUPS,
        help="What the work costs the clinic: the billed amount once the lab has billed, else the ordered amount. "
        "Attributed to the procedure and read by payroll.",
    )

    def init(self):
        res = super().init()
        # the summary table: one branch's orders of a period (scripts/bench "lab")
        create_index(self.env.cr, "dental_lab_order_company_create_idx", self._table, ["company_id", "create_date"])
        return res

    # ------------------------------------------------------------------ computes
    @api.depends("tooth_ids.code", "surface_ids.code")
    def _compute_teeth_text(self):
        for order in self:
            teeth = ", ".join(sorted(order.tooth_ids.mapped("code")))
            surfaces = "".join(order.surface_ids.mapped("code"))
            order.teeth_text = f"{teeth} ({surfaces})" if teeth and surfaces else teeth

    @api.depends("is_late")
    def _compute_late_count(self):
        for order in self:
            order.late_count = 1 if order.is_late else 0

    @api.depends("line_ids.lead_days")
    def _compute_due_date(self):
        for order in self:
            if order.state == "draft" and order.line_ids:
                order.due_date = fields.Date.add(
                    fields.Date.context_today(order), days=max(order.line_ids.mapped("lead_days"))
                )

    @api.depends("line_ids.price_subtotal")
    def _compute_amount_ordered(self):
        for order in self:
            order.amount_ordered = sum(order.line_ids.mapped("price_subtotal"))

    @api.depends(
        "purchase_order_ids.order_line.invoice_lines.balance",
        "purchase_order_ids.order_line.invoice_lines.parent_state",
    )
    def _compute_amount_billed(self):
        for order in self:
            lines = order.purchase_order_ids.order_line.invoice_lines.filtered(
                lambda line: line.parent_state == "posted"
            )
            # a bill's expense line is a debit (positive balance), a credit note's a credit
            order.amount_billed = sum(lines.mapped("balance"))

    @api.depends("amount_ordered", "amount_billed", "purchase_order_ids.invoice_ids.state", "state")
    def _compute_lab_cost(self):
        for order in self:
            billed = order.purchase_order_ids.invoice_ids.filtered(lambda move: move.state == "posted")
            if order.state == "cancel" and not billed:
                order.lab_cost = 0.0
            else:
                order.lab_cost = order.amount_billed if billed else order.amount_ordered

    # ------------------------------------------------------------------ constraints
    @api.constrains("lab_id")
    def _check_lab(self):
        for order in self:
            if order.lab_id and not order.lab_id.dental_is_lab:
                raise ValidationError(
                    _(
                        "%(partner)s is not a dental laboratory (contact category Laboratory).",
                        partner=order.lab_id.name,
                    )
                )

    @api.constrains("plan_line_id", "patient_id")
    def _check_plan_line(self):
        for order in self.sudo():
            plan = order.plan_line_id.order_id
            if order.plan_line_id and (not plan.is_treatment_plan or plan.patient_id != order.patient_id):
                raise ValidationError(_("The procedure must belong to a treatment plan of the order's patient."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("dental.lab.order") or "/"
        orders = super().create(vals_list)
        orders._dental_subscribe_doctor()
        orders._dental_refresh_late()
        return orders

    def write(self, vals):
        if {"lab_id", "line_ids", "patient_id", "company_id"} & set(vals) and not self._dental_has_server_token():
            sent = self.filtered(lambda order: order.state != "draft")
            if sent:
                raise UserError(
                    _(
                        "The order %(order)s was sent to the lab: its lab, patient, branch and work items no longer "
                        "change. Cancel it and reset it to draft first.",
                        order=sent[0].name,
                    )
                )
        self._dental_check_server_fields(vals)
        res = super().write(vals)
        if "doctor_id" in vals:
            self._dental_subscribe_doctor()
        if {"state", "due_date"} & set(vals):
            self._dental_refresh_late()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(order.state not in ("draft", "cancel") for order in self):
            raise UserError(_("Only a draft or cancelled lab order can be deleted."))

    # ------------------------------------------------------------------ actions
    def action_send(self):
        """Send the order to the lab: the purchase order of its work items is created and confirmed."""
        for order in self:
            if not order.line_ids:
                raise UserError(_("Add the lab services ordered before sending %(order)s.", order=order.name))
            if not order.due_date:
                raise UserError(_("Set the due date of %(order)s before sending it.", order=order.name))
        self._dental_move_to("sent")
        for order in self:
            order._dental_create_purchase_order()
        return True

    def action_start(self):
        return self._dental_move_to("in_work")

    def action_fitting(self):
        return self._dental_move_to("fitting")

    def action_done(self):
        return self._dental_move_to("done")

    def action_cancel(self):
        self._dental_move_to("cancel")
        self._dental_cancel_purchase_orders()
        return True

    def action_draft(self):
        return self._dental_move_to("draft")

    def action_print(self):
        self.ensure_one()
        return self.env.ref("dental_lab.action_report_dental_lab_order").report_action(self)

    def action_view_purchase_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "view_mode": "form",
            "res_id": self.purchase_order_id.id,
        }

    # ------------------------------------------------------------------ business methods
    def _dental_move_to(self, state):
        """Move the orders to ``state`` (refused from a stage that does not lead there), stamping its date."""
        # the caller's own right to change the orders first (a lab's portal user reads them, never writes)
        self.check_access("write")
        for order in self:
            if order.state not in TRANSITIONS[state]:
                raise UserError(
                    _(
                        "The lab order %(order)s cannot go from %(from)s to %(to)s.",
                        order=order.name,
                        **{"from": dict(self._fields["state"]._description_selection(self.env))[order.state]},
                        to=dict(self._fields["state"]._description_selection(self.env))[state],
                    )
                )
        vals = {"state": state}
        if state in STATE_DATE_FIELDS:
            vals[STATE_DATE_FIELDS[state]] = fields.Datetime.now()
        self._dental_server_write(vals)
        return True

    def _dental_prepare_purchase_order_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.lab_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "partner_ref": self.name,
            "dental_lab_order_id": self.id,
            "date_planned": fields.Datetime.to_datetime(self.due_date),
            "order_line": [fields.Command.create(line._dental_prepare_purchase_line_vals()) for line in self.line_ids],
        }

    def _dental_create_purchase_order(self):
        """Create and confirm the purchase order of this sent order (one open PO per order)."""
        self.ensure_one()
        current = self.sudo().purchase_order_id
        if current and current.state != "cancel":
            return current
        # sudo: doctors and the front desk send orders without purchase rights; the PO is built only from this
        # order's own lines, in its branch, after the caller's own write on the order (the stage change above)
        purchase = (
            self.env["purchase.order"]
            .sudo()
            .with_company(self.company_id)
            .create(self._dental_prepare_purchase_order_vals())
        )
        purchase.button_confirm()
        self.sudo()._dental_server_write({"purchase_order_id": purchase.id})
        return purchase

    def _dental_cancel_purchase_orders(self):
        # sudo: as in _dental_create_purchase_order; Odoo refuses to cancel a PO whose bills are not cancelled
        purchases = self.sudo().purchase_order_ids.filtered(lambda po: po.state != "cancel")
        if purchases.invoice_ids.filtered(lambda move: move.state == "posted"):
            raise UserError(
                _("The lab has billed this order: cancel or credit the lab's bill before cancelling the order.")
            )
        purchases.button_cancel()

    def _dental_subscribe_doctor(self):
        for order in self:
            partner = order.doctor_id.user_id.partner_id
            if partner:
                order.sudo().message_subscribe(partner_ids=partner.ids)

    def _dental_today(self):
        return self.company_id._dental_today()

    def _dental_should_be_late(self):
        self.ensure_one()
        return bool(self.state in LATE_STATES and self.due_date and self.due_date < self._dental_today())

    def _dental_refresh_late(self):
        """Flag the orders whose due date has passed while still at the lab; the doctor gets an activity."""
        newly_late = self.browse()
        for order in self:
            late = order._dental_should_be_late()
            if late != order.is_late:
                order.sudo()._dental_server_write({"is_late": late})
                if late:
                    newly_late |= order
        for order in newly_late:
            user = order.doctor_id.user_id or order.create_uid
            order.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=_("Lab work is late"),
                note=_(
                    "The lab %(lab)s has not delivered %(order)s due on %(date)s.",
                    lab=order.lab_id.name,
                    order=order.name,
                    date=order.due_date,
                ),
            )
        return newly_late

    @api.model
    def _cron_dental_refresh_late(self):
        """Daily: flag the orders that became late (and unflag the delivered ones)."""
        orders = self.search(
            [
                "|",
                ("is_late", "=", True),
                "&",
                ("state", "in", LATE_STATES),
                ("due_date", "<", fields.Date.context_today(self)),
            ]
        )
        orders._dental_refresh_late()

    # ------------------------------------------------------------------ lab portal
    def _compute_access_url(self):
        res = super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/lab_orders/{order.id}"
        return res

    def _dental_portal_next_states(self):
        """[(state, label)] the lab may move this order to from the portal."""
        self.ensure_one()
        labels = dict(self._fields["state"]._description_selection(self.env))
        return [(state, labels[state]) for state in PORTAL_STATES if self.state in TRANSITIONS[state]]

    def _dental_portal_attachments(self):
        """The order's files (scans, photos, the printed order) the lab downloads."""
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "=", self.id)], order="id desc")
        )

    def _dental_portal_move_to(self, state, author=None):
        """A lab's portal user moves its order (in work, ready for fitting, done); the doctor is notified."""
        self.ensure_one()
        if state not in PORTAL_STATES:
            raise UserError(_("A lab moves its orders only to In Work, Ready for Fitting or Done."))
        self._dental_move_to(state)
        label = dict(self._fields["state"]._description_selection(self.env))[state]
        self._dental_notify_doctor(_("The lab moved the order to %(stage)s.", stage=label), author=author)

    def _dental_portal_comment(self, body, attachments, author=None):
        """A comment of the lab with its files (``[(name, bytes)]``), into the chatter; the doctor is notified."""
        self.ensure_one()
        return self._dental_notify_doctor(body, attachments=attachments, author=author)

    def _dental_notify_doctor(self, body, attachments=None, author=None):
        self.ensure_one()
        doctor_partner = self.doctor_id.user_id.partner_id
        return self.message_post(
            body=body,
            author_id=(author or self.env.user.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=doctor_partner.ids,
            attachments=attachments or [],
        )
