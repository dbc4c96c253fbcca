from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..tools import requisites

# Public requisites of Sberbank (a well-known organisation): valid check digits
SBER = {
    "vat": "7707083893",
    "company_registry": "1027700132195",
    "dental_kpp": "773601001",
    "dental_okpo": "00032537",
    "dental_bank_bik": "044525225",
    "dental_bank_corr_account": "30101810400000000225",
}


@tagged("post_install", "-at_install")
class TestRequisites(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Клиника", "country_id": cls.env.ref("base.ru").id})

    def _settlement_account(self):
        """A settlement account whose control key matches Sberbank's BIK."""
        base = "40702810" + "0" + "38000000001"
        for key in range(10):
            account = base[:8] + str(key) + base[9:]
            try:
                return requisites.validate_settlement_account(account, SBER["dental_bank_bik"])
            except ValueError:
                continue
        raise AssertionError("no key")

    def test_valid_requisites_are_kept(self):
        self.company.write({**SBER, "dental_bank_account": self._settlement_account(), "dental_bank_name": "Сбербанк"})
        self.assertEqual(self.company.dental_okpo, "00032537")
        self.assertIn(
            "БИК 044525225", self.company.with_context(lang="ru_RU")._dental_bank_text().replace("BIK", "БИК")
        )

    def test_wrong_check_digits_are_refused(self):
        wrong = {
            "vat": "7707083894",
            "company_registry": "1027700132196",
            "dental_kpp": "77360100",
            "dental_okpo": "00032538",
            "dental_bank_bik": "144525225",
            "dental_bank_corr_account": "30101810400000000226",
            "dental_bank_account": "40702810000000000000",
        }
        self.company.dental_bank_bik = SBER["dental_bank_bik"]
        for field_name, value in wrong.items():
            with self.subTest(field=field_name), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.company.write({field_name: value})
        self.assertFalse(self.company.dental_okpo, "nothing changed")

    def test_other_countries_keep_odoo_rules(self):
        company = self.env["res.company"].create({"name": "Clinic AB", "country_id": self.env.ref("base.se").id})
        company.company_registry = "5560360793"  # a Swedish organisation number, not an OGRN
        self.assertEqual(company.company_registry, "5560360793")

    def test_validators(self):
        self.assertEqual(requisites.validate_ogrn("304500116000157"), "304500116000157")  # ОГРНИП
        self.assertEqual(requisites.validate_kpp("7736AB001"), "7736AB001")
        with self.assertRaises(ValueError):
            requisites.validate_kpp("7736ab001")
        with self.assertRaises(ValueError):
            requisites.validate_ogrn("10277001321 95")
