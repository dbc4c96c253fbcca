from odoo import _, fields, models
from odoo.exceptions import UserError


class StockScrap(models.Model):
    """A manual write-off (scrap with its reason) is done now: refused on a closed day of its branch before anything
    moves, like the day's money (its move joins the closed-day lock too: stock.move of this addon)."""

    _inherit = "stock.scrap"

    def do_scrap(self):
        self._dental_check_closed_day()
        return super().do_scrap()

    def _dental_check_closed_day(self):
        # sudo: the branches' closed days, whoever scraps (read only)
        companies = self.company_id.sudo()
        locked = companies._dental_locked_until()
        now = fields.Datetime.now()
        for scrap in self:
            company = scrap.company_id.sudo()
            until, day = locked.get(company.id), company._dental_local_date(now)
            if until and day <= until:
                raise UserError(company._dental_lock_message(_("A manual write-off"), day, until))
