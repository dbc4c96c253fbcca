from odoo import _, fields, models


class DentalCondition(models.Model):
    """What the chart draws on a tooth: caries, filling, crown, missing, implant...

    ``draw`` tells the odontogram how to paint it; ``resolve_scope`` tells which
    earlier findings a new finding with this condition resolves.
    """

    _name = "dental.condition"
    _inherit = ["dental.chart.reference.mixin", "dental.book.mixin"]
    _description = "Tooth Condition"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        index=True,
        help="Stable code, also used to map imported findings (e.g. from AI X-ray analysis).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Char(default="#d9534f", help="Colour on the chart (HTML code).")
    draw = fields.Selection(
        [
            ("surface", "Fill the surfaces"),
            ("tooth", "Fill the whole tooth"),
            ("crown", "Ring around the crown"),
            ("root", "Mark the root"),
            ("missing", "Tooth absent (hidden)"),
            ("cross", "Cross over the tooth"),
            ("implant", "Implant screw"),
            ("bridge", "Bridge bar"),
            ("outline", "Outline only"),
        ],
        required=True,
        default="surface",
    )
    drawing = fields.Selection(
        [
            ("caries", "Caries or lesion on the surfaces"),
            ("filling", "Filling on the surfaces"),
            ("crown", "Crown outline over the crown"),
            ("veneer", "Veneer on the buccal face"),
            ("root_canal", "Root-canal filling (lines in the roots)"),
            ("post", "Post in the root"),
            ("implant", "Implant screw in place of the root"),
            ("bridge", "Bridge (bar over its teeth, pontics)"),
            ("missing", "Missing tooth (not drawn)"),
            ("extraction", "Extraction (cross over the tooth)"),
            ("fracture", "Fracture line"),
            ("root_lesion", "Root and apex marked"),
            ("remnant", "Root remnant (no crown)"),
            ("unerupted", "Unerupted (dashed outline)"),
        ],
        string="Drawing",
        help="How the chart pictures the condition, as a dentist draws it. Restorations (filling, crown, veneer, "
        "root-canal filling, post, implant, bridge) are drawn in the colour of their status: planned red, done here "
        "blue, existing from elsewhere black. Empty: the chart paints the condition in its colour as set in Draw.",
    )
    resolve_scope = fields.Selection(
        [
            ("none", "Nothing"),
            ("surface", "Findings on the same surfaces"),
            ("tooth", "Every finding on the tooth"),
        ],
        string="Resolves",
        required=True,
        default="none",
        help="Which earlier active findings on the same teeth a new finding with this condition resolves "
        "(a filling resolves the caries of its surfaces; an extraction resolves everything on the tooth).",
    )
    is_pathology = fields.Boolean(help="A problem to treat (caries, root remnant...), as opposed to a restoration.")
    company_id = fields.Many2one("res.company", help="Leave empty to share the condition with every branch.")

    _sql_constraints = [("code_uniq", "unique(code, company_id)", "A condition code is unique.")]

    def _dental_history_sources(self):
        return [*super()._dental_history_sources(), ("dental.chart.finding", "condition_id", _("chart findings"))]
