from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dental_online_booking = fields.Boolean(
        string="Bookable Online",
        help="The service is offered on the online booking page; its duration is the appointment's.",
    )
