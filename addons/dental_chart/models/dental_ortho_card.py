from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Text sections 13-26 of the orthodontic card (seed 001); 24, the diary, is diary_ids.
ORTHO_SECTIONS = [
    "complaints",
    "anamnesis",
    "face_exam",
    "oral_exam",
    "preliminary_diagnosis",
    "xray_study",
    "functional_tests",
    "extra_methods",
    "clinical_diagnosis",
    "treatment_plan",
    "consent",
    "observation",
    "epicrisis",
]
TITLE_FIELDS = [
    "card_date",
    "occupation",
    "address",
    "representative",
    "referred_by",
    "referral_diagnosis",
    "doctor_id",
    "treatment_start",
    "treatment_end",
    "appliance",
]


class DentalOrthoCard(models.Model):
    """Orthodontic card: title page (items 1-12), sections 13-26 and the orthodontist's diary."""

    _name = "dental.ortho.card"
    _description = "Orthodontic Card"
    _inherit = ["mail.thread"]
    _order = "card_date desc, id desc"

    name = fields.Char(string="Card No.", required=True, copy=False, readonly=True, default=lambda self: _("New"))
    patient_id = fields.Many2one("dental.patient", string="Patient", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        related="patient_id.company_id", string="Branch", store=True, index=True, precompute=True
    )
    # Title page (1-12): 1 card date, 2-5 patient identity (from the card), 6-12 below.
    card_date = fields.Date(string="1. Card Date", required=True, default=fields.Date.context_today)
    birth_date = fields.Date(related="patient_id.birth_date", string="4. Birth Date")
    gender = fields.Selection(related="patient_id.gender", string="3. Gender")
    phone = fields.Char(related="patient_id.phone", string="5. Phone")
    address = fields.Char(string="6. Address")
    occupation = fields.Char(string="7. School / Work")
    representative = fields.Char(string="8. Legal Representative")
    referred_by = fields.Char(string="9. Referred By")
    referral_diagnosis = fields.Char(string="10. Diagnosis of the Referring Clinic")
    doctor_id = fields.Many2one(
        "hr.employee", string="11. Orthodontist", default=lambda self: self.env.user.employee_id, tracking=True
    )
    treatment_start = fields.Date(string="12. Treatment Start")
    treatment_end = fields.Date(string="Treatment End")
    appliance = fields.Char(string="Appliance", help="Appliance or system used (brackets, aligners, plate...).")
    complaints = fields.Text(string="13. Complaints")
    anamnesis = fields.Text(string="14. Anamnesis")
    face_exam = fields.Text(string="15. Face Examination. Cephalometry")
    oral_exam = fields.Text(string="16. Oral Examination")
    preliminary_diagnosis = fields.Text(string="17. Preliminary Diagnosis")
    xray_study = fields.Text(string="18. X-ray Study")
    functional_tests = fields.Text(string="19. Clinical Functional Tests")
    extra_methods = fields.Text(string="20. Additional Examination Methods")
    clinical_diagnosis = fields.Text(string="21. Clinical Diagnosis")
    diagnosis_ids = fields.Many2many(
        "dental.diagnosis",
        "dental_ortho_card_diagnosis_rel",
        "card_id",
        "diagnosis_id",
        string="ICD-10 Diagnoses",
        domain=[("selectable", "=", True)],
    )
    treatment_plan = fields.Text(string="22. Treatment Plan")
    consent = fields.Text(string="23. Consent")
    consent_signed = fields.Boolean(string="Consent Signed")
    diary_ids = fields.One2many("dental.ortho.diary", "card_id", string="24. Orthodontist's Diary")
    observation = fields.Text(string="25. Observation")
    epicrisis = fields.Text(string="26. Epicrisis")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("dental.ortho.card") or _("New")
        return super().create(vals_list)

    def action_reset(self):
        """Clear every section of the card (the title page's card date and patient stay)."""
        for card in self:
            if card.diary_ids:
                raise UserError(_("The card has diary entries: it cannot be reset."))
        vals = dict.fromkeys(ORTHO_SECTIONS, False)
        vals.update(dict.fromkeys([f for f in TITLE_FIELDS if f not in ("card_date",)], False))
        vals.update({"diagnosis_ids": [fields.Command.clear()], "consent_signed": False})
        self.write(vals)
        return True

    def action_print(self):
        return self.env.ref("dental_chart.action_report_ortho_card").report_action(self)
