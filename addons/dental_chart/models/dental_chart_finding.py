from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class DentalChartFinding(models.Model):
    """What is on a tooth at a date: a condition (caries, filling, crown...) and/or a diagnosis.

    Findings are never rewritten to show a new state: a later finding resolves the
    earlier ones it replaces (``resolved_date``), so the chart can be drawn as it
    was on any date (:meth:`_get_active_domain`).
    """

    _name = "dental.chart.finding"
    _description = "Chart Finding"
    _inherit = ["mail.thread", "dental.server.fields.mixin"]
    _order = "date desc, id desc"
    # Where a finding comes from: set by the server only (completing a procedure, the AI import;
    # dental.server.fields.mixin). A client could otherwise tie a finding to any plan line (it then cannot be
    # deleted) or pass it off as imported. A client gives them at their defaults (origin "manual") or resends
    # their values.
    _dental_server_fields = ("origin", "sale_line_id", "import_ref")
    _dental_accept_resent_values = True

    patient_id = fields.Many2one(
        "dental.patient",
        string="Patient",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="patient_id.company_id",
        string="Branch",
        store=True,
        index=True,
        precompute=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    tooth_ids = fields.Many2many(
        "dental.tooth",
        "dental_chart_finding_tooth_rel",
        "finding_id",
        "tooth_id",
        string="Teeth",
        help="Empty for findings about the whole mouth.",
    )
    surface_ids = fields.Many2many(
        "dental.tooth.surface",
        "dental_chart_finding_surface_rel",
        "finding_id",
        "surface_id",
        string="Surfaces",
    )
    condition_id = fields.Many2one("dental.condition", string="Condition", index=True, tracking=True)
    diagnosis_id = fields.Many2one(
        "dental.diagnosis",
        string="Diagnosis",
        index=True,
        tracking=True,
        domain=[("selectable", "=", True)],
    )
    doctor_id = fields.Many2one("hr.employee", string="Doctor", default=lambda self: self._default_doctor())
    note = fields.Text()
    state = fields.Selection(
        [("active", "Active"), ("resolved", "Resolved")],
        required=True,
        default="active",
        index=True,
        tracking=True,
    )
    resolved_date = fields.Date(index=True, copy=False, tracking=True)
    resolved_by_id = fields.Many2one(
        "dental.chart.finding",
        string="Resolved By",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    origin = fields.Selection(
        [("manual", "Manual"), ("procedure", "Procedure"), ("imported", "Imported")],
        required=True,
        default="manual",
        copy=False,
    )
    confidence = fields.Float(help="Confidence of an imported (AI) finding, 0-1.")
    import_ref = fields.Char(string="Import Reference", index="btree_not_null", copy=False)
    product_id = fields.Many2one("product.product", string="Procedure", help="Service that produced this finding.")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Plan Line",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    image_id = fields.Many2one("dental.image", string="Image", index="btree_not_null", ondelete="set null")
    tooth_codes = fields.Char(compute="_compute_tooth_codes", string="Teeth Codes")
    color = fields.Char(related="condition_id.color")

    @api.depends("tooth_ids")
    def _compute_tooth_codes(self):
        for finding in self:
            finding.tooth_codes = ", ".join(finding.tooth_ids.mapped("display_name"))

    @api.depends("condition_id", "diagnosis_id", "tooth_ids")
    def _compute_display_name(self):
        for finding in self:
            what = " / ".join(
                name for name in (finding.condition_id.name, finding.diagnosis_id.display_name) if name
            ) or (finding.product_id.display_name or _("Finding"))
            finding.display_name = f"{finding.tooth_codes}: {what}" if finding.tooth_ids else what

    @api.model
    def _default_doctor(self):
        return self.env.user.employee_id if self.env.user.employee_id else False

    @api.constrains("condition_id", "diagnosis_id", "product_id", "note")
    def _check_content(self):
        for finding in self:
            if not (finding.condition_id or finding.diagnosis_id or finding.product_id or finding.note):
                raise ValidationError(_("A finding needs a condition, a diagnosis, a procedure or a note."))

    @api.constrains("diagnosis_id")
    def _check_diagnosis_selectable(self):
        for finding in self:
            if finding.diagnosis_id and not finding.diagnosis_id.selectable:
                raise ValidationError(
                    _("%s is a heading, choose one of its subcodes.", finding.diagnosis_id.display_name)
                )

    @api.constrains("date", "resolved_date")
    def _check_dates(self):
        for finding in self:
            if finding.resolved_date and finding.resolved_date < finding.date:
                raise ValidationError(_("A finding cannot be resolved before it was found."))

    @api.constrains("confidence")
    def _check_confidence(self):
        for finding in self:
            if not 0 <= finding.confidence <= 1:
                raise ValidationError(_("The confidence is a number between 0 and 1."))

    @api.constrains("resolved_by_id", "image_id", "patient_id")
    def _check_same_patient(self):
        for finding in self:
            for linked in (finding.resolved_by_id, finding.image_id):
                if linked and linked.patient_id != finding.patient_id:
                    raise ValidationError(_("A finding is linked only to findings and images of its own patient."))

    @api.onchange("diagnosis_id")
    def _onchange_diagnosis_id(self):
        # the condition the diagnosis draws on the chart (K02.1 → caries); a diagnosis without one keeps the choice
        if self.diagnosis_id.condition_id:
            self.condition_id = self.diagnosis_id.condition_id

    def _dental_refuse_fields(self, fnames, create=False):
        if create:
            raise UserError(_("A finding is recorded by hand: procedures and imports record their own."))
        raise UserError(_("Where a finding comes from (procedure, import) is set by the server."))

    @api.model_create_multi
    def create(self, vals_list):
        self._dental_check_server_create(vals_list)
        vals_list = [self._dental_with_diagnosis_condition(vals) for vals in vals_list]
        findings = super().create(vals_list)
        findings.filtered(lambda f: f.state == "active")._resolve_previous()
        return findings

    def write(self, vals):
        self._dental_check_server_fields(vals)
        vals = self._dental_with_diagnosis_condition(vals)
        if "state" in vals and vals["state"] == "active" and "resolved_date" not in vals:
            vals = dict(vals, resolved_date=False, resolved_by_id=False)
        elif vals.get("state") == "resolved" and "resolved_date" not in vals:
            vals = dict(vals, resolved_date=fields.Date.context_today(self))
        return super().write(vals)

    @api.model
    def _dental_with_diagnosis_condition(self, vals):
        """The values with the condition the diagnosis maps to, when a diagnosis comes without a condition."""
        if vals.get("diagnosis_id") and not vals.get("condition_id"):
            condition = self.env["dental.diagnosis"].browse(vals["diagnosis_id"]).condition_id
            if condition:
                return dict(vals, condition_id=condition.id)
        return vals

    def action_resolve(self):
        self.filtered(lambda f: f.state == "active").write({"state": "resolved"})

    def action_reactivate(self):
        self.filtered(lambda f: f.state == "resolved").write({"state": "active"})

    # ------------------------------------------------------------------ business
    def _resolve_previous(self):
        """Resolve the earlier active findings that these findings replace."""
        for finding in self.sorted("date"):
            previous = finding._get_resolved_candidates()
            if previous:
                previous.write({"state": "resolved", "resolved_date": finding.date, "resolved_by_id": finding.id})

    def _get_resolved_candidates(self):
        """Earlier active findings on the same teeth that this finding resolves.

        Its condition's ``resolve_scope`` decides (same surfaces or the whole tooth); a
        procedure also resolves the diagnoses its service treats on those teeth.
        """
        self.ensure_one()
        if not self.tooth_ids:
            return self.browse()
        candidates = self.search(
            [
                ("patient_id", "=", self.patient_id.id),
                ("state", "=", "active"),
                ("id", "!=", self.id),
                ("date", "<=", self.date),
                ("tooth_ids", "in", self.tooth_ids.ids),
            ]
        )
        scope = self.condition_id.resolve_scope or "none"
        treated = self.product_id.product_tmpl_id.dental_diagnosis_ids

        def resolves(old):
            if old.diagnosis_id and old.diagnosis_id in treated:
                return True
            if scope == "tooth":
                return True
            if scope == "surface":
                if not old.condition_id:
                    return False
                return not old.surface_ids or not self.surface_ids or bool(old.surface_ids & self.surface_ids)
            return False

        return candidates.filtered(resolves)

    @api.model
    def _get_active_domain(self, patient, date=None):
        """Findings of ``patient`` that were active on ``date`` (today when empty)."""
        date = date or fields.Date.context_today(self)
        return [
            ("patient_id", "=", patient.id),
            ("date", "<=", date),
            "|",
            ("resolved_date", "=", False),
            ("resolved_date", ">", date),
        ]

    @api.model
    def _get_chart_state(self, patient, date=None):
        """{FDI code: findings active on ``date``} for one patient (one query)."""
        findings = self.search(self._get_active_domain(patient, date), order="date, id")
        state = {}
        for finding in findings:
            for tooth in finding.tooth_ids:
                state.setdefault(tooth.code, self.browse())
                state[tooth.code] |= finding
        return state

    @api.ondelete(at_uninstall=False)
    def _unlink_except_procedure(self):
        if any(finding.origin == "procedure" and finding.sale_line_id for finding in self):
            raise UserError(_("A finding recorded by a completed procedure cannot be deleted; resolve it instead."))

    def unlink(self):
        resolved = self.search([("resolved_by_id", "in", self.ids)])
        res = super().unlink()
        # What a deleted finding had resolved becomes active again.
        resolved.exists().write({"state": "active"})
        return res
