from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

from odoo import _, api, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """A Swedish clinic's organisationsnummer is its Company ID (``company_registry``), checked with python-stdnum."""

    _inherit = "res.company"

    @api.constrains("company_registry", "country_id")
    def _check_dental_se_orgnr(self):
        for company in self:
            if company.country_id.code != "SE" or not company.company_registry:
                continue
            try:
                orgnr.validate(company.company_registry)
            except StdnumError as error:
                raise ValidationError(
                    _(
                        "The organisation number %(number)s is not valid (%(reason)s).",
                        number=company.company_registry,
                        reason=error.message,
                    )
                ) from error

    @api.onchange("company_registry")
    def _onchange_dental_se_orgnr(self):
        if self.country_id.code == "SE" and self.company_registry and orgnr.is_valid(self.company_registry):
            self.company_registry = orgnr.format(self.company_registry)
