from odoo import fields, models


class ResCompany(models.Model):
    """Online booking and patient portal settings, per branch."""

    _inherit = "res.company"

    dental_online_booking = fields.Boolean(
        string="Online Booking",
        help="The branch is offered on the online booking page and through the slot API.",
    )
    dental_booking_days = fields.Integer(
        string="Online Booking Horizon (Days)",
        default=30,
        help="How many days ahead a visitor may book.",
    )
    dental_portal_hide_goods = fields.Boolean(
        string="Hide Goods in Visit History",
        help="The patient portal's visit history lists services only, not the goods (materials, products) "
        "of a visit.",
    )
