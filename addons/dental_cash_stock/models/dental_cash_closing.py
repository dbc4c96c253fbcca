from odoo import models


class DentalCashClosing(models.Model):
    """Closing a day posts the write-offs of procedures its branch recorded up to it and not posted yet: their
    moves are the day's money (stock valuation) and the closed day locks them. A write-off that cannot be posted
    (see its error among the materials of procedures) keeps the day open."""

    _inherit = "dental.cash.closing"

    def action_close(self):
        # the write-offs are posted as the superuser: refused first to those who may not close the day
        self._dental_check_can_close()
        for closing in self.filtered(lambda closing: closing.state != "closed"):
            self.env["dental.stock.consumption"]._dental_post_until(closing.company_id, closing.date)
        return super().action_close()
