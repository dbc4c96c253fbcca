from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dental_patient.tools import actions


class DentalPlanWizard(models.TransientModel):
    """Build a treatment plan from the chart.

    "Pick a plan": teeth and their active diagnoses → templates ranked by match →
    edit the proposed lines → confirm → save as a draft plan (quotation). The same
    wizard opened in the edit step adds services chosen by category to a plan.
    """

    _name = "dental.plan.wizard"
    _description = "Treatment Plan Wizard"

    step = fields.Selection(
        [("pick", "Pick a Template"), ("edit", "Edit"), ("confirm", "Confirm")],
        default="pick",
        required=True,
    )
    patient_id = fields.Many2one("dental.patient", required=True, ondelete="cascade")
    order_id = fields.Many2one(
        "sale.order",
        string="Add to Plan",
        domain="[('patient_id', '=', patient_id), ('is_treatment_plan', '=', True), "
        "('state', 'in', ('draft', 'sent'))]",
        help="Leave empty to create a new plan.",
    )
    tooth_ids = fields.Many2many("dental.tooth", string="Teeth")
    diagnosis_ids = fields.Many2many(
        "dental.diagnosis",
        string="Diagnoses",
        compute="_compute_diagnosis_ids",
        store=True,
        readonly=False,
        help="Diagnoses the plan should treat: by default the active ones on the selected teeth.",
    )
    match_ids = fields.One2many(
        "dental.plan.wizard.match",
        "wizard_id",
        string="Templates",
        compute="_compute_match_ids",
        store=True,
        readonly=False,
    )
    template_id = fields.Many2one(
        "dental.plan.template",
        string="Template",
        compute="_compute_template_id",
        store=True,
        readonly=False,
        help="The best match is proposed; any template can be chosen.",
    )
    line_ids = fields.One2many("dental.plan.wizard.line", "wizard_id", string="Procedures")
    category_id = fields.Many2one("product.category", string="Category", help="Narrows the services to choose.")
    surface_ids = fields.Many2many(
        "dental.tooth.surface",
        "dental_plan_wizard_surface_rel",
        "wizard_id",
        "surface_id",
        string="Surfaces",
        help="Surfaces chosen on the chart: procedures on the selected teeth are planned on them.",
    )
    doctor_id = fields.Many2one(
        "hr.employee",
        string="Doctor",
        compute="_compute_doctor_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The doctor of the procedures: the plan's doctor when adding to a plan, else the user's employee.",
    )
    plan_title = fields.Char(string="Plan Title")
    visit_time_undefined = fields.Boolean(string="Visit Time Not Defined")
    amount_total = fields.Float(compute="_compute_amount_total", string="Total")

    @api.depends("tooth_ids", "patient_id")
    def _compute_diagnosis_ids(self):
        for wizard in self:
            if not wizard.patient_id:
                wizard.diagnosis_ids = False
                continue
            domain = [
                ("patient_id", "=", wizard.patient_id._origin.id),
                ("state", "=", "active"),
                ("diagnosis_id", "!=", False),
            ]
            if wizard.tooth_ids:
                domain.append(("tooth_ids", "in", wizard.tooth_ids._origin.ids))
            wizard.diagnosis_ids = self.env["dental.chart.finding"].search(domain).diagnosis_id

    @api.depends("order_id")
    def _compute_doctor_id(self):
        for wizard in self:
            wizard.doctor_id = wizard.order_id.doctor_id or wizard.doctor_id or self.env.user.employee_id

    @api.depends("line_ids.subtotal")
    def _compute_amount_total(self):
        for wizard in self:
            wizard.amount_total = sum(wizard.line_ids.mapped("subtotal"))

    @api.depends("diagnosis_ids")
    def _compute_match_ids(self):
        self._rank_templates()

    @api.depends("match_ids")
    def _compute_template_id(self):
        for wizard in self:
            if wizard.step == "pick":
                wizard.template_id = wizard.match_ids.sorted(lambda m: -m.match_percent)[:1].template_id

    def _rank_templates(self):
        for wizard in self:
            ranking = self.env["dental.plan.template"]._rank(wizard.diagnosis_ids)
            wizard.match_ids = [fields.Command.clear()] + [
                fields.Command.create({"template_id": template.id, "match_percent": percent})
                for template, percent in ranking
            ]

    def _reopen(self):
        self.ensure_one()
        return actions.reopen_wizard(self, _("Treatment Plan"))

    def action_rank(self):
        self._rank_templates()
        return self._reopen()

    def action_pick(self, template=None):
        """Use a template: its services become editable lines on the selected teeth."""
        self.ensure_one()
        template = template or self.template_id
        if not template:
            raise UserError(_("Choose a template."))
        self.template_id = template
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(vals) for vals in self._prepare_lines_from_template(template)
        ]
        self.step = "edit"
        return self._reopen()

    def _prepare_lines_from_template(self, template):
        lines = []
        for tline in template.line_ids:
            teeth = self.tooth_ids if tline.per_tooth else self.env["dental.tooth"]
            surfaces = self.surface_ids if teeth else self.env["dental.tooth.surface"]
            quantity = tline.quantity * (len(teeth) or 1)
            lines.append(
                {
                    "product_id": tline.product_id.id,
                    "tooth_ids": [fields.Command.set(teeth.ids)],
                    "surface_ids": [fields.Command.set(surfaces.ids)],
                    "quantity": quantity,
                    "price_unit": tline.product_id.lst_price,
                    "visit_number": tline.visit_number,
                    "doctor_id": self.doctor_id.id,
                }
            )
        return lines

    def action_next(self):
        self.ensure_one()
        if self.step == "pick":
            return self.action_pick()
        if not self.line_ids:
            raise UserError(_("Add at least one procedure to the plan."))
        if not self.visit_time_undefined and any(not line.visit_number for line in self.line_ids):
            raise UserError(_("Give every procedure its visit, or tick 'Visit Time Not Defined'."))
        self.step = "confirm"
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.step = {"confirm": "edit", "edit": "pick"}.get(self.step, "pick")
        if self.step == "pick":
            self._rank_templates()
        return self._reopen()

    def action_save(self):
        """Create the plan (or add the lines to the chosen draft plan) and open it."""
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("Add at least one procedure to the plan."))
        order = self.order_id
        if order and order.patient_id != self.patient_id:
            raise UserError(_("The plan %(plan)s is another patient's.", plan=order.display_name))
        if order and order.state not in ("draft", "sent"):
            raise UserError(_("Lines can only be added to a plan that is not approved yet."))
        if not order:
            order = self.env["sale.order"].create(self._prepare_order_vals())
        order.write({"order_line": [fields.Command.create(line._prepare_sale_line_vals()) for line in self.line_ids]})
        return order._dental_form_action()

    def _prepare_order_vals(self):
        return {
            "patient_id": self.patient_id.id,
            "partner_id": self.patient_id.partner_id.id,
            "is_treatment_plan": True,
            "doctor_id": self.doctor_id.id,
            "plan_title": self.plan_title or self.template_id.name,
            "company_id": self.env.company.id,
        }
