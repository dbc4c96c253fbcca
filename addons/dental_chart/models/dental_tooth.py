from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# FDI quadrant -> (jaw, side). Quadrants 1-4 permanent, 5-8 primary.
QUADRANTS = {
    1: ("upper", "right"),
    2: ("upper", "left"),
    3: ("lower", "left"),
    4: ("lower", "right"),
    5: ("upper", "right"),
    6: ("upper", "left"),
    7: ("lower", "left"),
    8: ("lower", "right"),
}
# Palmer (Zsigmondy) quadrant marks: the number sits in the corner of the grid.
PALMER_MARKS = {"upper right": "{}┘", "upper left": "└{}", "lower left": "┌{}", "lower right": "{}┐"}
PRIMARY_LETTERS = "ABCDE"


def fdi_is_valid(code):
    """True for an FDI / ISO 3950 tooth code: permanent 11-48, primary 51-85."""
    code = str(code)
    if len(code) != 2 or not code.isdigit():
        return False
    quadrant, position = int(code[0]), int(code[1])
    return (1 <= quadrant <= 4 and 1 <= position <= 8) or (5 <= quadrant <= 8 and 1 <= position <= 5)


def fdi_to_universal(code):
    """Universal (ADA) numbering: permanent 1-32 from the upper right third molar,
    primary A-T from the upper right second molar."""
    code = str(code)
    if not fdi_is_valid(code):
        raise ValueError(code)
    quadrant, position = int(code[0]), int(code[1])
    if quadrant <= 4:
        number = {1: 9 - position, 2: 8 + position, 3: 25 - position, 4: 24 + position}[quadrant]
        return str(number)
    index = {5: 5 - position, 6: 4 + position, 7: 15 - position, 8: 14 + position}[quadrant]
    return "ABCDEFGHIJKLMNOPQRST"[index]


def fdi_to_palmer(code):
    """Palmer notation: the tooth number (1-8, or A-E for primary teeth) with its quadrant mark."""
    code = str(code)
    if not fdi_is_valid(code):
        raise ValueError(code)
    quadrant, position = int(code[0]), int(code[1])
    jaw, side = QUADRANTS[quadrant]
    label = str(position) if quadrant <= 4 else PRIMARY_LETTERS[position - 1]
    return PALMER_MARKS[f"{jaw} {side}"].format(label)


def fdi_to_notation(code, notation):
    if notation == "universal":
        return fdi_to_universal(code)
    if notation == "palmer":
        return fdi_to_palmer(code)
    return str(code)


class DentalTooth(models.Model):
    """A tooth of the FDI / ISO 3950 chart (52 records shipped as data).

    Storage is always FDI (``code``); ``display_name`` follows the numbering
    chosen by the user or the company (FDI, Universal or Palmer).
    """

    _name = "dental.tooth"
    _inherit = ["dental.chart.reference.mixin"]
    _description = "Tooth"
    _order = "sequence, code"
    _rec_names_search = ["code"]

    code = fields.Char(string="FDI Code", required=True, size=2, index=True)
    sequence = fields.Integer(help="Order on the chart: upper jaw right to left, then lower jaw left to right.")
    dentition = fields.Selection(
        [("permanent", "Permanent"), ("primary", "Primary")],
        required=True,
    )
    jaw = fields.Selection([("upper", "Upper"), ("lower", "Lower")], required=True)
    side = fields.Selection([("right", "Right"), ("left", "Left")], required=True)
    quadrant = fields.Integer(required=True)
    position = fields.Integer(help="Position from the midline: 1 central incisor ... 8 third molar.")
    kind = fields.Selection(
        [("incisor", "Incisor"), ("canine", "Canine"), ("premolar", "Premolar"), ("molar", "Molar")],
        required=True,
    )
    universal_code = fields.Char(compute="_compute_notations")
    palmer_code = fields.Char(compute="_compute_notations")

    _sql_constraints = [("code_uniq", "unique(code)", "A tooth code is unique.")]

    @api.depends("code")
    def _compute_notations(self):
        for tooth in self:
            valid = fdi_is_valid(tooth.code)
            tooth.universal_code = fdi_to_universal(tooth.code) if valid else False
            tooth.palmer_code = fdi_to_palmer(tooth.code) if valid else False

    @api.depends("code")
    @api.depends_context("uid", "company")
    def _compute_display_name(self):
        notation = self._get_notation()
        for tooth in self:
            tooth.display_name = fdi_to_notation(tooth.code, notation) if fdi_is_valid(tooth.code) else tooth.code

    @api.constrains("code")
    def _check_code(self):
        for tooth in self:
            if not fdi_is_valid(tooth.code):
                raise ValidationError(_("%s is not an FDI tooth code (11-48 or 51-85).", tooth.code))

    @api.model
    def _get_notation(self):
        """Numbering shown to the current user: their own choice, else the company's."""
        return self.env.user.dental_tooth_notation or self.env.company.dental_tooth_notation or "fdi"

    @api.model
    def _get_by_codes(self, codes):
        """Teeth for FDI codes (ints or strings); raises on unknown codes."""
        codes = [str(code).strip() for code in codes]
        teeth = self.search([("code", "in", codes)])
        unknown = set(codes) - set(teeth.mapped("code"))
        if unknown:
            raise ValidationError(_("Unknown tooth codes: %s", ", ".join(sorted(unknown))))
        return teeth
