from odoo import fields, models

from .product_template import COST_GROUPS


class ProductProduct(models.Model):
    _inherit = "product.product"

    # the variant's own (company-dependent) cost: the same groups as the template's (see product_template.py)
    standard_price = fields.Float(groups=COST_GROUPS)
