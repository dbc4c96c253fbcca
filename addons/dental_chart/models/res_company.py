from odoo import fields, models

NOTATIONS = [("fdi", "FDI (ISO 3950)"), ("universal", "Universal"), ("palmer", "Palmer")]


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
