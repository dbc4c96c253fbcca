from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Six probing sites: buccal distal/middle/mesial, lingual distal/middle/mesial.
SITES = ("db", "b", "mb", "dl", "l", "ml")
# Per-site values of a tooth (field prefix); the chart draws and enters them.
SITE_PREFIXES = ("pd", "gm", "bleed", "supp", "plaque")
# Fields the drawn chart's keyboard entry may write (dental.perio.exam.perio_save_sites).
ENTRY_FIELDS = frozenset(
    {"missing", "mobility", "furcation", *(f"{prefix}_{site}" for prefix in SITE_PREFIXES for site in SITES)}
)
PD_RANGE = (0, 20)
GM_RANGE = (-10, 20)


class DentalPerioTooth(models.Model):
    """One tooth of a periodontal exam.

    Per site: pocket depth (PD, mm), gingival margin (GM, mm from the cemento-enamel
    junction; positive = recession, negative = overgrowth), bleeding, suppuration and plaque.
    Clinical attachment loss CAL = PD + GM.
    """

    _name = "dental.perio.tooth"
    _description = "Periodontal Exam Tooth"
    _order = "exam_id, sequence, id"

    exam_id = fields.Many2one("dental.perio.exam", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="exam_id.company_id", store=True, index=True, precompute=True)
    tooth_id = fields.Many2one("dental.tooth", string="Tooth", required=True)
    sequence = fields.Integer(related="tooth_id.sequence", store=True)
    missing = fields.Boolean()
    mobility = fields.Integer(help="0-3 (Miller).")
    furcation = fields.Integer(help="Furcation involvement, 0-3 (Glickman).")
    pd_db = fields.Integer(string="PD DB")
    pd_b = fields.Integer(string="PD B")
    pd_mb = fields.Integer(string="PD MB")
    pd_dl = fields.Integer(string="PD DL")
    pd_l = fields.Integer(string="PD L")
    pd_ml = fields.Integer(string="PD ML")
    gm_db = fields.Integer(string="GM DB")
    gm_b = fields.Integer(string="GM B")
    gm_mb = fields.Integer(string="GM MB")
    gm_dl = fields.Integer(string="GM DL")
    gm_l = fields.Integer(string="GM L")
    gm_ml = fields.Integer(string="GM ML")
    bleed_db = fields.Boolean(string="Bleeding DB")
    bleed_b = fields.Boolean(string="Bleeding B")
    bleed_mb = fields.Boolean(string="Bleeding MB")
    bleed_dl = fields.Boolean(string="Bleeding DL")
    bleed_l = fields.Boolean(string="Bleeding L")
    bleed_ml = fields.Boolean(string="Bleeding ML")
    supp_db = fields.Boolean(string="Suppuration DB")
    supp_b = fields.Boolean(string="Suppuration B")
    supp_mb = fields.Boolean(string="Suppuration MB")
    supp_dl = fields.Boolean(string="Suppuration DL")
    supp_l = fields.Boolean(string="Suppuration L")
    supp_ml = fields.Boolean(string="Suppuration ML")
    plaque_db = fields.Boolean(string="Plaque DB")
    plaque_b = fields.Boolean(string="Plaque B")
    plaque_mb = fields.Boolean(string="Plaque MB")
    plaque_dl = fields.Boolean(string="Plaque DL")
    plaque_l = fields.Boolean(string="Plaque L")
    plaque_ml = fields.Boolean(string="Plaque ML")
    cal_db = fields.Integer(string="CAL DB", compute="_compute_cal", store=True)
    cal_b = fields.Integer(string="CAL B", compute="_compute_cal", store=True)
    cal_mb = fields.Integer(string="CAL MB", compute="_compute_cal", store=True)
    cal_dl = fields.Integer(string="CAL DL", compute="_compute_cal", store=True)
    cal_l = fields.Integer(string="CAL L", compute="_compute_cal", store=True)
    cal_ml = fields.Integer(string="CAL ML", compute="_compute_cal", store=True)
    bleeding_count = fields.Integer(compute="_compute_counts", store=True)
    plaque_count = fields.Integer(compute="_compute_counts", store=True)
    deep_count = fields.Integer(compute="_compute_counts", store=True)
    max_pd = fields.Integer(string="Max PD", compute="_compute_counts", store=True)
    max_cal = fields.Integer(string="Max CAL", compute="_compute_cal", store=True)
    pd_change = fields.Integer(
        string="PD Change",
        compute="_compute_change",
        help="Largest change of pocket depth at a site since the compared exam (mm).",
    )
    cal_change = fields.Integer(string="CAL Change", compute="_compute_change")
    trend = fields.Selection(
        [("worse", "Worse"), ("better", "Better"), ("same", "Same")],
        compute="_compute_change",
    )

    _sql_constraints = [("tooth_uniq", "unique(exam_id, tooth_id)", "A tooth appears once in an exam.")]

    @api.depends(*(f"{prefix}_{site}" for prefix in ("pd", "gm") for site in SITES))
    def _compute_cal(self):
        for line in self:
            values = []
            for site in SITES:
                cal = line[f"pd_{site}"] + line[f"gm_{site}"]
                line[f"cal_{site}"] = cal
                values.append(cal)
            line.max_cal = max(values)

    @api.depends(*(f"{prefix}_{site}" for prefix in ("pd", "bleed", "plaque") for site in SITES))
    def _compute_counts(self):
        for line in self:
            line.bleeding_count = sum(1 for site in SITES if line[f"bleed_{site}"])
            line.plaque_count = sum(1 for site in SITES if line[f"plaque_{site}"])
            line.deep_count = sum(1 for site in SITES if line[f"pd_{site}"] >= 5)
            line.max_pd = max(line[f"pd_{site}"] for site in SITES)

    @api.depends(
        "exam_id.compare_exam_id",
        "tooth_id",
        "missing",
        *(f"{prefix}_{site}" for prefix in ("pd", "gm") for site in SITES),
    )
    def _compute_change(self):
        compared = self.exam_id.compare_exam_id.line_ids
        previous_by_key = {(line.exam_id.id, line.tooth_id.id): line for line in compared}
        for line in self:
            previous = previous_by_key.get((line.exam_id.compare_exam_id.id, line.tooth_id.id))
            if not previous or previous.missing or line.missing:
                line.pd_change = line.cal_change = 0
                line.trend = False
                continue
            pd_deltas = [line[f"pd_{site}"] - previous[f"pd_{site}"] for site in SITES]
            cal_deltas = [line[f"cal_{site}"] - previous[f"cal_{site}"] for site in SITES]
            line.pd_change = max(pd_deltas, key=abs)
            line.cal_change = max(cal_deltas, key=abs)
            worst = max(pd_deltas + cal_deltas)
            best = min(pd_deltas + cal_deltas)
            line.trend = "worse" if worst >= 2 else "better" if best <= -2 else "same"

    @api.constrains(*(f"{prefix}_{site}" for prefix in ("pd", "gm") for site in SITES), "mobility", "furcation")
    def _check_values(self):
        for line in self:
            if any(not PD_RANGE[0] <= line[f"pd_{site}"] <= PD_RANGE[1] for site in SITES):
                raise ValidationError(_("A pocket depth is between 0 and 20 mm."))
            if any(not GM_RANGE[0] <= line[f"gm_{site}"] <= GM_RANGE[1] for site in SITES):
                raise ValidationError(
                    _("A gingival margin is between -10 mm (overgrowth) and 20 mm (recession) from the CEJ.")
                )
            if not 0 <= line.mobility <= 3 or not 0 <= line.furcation <= 3:
                raise ValidationError(_("Mobility and furcation are graded 0 to 3."))
