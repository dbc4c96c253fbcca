from odoo import _, fields, models


class DentalCashCategory(models.Model):
    """Category of money paid out of (expense) or put into (other income) the cash desk, mapped to an account."""

    _name = "dental.cash.category"
    _inherit = ["dental.book.mixin"]
    _description = "Cash Desk Category"
    _order = "kind, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection([("expense", "Expense"), ("income", "Other Income")], required=True, default="expense")
    account_id = fields.Many2one(
        "account.account",
        string="Account",
        company_dependent=True,
        check_company=True,
        help="Account debited by an expense (credited by an income) of this category; per company.",
    )
    company_id = fields.Many2one("res.company", string="Company", help="Empty: the category is shared by every branch.")
    note = fields.Text()

    def _dental_account(self, company):
        """The account of the category for a branch: its own mapping, else a default of the chart."""
        self.ensure_one()
        # sudo: the mapping is kept on the head company (accounts are shared by its branches), which a
        # branch's registrar cannot open
        category = self.sudo().with_company(company.root_id)
        if category.account_id:
            return category.account_id.sudo(False)
        account_type = "expense" if self.kind == "expense" else "income_other"
        # sudo: reading the chart of accounts to find the default account of the category
        return (
            self.env["account.account"]
            .sudo()
            .search([("account_type", "=", account_type), ("company_ids", "parent_of", company.id)], limit=1)
        )

    def _dental_history_sources(self):
        return [*super()._dental_history_sources(), ("dental.cash.operation", "category_id", _("cash operations"))]
