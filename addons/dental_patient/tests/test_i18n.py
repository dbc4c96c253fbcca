import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import BaseCase, tagged


@tagged("post_install", "-at_install")
class TestTranslationFiles(BaseCase):
    def test_every_russian_entry_is_in_the_template(self):
        # Odoo merges a module's .pot into its ru.po when it loads the translations: an entry the .pot lacks
        # is dropped as obsolete, and the screen shows English ("Reference Book Limits" in the settings)
        addons_dir = os.path.dirname(get_module_path("dental_patient"))
        checked = 0
        for addon in sorted(os.listdir(addons_dir)):
            po_path = os.path.join(addons_dir, addon, "i18n", "ru.po")
            pot_path = os.path.join(addons_dir, addon, "i18n", f"{addon}.pot")
            if not (addon.startswith("dental_") and os.path.exists(po_path) and os.path.exists(pot_path)):
                continue
            template = {entry.msgid for entry in polib.pofile(pot_path)}
            missing = [e.msgid for e in polib.pofile(po_path) if not e.obsolete and e.msgid not in template]
            self.assertEqual(missing, [], f"{addon}: ru.po entries missing from {addon}.pot")
            # Odoo reads the module of each entry from its "#. module:" comment (none: the registry fails to load)
            for path in (po_path, pot_path):
                anonymous = [
                    e.msgid for e in polib.pofile(path) if not e.obsolete and not (e.comment or "").startswith("module")
                ]
                self.assertEqual(anonymous, [], f"{path}: entries without their module")
            checked += 1
        self.assertGreater(checked, 3)
