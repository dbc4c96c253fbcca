from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.dental_chart.models.dental_tooth import fdi_is_valid, fdi_to_palmer, fdi_to_universal


@tagged("post_install", "-at_install")
class TestToothNotation(TransactionCase):
    def test_fdi_validity(self):
        for code in ("11", "18", "48", "51", "55", "85"):
            self.assertTrue(fdi_is_valid(code), code)
        for code in ("10", "19", "49", "56", "86", "90", "1", "111", "ab"):
            self.assertFalse(fdi_is_valid(code), code)

    def test_universal_permanent(self):
        expected = {
            "18": "1",
            "11": "8",
            "21": "9",
            "28": "16",
            "38": "17",
            "31": "24",
            "41": "25",
            "48": "32",
            "36": "19",
        }
        for fdi, universal in expected.items():
            self.assertEqual(fdi_to_universal(fdi), universal, fdi)

    def test_universal_primary(self):
        expected = {"55": "A", "51": "E", "61": "F", "65": "J", "75": "K", "71": "O", "81": "P", "85": "T"}
        for fdi, universal in expected.items():
            self.assertEqual(fdi_to_universal(fdi), universal, fdi)

    def test_palmer(self):
        self.assertEqual(fdi_to_palmer("16"), "6┘")
        self.assertEqual(fdi_to_palmer("21"), "└1")
        self.assertEqual(fdi_to_palmer("36"), "┌6")
        self.assertEqual(fdi_to_palmer("48"), "8┐")
        self.assertEqual(fdi_to_palmer("55"), "E┘")
        self.assertEqual(fdi_to_palmer("71"), "┌A")

    def test_every_tooth_shipped_once(self):
        teeth = self.env["dental.tooth"].search([])
        self.assertEqual(len(teeth), 52)
        self.assertEqual(len(teeth.filtered(lambda t: t.dentition == "primary")), 20)
        self.assertEqual(len(set(teeth.mapped("universal_code"))), 52)

    def test_display_follows_company_then_user_setting(self):
        tooth = self.env.ref("dental_chart.tooth_36")
        self.env.company.dental_tooth_notation = "fdi"
        self.env.user.dental_tooth_notation = False
        self.assertEqual(tooth.display_name, "36")
        self.env.company.dental_tooth_notation = "universal"
        tooth.invalidate_recordset(["display_name"])
        self.assertEqual(tooth.display_name, "19")
        self.env.user.dental_tooth_notation = "palmer"
        tooth.invalidate_recordset(["display_name"])
        self.assertEqual(tooth.display_name, "┌6")
        # storage stays FDI: searching by the FDI code still finds the tooth
        self.assertEqual(self.env["dental.tooth"]._get_by_codes([36]), tooth)

    def test_unknown_codes_refused(self):
        with self.assertRaises(ValidationError):
            self.env["dental.tooth"]._get_by_codes(["36", "99"])
