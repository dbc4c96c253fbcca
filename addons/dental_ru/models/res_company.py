from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dental_patient.tools import identifiers

from ..tools import requisites


class ResCompany(models.Model):
    """Requisites of a Russian clinic printed on its documents (ИНН is ``vat``, ОГРН ``company_registry``, КПП and
    the licence come from dental_patient), and the branch's cloud cash register for 54-ФЗ receipts."""

    _inherit = "res.company"

    dental_okpo = fields.Char(string="OKPO", help="All-Russian classifier of enterprises code (8 or 10 digits).")
    dental_bank_name = fields.Char(string="Bank")
    dental_bank_bik = fields.Char(string="Bank BIK", help="Bank identification code of the Bank of Russia (9 digits).")
    dental_bank_corr_account = fields.Char(string="Correspondent Account", help="20 digits, starts with 30101.")
    dental_bank_account = fields.Char(string="Settlement Account", help="The clinic's account at the bank, 20 digits.")
    dental_cash_register_id = fields.Many2one(
        "dental.ru.cash.register",
        string="Cloud Cash Register",
        compute="_compute_dental_cash_register_id",
        help="The active cloud cash register of the branch that sends its 54-FZ receipts.",
    )

    def _compute_dental_cash_register_id(self):
        # sudo: which register serves the branch is not a secret; its credentials stay administrators' (field groups)
        registers = self.env["dental.ru.cash.register"].sudo().search([("company_id", "in", self.ids)])
        by_company = {register.company_id.id: register for register in registers}
        for company in self:
            company.dental_cash_register_id = by_company.get(company.id, False)

    @api.constrains(
        "vat",
        "company_registry",
        "dental_kpp",
        "dental_okpo",
        "dental_bank_bik",
        "dental_bank_corr_account",
        "dental_bank_account",
        "country_id",
    )
    def _check_dental_ru_requisites(self):
        # Russian companies only: a company of another country keeps Odoo's own checks of its VAT and registry
        checks = (
            ("vat", _("INN"), lambda c: identifiers.validate_inn(c.vat)),
            ("company_registry", _("OGRN"), lambda c: requisites.validate_ogrn(c.company_registry)),
            ("dental_kpp", _("KPP"), lambda c: requisites.validate_kpp(c.dental_kpp)),
            ("dental_okpo", _("OKPO"), lambda c: requisites.validate_okpo(c.dental_okpo)),
            ("dental_bank_bik", _("Bank BIK"), lambda c: requisites.validate_bik(c.dental_bank_bik)),
            (
                "dental_bank_corr_account",
                _("Correspondent Account"),
                lambda c: requisites.validate_corr_account(c.dental_bank_corr_account, c.dental_bank_bik),
            ),
            (
                "dental_bank_account",
                _("Settlement Account"),
                lambda c: requisites.validate_settlement_account(c.dental_bank_account, c.dental_bank_bik),
            ),
        )
        for company in self.filtered(lambda c: c.country_id.code == "RU"):
            for field_name, label, check in checks:
                if not company[field_name]:
                    continue
                try:
                    check(company)
                except ValueError as error:
                    raise ValidationError(
                        _(
                            "%(company)s: the %(requisite)s %(value)s is not valid (%(reason)s).",
                            company=company.name,
                            requisite=label,
                            value=company[field_name],
                            reason=str(error),
                        )
                    ) from error

    def _dental_bank_text(self):
        """The bank requisites as printed on documents."""
        self.ensure_one()
        parts = []
        if self.dental_bank_account:
            parts.append(_("acc. %s", self.dental_bank_account))
        if self.dental_bank_name:
            parts.append(self.dental_bank_name)
        if self.dental_bank_bik:
            parts.append(_("BIK %s", self.dental_bank_bik))
        if self.dental_bank_corr_account:
            parts.append(_("corr. acc. %s", self.dental_bank_corr_account))
        return ", ".join(parts)
