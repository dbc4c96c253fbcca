from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.dental_patient.models.dental_server_fields import is_server_write, server_context

# What is done of a plan's procedure is recorded by completing it (_dental_complete: the clinical staff's act,
# which puts the result on the chart), never written directly by a client.
DONE_FIELDS = ("qty_delivered", "dental_completed_date")


class SaleOrderLine(models.Model):
    """A procedure of a treatment plan: service on teeth/surfaces, by a doctor, at a visit."""

    _inherit = "sale.order.line"

    tooth_ids = fields.Many2many(
        "dental.tooth",
        "sale_order_line_dental_tooth_rel",
        "line_id",
        "tooth_id",
        string="Teeth",
    )
    surface_ids = fields.Many2many(
        "dental.tooth.surface",
        "sale_order_line_dental_surface_rel",
        "line_id",
        "surface_id",
        string="Surfaces",
    )
    doctor_id = fields.Many2one("hr.employee", string="Doctor", help="Doctor who performs the procedure.")
    visit_number = fields.Integer(
        string="Visit",
        default=1,
        help="Visit (stage) of the plan in which the procedure is done.",
    )
    dental_duration = fields.Integer(
        string="Duration (min)",
        compute="_compute_dental_duration",
        store=True,
        readonly=False,
        precompute=True,
        help="Chair time of the procedure: the service's duration times the quantity.",
    )
    dental_completed_date = fields.Date(string="Completed On", copy=False, readonly=True)
    finding_ids = fields.One2many(
        "dental.chart.finding",
        "sale_line_id",
        string="Recorded Findings",
        groups="dental_patient.group_section_medical_read",
    )
    is_treatment_plan = fields.Boolean(related="order_id.is_treatment_plan")

    @api.depends("product_id", "product_uom_qty")
    def _compute_dental_duration(self):
        for line in self:
            line.dental_duration = int(line.product_id.dental_duration * (line.product_uom_qty or 0))

    @api.constrains("visit_number")
    def _check_visit_number(self):
        for line in self:
            if line.visit_number < 0:
                raise ValidationError(_("The visit number cannot be negative."))

    @api.onchange("tooth_ids")
    def _onchange_tooth_ids(self):
        if self.tooth_ids and self.product_id.dental_per_tooth:
            self.product_uom_qty = len(self.tooth_ids)

    @api.onchange("order_id")
    def _onchange_order_doctor(self):
        if not self.doctor_id and self.order_id.doctor_id and not self.display_type:
            self.doctor_id = self.order_id.doctor_id

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse({vals["order_id"] for vals in vals_list if vals.get("order_id")})
        plans = orders.filtered("is_treatment_plan")
        if plans and not is_server_write(self.env, self._name):
            defaults = any(self.env.context.get(f"default_{fname}") for fname in DONE_FIELDS)
            for vals in vals_list:
                if vals.get("order_id") in plans.ids and (defaults or any(vals.get(f) for f in DONE_FIELDS)):
                    self._dental_refuse_done_fields()
        # a procedure linked to an invoice line is invoiced: by those who bill, once the plan is approved
        invoiced = {vals["order_id"] for vals in vals_list if vals.get("invoice_lines") and vals.get("order_id")}
        orders.browse(invoiced)._dental_check_billable()
        # The plan's doctor performs the procedures unless a line (or the caller's context default) names another
        # one: also for lines created over RPC without the field.
        if not self.env.context.get("default_doctor_id"):
            doctors = {order.id: order.doctor_id.id for order in orders}
            for vals in vals_list:
                if not vals.get("doctor_id") and not vals.get("display_type") and doctors.get(vals.get("order_id")):
                    vals["doctor_id"] = doctors[vals["order_id"]]
        return super().create(vals_list)

    def write(self, vals):
        if (
            any(fname in vals for fname in DONE_FIELDS)
            and not is_server_write(self.env, self._name)
            and any(line.order_id.is_treatment_plan for line in self)
        ):
            self._dental_refuse_done_fields()
        if "invoice_lines" in vals:
            # linking an invoice line from the procedure's side is invoicing it (the invoice line's own side is
            # checked by account.move.line): by those who bill, once the plan is approved
            self.order_id._dental_check_billable()
        return super().write(vals)

    def _dental_refuse_done_fields(self):
        raise AccessError(
            _(
                "A procedure of a treatment plan is marked as done by completing it (the visit or the procedure's "
                "button), not by writing its done quantity."
            )
        )

    def _prepare_invoice_line(self, **optional_values):
        self.order_id._dental_check_billable()
        return super()._prepare_invoice_line(**optional_values)

    # ------------------------------------------------------------ public API
    def _dental_complete(self, qty=None, date=None, doctor=None):
        """Record procedures as done: add to the delivered quantity and put the result on the teeth.

        Called by the plan line button, the schedule (appointment done) and the cash desk.

        :param qty: quantity done now (default: what remains of the line)
        :param date: date of the procedure (default: today)
        :param doctor: ``hr.employee`` who did it (default: the line's, then the plan's doctor)
        :return: the ``dental.chart.finding`` records created (one per line with teeth)
        """
        date = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        self._dental_check_can_record_findings()
        findings_vals = []
        for line in self:
            if line.display_type or line.is_downpayment:
                continue
            if line.state != "sale":
                raise UserError(
                    _("Approve the plan %(plan)s before completing its procedures.", plan=line.order_id.display_name)
                )
            remaining = line.product_uom_qty - line.qty_delivered
            done_qty = remaining if qty is None else qty
            if done_qty <= 0:
                raise UserError(_("The procedure %(name)s is already completed.", name=line.name))
            if line.qty_delivered_method != "manual":
                raise UserError(_("The delivered quantity of %(name)s is not set by hand.", name=line.name))
            line.with_context(**server_context(self._name)).write(
                {"qty_delivered": line.qty_delivered + done_qty, "dental_completed_date": date}
            )
            if line.order_id.patient_id and line.tooth_ids:
                findings_vals.append(line._dental_prepare_finding_vals(date, doctor))
        # With the caller's rights: only the clinical staff get here for lines that record findings.
        return self.env["dental.chart.finding"]._dental_server().create(findings_vals).with_env(self.env)

    def _dental_check_can_record_findings(self):
        """Completing a procedure on teeth records its result on the chart: the clinical staff's work."""
        writes_chart = self.filtered(
            lambda line: not line.display_type
            and not line.is_downpayment
            and line.order_id.patient_id
            and line.tooth_ids
        )
        if writes_chart and not (self.env.su or self.env.user.has_group("dental_patient.group_section_medical_edit")):
            raise AccessError(
                _(
                    "Only a doctor or an assistant completes the procedure %(name)s: it records its result on the "
                    "patient's chart.",
                    name=writes_chart[0].name,
                )
            )

    def _dental_prepare_finding_vals(self, date, doctor=None):
        self.ensure_one()
        product = self.product_id
        return {
            "patient_id": self.order_id.patient_id.id,
            "date": date,
            "tooth_ids": [fields.Command.set(self.tooth_ids.ids)],
            "surface_ids": [fields.Command.set(self.surface_ids.ids)],
            "condition_id": product.dental_condition_id.id,
            "product_id": product.id,
            "doctor_id": (doctor or self.doctor_id or self.order_id.doctor_id).id,
            "origin": "procedure",
            "sale_line_id": self.id,
            "note": self.name,
        }

    def action_dental_complete(self):
        self._dental_complete()
        return True
