import math
import secrets
from collections import Counter

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

NOTATIONS = [("fdi", "FDI (ISO 3950)"), ("universal", "Universal"), ("palmer", "Palmer")]
# The import token: at least this many characters and this many bits (Shannon estimate from the characters'
# frequencies: a random 32-digit hexadecimal token has about 110, "aaaa...b" or "0000...1111" far less).
TOKEN_MIN_LENGTH = 32
TOKEN_MIN_BITS = 80


def token_is_strong(token):
    """Long enough, varied enough and not a repeated pattern ('abab...', '0123456789' repeated)."""
    length = len(token)
    if length < TOKEN_MIN_LENGTH:
        return False
    bits = -sum(count * math.log2(count / length) for count in Counter(token).values())
    periodic = any(token == (token[:period] * (length // period + 1))[:length] for period in range(1, length // 2 + 1))
    return bits >= TOKEN_MIN_BITS and not periodic


class ResCompany(models.Model):
    _inherit = "res.company"

    dental_tooth_notation = fields.Selection(
        NOTATIONS,
        string="Tooth Numbering",
        default="fdi",
        help="How teeth are numbered on screens and documents; storage always stays FDI.",
    )
    dental_image_max_size = fields.Integer(
        string="Image Size Limit (MB)",
        default=50,
        help="Largest file (image or archive) that can be attached to a patient image.",
    )
    dental_import_token = fields.Char(
        string="Import Token",
        groups="base.group_system",
        copy=False,
        help="Secret the AI X-ray analysis service sends (Authorization: Bearer <token>) "
        "to import findings. Empty: import disabled.",
    )

    @api.constrains("dental_import_token")
    def _check_dental_import_token(self):
        for company in self:
            token = company.dental_import_token
            if token and not token_is_strong(token):
                raise ValidationError(
                    _(
                        "The import token of %(company)s is too weak: use at least %(length)s varied characters "
                        "(letters, digits, symbols), or generate one.",
                        company=company.name,
                        length=TOKEN_MIN_LENGTH,
                    )
                )

    def _dental_generate_import_token(self):
        """A new random token (256 bits) for the branch; returns it (shown once to whoever generated it)."""
        self.ensure_one()
        token = secrets.token_urlsafe(32)
        self.dental_import_token = token
        return token
