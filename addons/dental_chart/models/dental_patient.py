from dateutil.relativedelta import relativedelta

from odoo import _, fields, models, tools

from ..tools.mixed_dentition import hidden_with_records, present_teeth
from ..tools.odontogram_svg import STATUS_COLORS, chart_svg
from .dental_tooth import fdi_to_notation
from .sale_order import APPROVED_PLAN_STATES


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    dental_finding_ids = fields.One2many(
        "dental.chart.finding",
        "patient_id",
        string="Findings",
        groups="dental_patient.group_section_medical_read",
    )
    dental_plan_ids = fields.One2many(
        "sale.order",
        "patient_id",
        string="Treatment Plans",
        domain=[("is_treatment_plan", "=", True)],
    )
    dental_plan_count = fields.Integer(string="Plans", compute="_compute_dental_counts")
    dental_visit_record_ids = fields.One2many(
        "dental.visit.record",
        "patient_id",
        string="Visit Records",
        groups="dental_patient.group_section_medical_read",
    )
    dental_visit_record_count = fields.Integer(
        string="Records",
        compute="_compute_dental_counts",
        groups="dental_patient.group_section_medical_read",
    )
    dental_image_ids = fields.One2many(
        "dental.image",
        "patient_id",
        string="Images",
        groups="dental_patient.group_section_medical_read",
    )
    dental_image_count = fields.Integer(
        string="Images Count",
        compute="_compute_dental_counts",
        groups="dental_patient.group_section_medical_read",
    )
    dental_main_diagnosis_ids = fields.Many2many(
        "dental.chart.finding",
        string="Main Diagnoses",
        compute="_compute_dental_main_diagnoses",
        groups="dental_patient.group_section_medical_read",
        help="Active diagnoses on the chart, per tooth.",
    )

    def _compute_dental_counts(self):
        # The counts are the lengths of the card's lists: the form reads those lists anyway (every id of them,
        # under the same record rules), so the smart buttons cost no query of their own.
        is_clinical = self.env.user.has_group("dental_patient.group_section_medical_read")
        for patient in self:
            patient.dental_plan_count = len(patient.dental_plan_ids)
            if is_clinical:
                patient.dental_visit_record_count = len(patient.dental_visit_record_ids)
                patient.dental_image_count = len(patient.dental_image_ids)
            else:
                patient.dental_visit_record_count = patient.dental_image_count = 0

    def _compute_dental_main_diagnoses(self):
        findings = self.env["dental.chart.finding"].search(
            [("patient_id", "in", self.ids), ("state", "=", "active"), ("diagnosis_id", "!=", False)]
        )
        for patient in self:
            patient.dental_main_diagnosis_ids = findings.filtered(lambda f, p=patient: f.patient_id == p)

    # ------------------------------------------------------------ actions
    def _dental_history(self):
        """Plans, chart findings, visit records and images are history: the card cannot be deleted."""
        history = super()._dental_history()
        # sudo: deciding whether the card may be deleted needs to see medical records the user may not read
        patient = self.sudo()
        if patient.with_context(active_test=False).dental_plan_ids:
            history.append(_("treatment plans"))
        if patient.dental_finding_ids or patient.dental_visit_record_ids or patient.dental_image_ids:
            history.append(_("medical records"))
        return history

    def _dental_action(self, xmlid, extra_context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = dict(
            default_patient_id=self.id,
            **(extra_context or {}),
        )
        return action

    def action_dental_plans(self):
        return self._dental_action(
            "dental_chart.sale_order_action_treatment_plan",
            {"default_is_treatment_plan": True, "default_partner_id": self.partner_id.id},
        )

    def action_dental_visit_records(self):
        return self._dental_action("dental_chart.dental_visit_record_action")

    def action_dental_images(self):
        return self._dental_action("dental_chart.dental_image_action")

    def action_dental_findings(self):
        return self._dental_action("dental_chart.dental_chart_finding_action")

    # ------------------------------------------------------------ odontogram
    def dental_get_chart(self, date=None):
        """Everything the odontogram widget draws, in one call.

        :param date: ISO date to show the chart as it was on that day (default today)
        :return: dict with ``teeth`` ({FDI: {label, findings: [...], plan: [...]}}), ``conditions`` (legend),
                 ``surfaces``, ``notation``, ``dentition`` (suggested from the age), ``date``; ``plan`` of a tooth:
                 the lines of the patient's approved plans touching it that were still open on that date;
                 ``mixed`` ({permanent position "11".."48": FDI code of the tooth standing there}): the mixed
                 dentition drawn one tooth per position, ``mixed_hidden``: the teeth it hides that have something
                 to draw (tools/mixed_dentition.py)
        """
        self.ensure_one()
        self.check_access("read")
        Finding = self.env["dental.chart.finding"]
        date = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        findings = Finding.search_fetch(
            Finding._get_active_domain(self, date),
            ["date", "tooth_ids", "surface_ids", "condition_id", "diagnosis_id", "note", "origin", "doctor_id"],
            order="date, id",
        )
        notation = self.env["dental.tooth"]._get_notation()
        teeth, conditions, surfaces = self._dental_chart_reference()
        result_teeth = {
            code: {
                "id": tooth_id,
                "code": code,
                "label": fdi_to_notation(code, notation),
                "dentition": dentition,
                "findings": [],
                "plan": [],
            }
            for tooth_id, code, dentition in teeth
        }
        # codes from the cached reference data (no query per model); a finding's inactive condition is read
        tooth_codes = {tooth_id: code for tooth_id, code, _dentition in teeth}
        surface_codes = {surface["id"]: surface["code"] for surface in surfaces}
        condition_codes = {condition["id"]: condition["code"] for condition in conditions}
        pontics = self._dental_chart_pontics(findings, conditions)
        for finding in findings:
            item = {
                "id": finding.id,
                "date": fields.Date.to_string(finding.date),
                "condition": condition_codes.get(finding.condition_id.id) or finding.condition_id.code or False,
                "diagnosis": finding.diagnosis_id.code or False,
                "diagnosis_name": finding.diagnosis_id.name or False,
                "surfaces": [surface_codes[sid] for sid in finding.surface_ids.ids if sid in surface_codes],
                "origin": finding.origin,
                "note": finding.note or "",
            }
            for tooth_id in finding.tooth_ids.ids:
                if tooth_id in tooth_codes:
                    pontic = tooth_id in pontics.get(finding.id, ())
                    result_teeth[tooth_codes[tooth_id]]["findings"].append(dict(item, pontic=True) if pontic else item)
        for line in self._dental_chart_plan_lines(date):
            item = {
                "id": line.id,
                "name": (line.name or "").split("\n")[0],
                "condition": condition_codes.get(line.product_id.dental_condition_id.id, False),
                "surfaces": [surface_codes[sid] for sid in line.surface_ids.ids if sid in surface_codes],
            }
            for tooth_id in line.tooth_ids.ids:
                if tooth_id in tooth_codes:
                    result_teeth[tooth_codes[tooth_id]]["plan"].append(item)
        data = {
            "date": fields.Date.to_string(date),
            "notation": notation,
            "dentition": self._dental_default_dentition(),
            "teeth": result_teeth,
            "mixed": present_teeth(
                result_teeth, {condition["code"]: condition for condition in conditions}, self._dental_age_on(date)
            ),
            "conditions": [dict(condition) for condition in conditions],
            "surfaces": [dict(surface) for surface in surfaces],
        }
        data["mixed_hidden"] = hidden_with_records(data)
        return data

    def _dental_chart_pontics(self, findings, conditions):
        """{bridge finding id: ids of its teeth that were missing}: the pontics of the bridges among ``findings``.

        A bridge resolves every earlier finding of its teeth, the "missing" of its pontics too: they are the teeth
        of the missing findings it resolved. One query, only when the chart has a bridge.
        """
        bridge_conditions = {condition["id"] for condition in conditions if condition.get("drawing") == "bridge"}
        bridges = findings.filtered(lambda finding: finding.condition_id.id in bridge_conditions)
        if not bridges:
            return {}
        missing = self.env["dental.chart.finding"].search_fetch(
            [("resolved_by_id", "in", bridges.ids), ("condition_id.drawing", "=", "missing")],
            ["resolved_by_id", "tooth_ids"],
        )
        pontics = {}
        for finding in missing:
            pontics.setdefault(finding.resolved_by_id.id, set()).update(finding.tooth_ids.ids)
        return pontics

    def _dental_chart_plan_domain(self, date):
        """Plan lines drawn on the chart on ``date``: of the approved plans dated by then, not completed by then."""
        return [
            ("order_id.patient_id", "=", self.id),
            ("order_id.is_treatment_plan", "=", True),
            ("order_id.plan_state", "in", [state for state in APPROVED_PLAN_STATES if state != "done"]),
            ("order_id.date_order", "<", fields.Date.add(date, days=1)),
            ("display_type", "=", False),
            ("tooth_ids", "!=", False),
            "|",
            ("dental_completed_date", "=", False),
            ("dental_completed_date", ">", date),
        ]

    def _dental_chart_plan_lines(self, date):
        """Open plan lines of the chart (none when the user may not read plans)."""
        Line = self.env["sale.order.line"]
        if not Line.has_access("read"):
            return Line
        return Line.search_fetch(
            self._dental_chart_plan_domain(date),
            ["name", "order_id", "product_id", "tooth_ids", "surface_ids"],
            order="order_id, sequence, id",
        )

    def _dental_chart_print_data(self, date=None, plan=None):
        """Chart data of a printout on ``date``.

        :param plan: a treatment plan (sale.order) whose open lines are drawn as planned instead of the open
                     lines of the approved plans
        """
        self.ensure_one()
        data = self.dental_get_chart(date=fields.Date.to_string(fields.Date.to_date(date)) if date else None)
        if plan is not None:
            condition_codes = {condition["code"] for condition in data["conditions"]}
            for tooth in data["teeth"].values():
                tooth["plan"] = []
            for line in plan.order_line.filtered(lambda line: line.tooth_ids and not line.dental_completed_date):
                code = line.product_id.dental_condition_id.code
                item = {
                    "id": line.id,
                    "name": (line.name or "").split("\n")[0],
                    "condition": code if code in condition_codes else False,
                    "surfaces": line.surface_ids.mapped("code"),
                }
                for tooth in line.tooth_ids:
                    data["teeth"][tooth.code]["plan"].append(item)
        return data

    def _dental_print_chart(self, date=None, plan=None):
        """``{"svg", "legend", "status", "data"}`` of the chart for a printout (see _dental_chart_print_data), or
        False when the user may not read the chart: the printout stays printable without it."""
        self.ensure_one()
        if not self.env["dental.chart.finding"].has_access("read"):
            return False
        data = self._dental_chart_print_data(date=date, plan=plan)
        present = {
            finding["condition"] for tooth in data["teeth"].values() for finding in tooth["findings"] + tooth["plan"]
        }
        dentition = self._dental_print_dentition(data)
        return {
            # the mixed dentition one tooth per position, in four rows when a hidden tooth has something to draw
            "svg": chart_svg(
                data, dentition=dentition, show_all=dentition == "mixed" and bool(hidden_with_records(data))
            ),
            "legend": [condition for condition in data["conditions"] if condition["code"] in present],
            "status": [
                (STATUS_COLORS["planned"], _("Planned work")),
                (STATUS_COLORS["done"], _("Done here")),
                (STATUS_COLORS["existing"], _("Existing (done elsewhere)")),
            ],
            "data": data,
        }

    def _dental_print_dentition(self, data):
        """Dentition printed: the suggested one, mixed when primary teeth have findings on an adult's chart."""
        dentition = data["dentition"]
        primary_used = any(
            tooth["findings"] or tooth["plan"] for tooth in data["teeth"].values() if tooth["dentition"] == "primary"
        )
        if dentition == "permanent" and primary_used:
            return "mixed"
        return dentition

    def _dental_chart_reference(self):
        """(teeth as (id, FDI code, dentition), conditions, surfaces) of the chart, in the user's language.

        Reference data read once per language and set of allowed branches (3 queries less per chart): cached in
        the registry and cleared when a tooth, surface or condition changes (dental.chart.reference.mixin). A
        branch's own conditions are drawn only where that branch (or a sub-branch) is allowed, as the record
        rule of ``dental.condition`` says.
        """
        for model in ("dental.tooth", "dental.condition", "dental.tooth.surface"):
            self.env[model].check_access("read")
        return self._dental_chart_reference_cached(self.env.lang, tuple(sorted(self.env.companies.ids)))

    @tools.ormcache("lang", "company_ids")
    def _dental_chart_reference_cached(self, lang, company_ids):
        # sudo: reference data; the branch condition below is the record rule of dental.condition applied to the
        # allowed companies (read access checked by the caller)
        env = self.sudo().with_context(lang=lang).env
        teeth = tuple(
            (tooth.id, tooth.code, tooth.dentition)
            for tooth in env["dental.tooth"].search_fetch([("code", "!=", False)], ["code", "dentition"])
        )
        conditions = tuple(
            env["dental.condition"].search_read(
                [
                    ("active", "=", True),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "parent_of", list(company_ids)),
                ],
                ["code", "name", "color", "draw", "drawing", "sequence"],
                order="sequence, id",
            )
        )
        surfaces = tuple(env["dental.tooth.surface"].search_read([("code", "!=", False)], ["code", "name"]))
        return teeth, conditions, surfaces

    def _dental_age_on(self, date):
        """Completed years of the patient on ``date`` (None without a birth date)."""
        self.ensure_one()
        if not self.birth_date:
            return None
        return max(relativedelta(date, self.birth_date).years, 0)

    def _dental_default_dentition(self):
        """Chart shown first: primary teeth under 6, mixed until 12, then permanent."""
        self.ensure_one()
        if not self.birth_date:
            return "permanent"
        if self.age < 6:
            return "primary"
        if self.age < 12:
            return "mixed"
        return "permanent"
