from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DentalSeCommon


@tagged("post_install", "-at_install")
class TestSwedishClinic(DentalSeCommon):
    def test_chart_and_journals(self):
        """The l10n_se chart on a new company, in kronor, with the product's cash/card/bank journals on it."""
        self.assertEqual(self.company.chart_template, "se")
        self.assertEqual(self.currency.name, "SEK")
        for kind in ("cash", "card", "bank"):
            journal = self.company._dental_payment_journal(kind)
            self.assertEqual(journal.company_id, self.company)
            self.assertTrue(journal.default_account_id)
        invoice = self._invoice(1200.0)
        payment = self._pay(1200.0, mode="pay", invoice=invoice, method="cash")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(payment.currency_id.name, "SEK")
        lines = self.env["account.move.line"].search(
            [("company_id", "=", self.company.id), ("parent_state", "=", "posted")]
        )
        self.assertAlmostEqual(sum(lines.mapped("debit")), sum(lines.mapped("credit")), places=2)
        self.assertTrue(invoice.line_ids.account_id.filtered(lambda a: a.code.startswith("30")), "sales on 30xx (BAS)")

    def test_organisation_number(self):
        self.company.company_registry = "556036-0793"
        self.assertEqual(self.company.company_registry, "556036-0793")
        with self.assertRaises(ValidationError):
            self.company.company_registry = "556036-0794"
        other = self.env["res.company"].create({"name": "Elsewhere", "country_id": self.env.ref("base.ru").id})
        other.company_registry = "1027700132195"  # another country keeps its own rules
        self.assertEqual(other.company_registry, "1027700132195")

    def test_personal_identity_number_from_dental_patient(self):
        """dental_patient checks the personnummer and the samordningsnummer; this addon sends it, no other rule."""
        self.patient.se_personal_id = "19811218-9876"
        self.patient.se_personal_id = "701063-2391"  # samordningsnummer: day 63 = 3 + 60
        self.assertTrue(self.patient.se_coordination_number)
        with self.assertRaises(ValidationError):
            self.patient.se_personal_id = "19811218-9877"
