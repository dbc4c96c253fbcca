from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

SECTIONS = ("complaints", "anamnesis", "objective", "st_localis", "treatment", "recommendations")
# What was signed, copied at the signature: the printed record reads these, not the live names.
SNAPSHOT_FIELDS = (
    "signed_by_name",
    "signed_patient_name",
    "signed_card_number",
    "signed_doctor_name",
    "signed_teeth",
    "signed_diagnosis",
    "signed_other_diagnoses",
)


class DentalVisitRecord(models.Model):
    """A medical record of a visit (история болезни).

    Draft records are edited freely; signing freezes them. A signed record is
    corrected only by a new version (:meth:`action_correct`): the old one stays,
    marked as corrected, in the record's history.
    """

    _name = "dental.visit.record"
    _description = "Visit Record"
    _inherit = ["mail.thread", "mail.activity.mixin", "dental.server.fields.mixin"]
    _order = "date desc, doctor_id, id desc"
    # Set by the server only (signing, correcting: dental.server.fields.mixin). A new draft is created at their
    # defaults (state "draft", version 1: the web client sends them back), a write may resend their values.
    _dental_server_fields = (
        "state",
        "version",
        "previous_id",
        "corrected_by_id",
        "signed_date",
        "signed_by_id",
        *SNAPSHOT_FIELDS,
    )
    _dental_accept_resent_values = True

    name = fields.Char(compute="_compute_name", store=True)
    patient_id = fields.Many2one(
        "dental.patient", string="Patient", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(
        related="patient_id.company_id", string="Branch", store=True, index=True, precompute=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    doctor_id = fields.Many2one(
        "hr.employee",
        string="Doctor",
        required=True,
        index=True,
        default=lambda self: self.env.user.employee_id,
        tracking=True,
    )
    tooth_ids = fields.Many2many(
        "dental.tooth", "dental_visit_record_tooth_rel", "record_id", "tooth_id", string="Teeth"
    )
    complaints = fields.Text()
    anamnesis = fields.Text()
    objective = fields.Text(string="Objective Examination")
    st_localis = fields.Text(string="St. localis")
    diagnosis_id = fields.Many2one(
        "dental.diagnosis",
        string="Main Diagnosis",
        index=True,
        domain=[("selectable", "=", True)],
        tracking=True,
        ondelete="restrict",
    )
    other_diagnosis_ids = fields.Many2many(
        "dental.diagnosis",
        "dental_visit_record_diagnosis_rel",
        "record_id",
        "diagnosis_id",
        string="Other Diagnoses",
        domain=[("selectable", "=", True)],
    )
    diagnosis_note = fields.Text(string="Diagnosis Details")
    treatment = fields.Text(string="Treatment Done")
    recommendations = fields.Text()
    has_recommendations = fields.Boolean(compute="_compute_has_recommendations", store=True, index=True)
    template_id = fields.Many2one(
        "dental.record.template",
        string="Apply Template",
        store=False,
        help="Fills the sections from a template; the text stays editable.",
    )
    # One-click template per section: fills only that section (non-stored pickers).
    complaints_template_id = fields.Many2one(
        "dental.record.template", store=False, domain=[("complaints", "!=", False)], string="Complaints Template"
    )
    anamnesis_template_id = fields.Many2one(
        "dental.record.template", store=False, domain=[("anamnesis", "!=", False)], string="Anamnesis Template"
    )
    objective_template_id = fields.Many2one(
        "dental.record.template", store=False, domain=[("objective", "!=", False)], string="Examination Template"
    )
    st_localis_template_id = fields.Many2one(
        "dental.record.template", store=False, domain=[("st_localis", "!=", False)], string="St. localis Template"
    )
    treatment_template_id = fields.Many2one(
        "dental.record.template", store=False, domain=[("treatment", "!=", False)], string="Treatment Template"
    )
    recommendations_template_id = fields.Many2one(
        "dental.record.template",
        store=False,
        domain=[("recommendations", "!=", False)],
        string="Recommendations Template",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("signed", "Signed"), ("corrected", "Corrected")],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        readonly=True,
    )
    signed_date = fields.Datetime(readonly=True, copy=False)
    signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_id = fields.Many2one(
        "dental.visit.record",
        string="Corrects",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="Signed version this record corrects.",
    )
    corrected_by_id = fields.Many2one(
        "dental.visit.record",
        string="Corrected By",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    # The record as signed (names frozen at the signature; the print of a signed record reads these).
    signed_by_name = fields.Char(string="Signed By (name)", readonly=True, copy=False)
    signed_patient_name = fields.Char(string="Patient (as signed)", readonly=True, copy=False)
    signed_card_number = fields.Char(string="Card No. (as signed)", readonly=True, copy=False)
    signed_doctor_name = fields.Char(string="Doctor (as signed)", readonly=True, copy=False)
    signed_teeth = fields.Char(string="Teeth (as signed)", readonly=True, copy=False)
    signed_diagnosis = fields.Char(string="Main Diagnosis (as signed)", readonly=True, copy=False)
    signed_other_diagnoses = fields.Text(string="Other Diagnoses (as signed)", readonly=True, copy=False)
    history_ids = fields.Many2many(
        "dental.visit.record",
        compute="_compute_history_ids",
        string="Earlier Versions",
    )

    @api.depends("patient_id", "date", "version")
    def _compute_name(self):
        for record in self:
            name = _("Record %(date)s", date=fields.Date.to_string(record.date) if record.date else "")
            if record.version > 1:
                name = _("%(name)s (version %(version)s)", name=name, version=record.version)
            record.name = name

    @api.depends("recommendations")
    def _compute_has_recommendations(self):
        for record in self:
            record.has_recommendations = bool((record.recommendations or "").strip())

    def _compute_history_ids(self):
        for record in self:
            versions = self.browse()
            previous = record.previous_id
            while previous:
                versions |= previous
                previous = previous.previous_id
            record.history_ids = versions

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id:
            self._apply_template(self.template_id)
            self.template_id = False

    @api.onchange(*(f"{section}_template_id" for section in SECTIONS))
    def _onchange_section_template(self):
        for section in SECTIONS:
            template = self[f"{section}_template_id"]
            if template:
                self._apply_template(template, sections=(section,))
                self[f"{section}_template_id"] = False

    @api.constrains("diagnosis_id", "other_diagnosis_ids")
    def _check_diagnoses(self):
        for record in self:
            if record.diagnosis_id and record.diagnosis_id in record.other_diagnosis_ids:
                raise ValidationError(_("The main diagnosis is not repeated among the other diagnoses."))

    @api.constrains("previous_id", "patient_id")
    def _check_previous(self):
        for record in self.filtered("previous_id"):
            if record.previous_id.patient_id != record.patient_id:
                raise ValidationError(_("A correction belongs to the same patient as the record it corrects."))
            if record.previous_id.state == "draft":
                raise ValidationError(_("Only a signed record is corrected by a new version."))

    _sql_constraints = [
        ("previous_uniq", "unique(previous_id)", "A correction of this record already exists."),
    ]

    def _dental_refuse_fields(self, fnames, create=False):
        if create:
            raise UserError(_("A visit record is created as a draft and then signed."))
        raise UserError(_("The status, version and signature of a visit record are set by signing it."))

    @api.model_create_multi
    def create(self, vals_list):
        self._dental_check_server_create(vals_list)
        for vals in vals_list:
            if not vals.get("doctor_id"):
                if not self.env.user.employee_id:
                    raise ValidationError(_("Choose the doctor of the visit record."))
                vals["doctor_id"] = self.env.user.employee_id.id
        return super().create(vals_list)

    def write(self, vals):
        server = self._dental_has_server_token()
        if not server and vals.get("state") == "signed" and set(vals) == {"state"}:
            # Signing through the status is signing (same checks, stamps and snapshot).
            return self.action_sign()
        self._dental_check_server_fields(vals)  # before the frozen-record message
        frozen = self.filtered(lambda r: r.state != "draft")
        if frozen and not (server and set(vals) <= {"state", "corrected_by_id"}):
            raise UserError(
                _(
                    "The signed record %(name)s cannot be changed: correct it with a new version.",
                    name=frozen[0].display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(record.state != "draft" for record in self):
            raise UserError(_("A signed record cannot be deleted."))

    # ------------------------------------------------------------ actions
    def action_sign(self):
        """Sign the drafts: stamp the signature, freeze what was signed, mark the versions they correct."""
        self._check_can_sign()
        now = fields.Datetime.now()
        for record in self:
            record._dental_server().write(
                dict(record._signed_snapshot(), state="signed", signed_date=now, signed_by_id=self.env.uid)
            )
            previous = record.previous_id
            if previous:
                if previous.state != "signed":
                    raise UserError(_("The version this record corrects is not signed any more."))
                previous._dental_server().write({"state": "corrected", "corrected_by_id": record.id})
        return True

    def _signed_snapshot(self):
        """The names the record shows, as they are when it is signed (the signer's language)."""
        self.ensure_one()

        def label(diagnosis):
            return f"{diagnosis.code} {diagnosis.name}".strip()

        return {
            "signed_by_name": self.env.user.name,
            "signed_patient_name": self.patient_id.name,
            "signed_card_number": self.patient_id.card_number or False,
            "signed_doctor_name": self.doctor_id.name,
            "signed_teeth": ", ".join(self.tooth_ids.mapped("display_name")) or False,
            "signed_diagnosis": label(self.diagnosis_id) if self.diagnosis_id else False,
            "signed_other_diagnoses": "\n".join(label(d) for d in self.other_diagnosis_ids) or False,
        }

    def _check_can_sign(self):
        """Signing is the doctor's: a draft with at least a diagnosis, an examination or a treatment."""
        if not self.env.user.has_group("dental_patient.group_doctor"):
            raise UserError(_("Only a doctor signs a visit record."))
        for record in self:
            if record.state != "draft":
                raise UserError(_("Only a draft record can be signed."))
            if not (record.diagnosis_id or record.treatment or record.objective):
                raise UserError(_("Fill at least the diagnosis, the examination or the treatment before signing."))

    def action_correct(self):
        """Start a new draft version of a signed record, copying its content."""
        self.ensure_one()
        if self.state != "signed":
            raise UserError(_("Only a signed record is corrected by a new version."))
        if self.search_count([("previous_id", "=", self.id)]):
            raise UserError(_("A correction of this record already exists."))
        new = self._dental_server().copy({"previous_id": self.id, "version": self.version + 1, "date": self.date})
        return new._get_records_action(context={})

    def action_print(self):
        return self.env.ref("dental_chart.action_report_visit_record").report_action(self)

    # ------------------------------------------------------------ business
    def _apply_template(self, template, sections=SECTIONS):
        """Fill ``sections`` from ``template``: empty sections take its text, others get it appended.

        The whole-record template also proposes its diagnosis.
        """
        for record in self:
            for section in sections:
                text = template[section]
                if text:
                    current = record[section]
                    record[section] = f"{current}\n{text}" if current else text
            if sections == SECTIONS and template.diagnosis_id and not record.diagnosis_id:
                record.diagnosis_id = template.diagnosis_id
