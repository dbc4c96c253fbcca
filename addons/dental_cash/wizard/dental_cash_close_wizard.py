from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class DentalCashCloseWizard(models.TransientModel):
    """The closing dialog: the cash counted in the desk, then the day closes with it."""

    _name = "dental.cash.close.wizard"
    _description = "Close a Cash Day"

    closing_id = fields.Many2one("dental.cash.closing", string="Day", required=True, readonly=True)
    currency_id = fields.Many2one(related="closing_id.currency_id")
    cash_closing = fields.Monetary(related="closing_id.cash_closing")
    counted_cash = fields.Monetary(
        string="Counted Cash",
        compute="_compute_counted_cash",
        store=True,
        readonly=False,
        precompute=True,
        help="Cash counted in the desk now.",
    )
    desk_empty = fields.Boolean(
        string="The Cash Desk Is Empty",
        help="Nothing was counted in the desk: a zero count closes the day only when this is ticked "
        "(or when no cash is expected).",
    )
    difference = fields.Monetary(compute="_compute_difference", help="Counted cash - cash at end of day.")

    @api.model_create_multi
    def create(self, vals_list):
        # The related figures are read as superuser (related fields are): the dialog opens only on a day the user
        # may close, or it would show another branch's expected cash.
        self.env["dental.cash.closing"].browse(vals.get("closing_id") for vals in vals_list).check_access("write")
        return super().create(vals_list)

    @api.depends("closing_id")
    def _compute_counted_cash(self):
        for wizard in self:
            # a reopened day proposes its earlier count
            closing = wizard.closing_id
            wizard.counted_cash = closing.counted_cash if closing.cash_counted else 0.0

    @api.depends("counted_cash", "cash_closing")
    def _compute_difference(self):
        for wizard in self:
            wizard.difference = wizard.counted_cash - wizard.cash_closing

    def action_confirm(self):
        """Record the counted cash and close the day."""
        self.ensure_one()
        closing = self.closing_id
        closing._dental_check_can_close()
        if closing.state == "closed":
            raise UserError(_("The day is already closed."))
        rounding = self.currency_id.rounding
        if float_compare(self.counted_cash, 0.0, precision_rounding=rounding) < 0:
            raise UserError(_("The counted cash cannot be negative."))
        if (
            float_is_zero(self.counted_cash, precision_rounding=rounding)
            and not self.desk_empty
            and not float_is_zero(closing.cash_closing, precision_rounding=rounding)
        ):
            raise UserError(
                _(
                    "Enter the cash counted in the desk (%(expected)s expected), or tick that the desk is empty.",
                    expected=self.currency_id.format(closing.cash_closing),
                )
            )
        closing.write({"counted_cash": self.counted_cash})
        closing.action_close()
        return {"type": "ir.actions.act_window_close"}
