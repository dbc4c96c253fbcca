from odoo import fields, models


class DentalTaxCertificate(models.Model):
    """The certificate prints the clinic's ОГРН too (frozen when issued, like its INN and KPP)."""

    _inherit = "dental.tax.certificate"

    company_ogrn = fields.Char(string="Clinic OGRN", readonly=True)

    def _dental_company_values(self):
        values = super()._dental_company_values()
        values["company_ogrn"] = self._dental_legal_entity().company_registry or ""
        return values
