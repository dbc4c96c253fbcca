from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.dental_patient.tools.lang import in_russian


@tagged("post_install", "-at_install")
class TestInRussian(TransactionCase):
    def test_russian_only_when_active(self):
        lang = self.env["res.lang"]
        country = self.env.ref("base.ru")
        active = bool(lang._get_code("ru_RU"))
        self.assertEqual(in_russian(country).env.context.get("lang") == "ru_RU", active)
        # A database where Russian was never loaded: the records come back as they are and their
        # translated fields read (plain with_context(lang="ru_RU") raises "Invalid language code").
        with patch.object(type(lang), "_get_code", return_value=False):
            records = in_russian(country)
            self.assertNotEqual(records.env.context.get("lang"), "ru_RU")
            self.assertTrue(records.name)
