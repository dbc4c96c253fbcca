from odoo import models


class AccountMove(models.Model):
    """The link of a journal entry to the cash desk operation it records is written by the operation's posting
    only: a client setting it on another entry would change how the daily summary counts that entry."""

    _name = "account.move"
    _inherit = ["account.move", "dental.server.fields.mixin"]

    _dental_server_fields = ("dental_cash_operation_id",)
