from odoo import models


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    def _create_missing_discount_line_products(self):
        # sudo: the Director configures clinic discounts; the technical discount product Odoo needs for each
        # reward is created for him (he has no right on products of the catalogue).
        dental = self.filtered(lambda reward: reward.program_id.dental_discount)
        if dental:
            super(LoyaltyReward, dental.sudo())._create_missing_discount_line_products()
        return super(LoyaltyReward, self - dental)._create_missing_discount_line_products()
