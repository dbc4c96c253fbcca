import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.dental_egisz_nsi import NSI_DIAGNOSIS_TYPE, NSI_POSITION, NSI_REGION, NSI_SPECIALTY, NSI_VISIT_KIND
from .common import EgiszCommon


@tagged("post_install", "-at_install")
class TestNsi(EgiszCommon):
    def test_shipped_dictionaries(self):
        """The dictionaries the protocol uses are loaded from the reference CSVs, with their names."""
        counts = {oid: self.Nsi.search_count([("oid", "=", oid)]) for oid in (NSI_POSITION, NSI_SPECIALTY)}
        self.assertEqual(counts, {NSI_POSITION: 553, NSI_SPECIALTY: 146})
        self.assertEqual(self.Nsi._get(NSI_VISIT_KIND, "2").name, "Повторный")
        self.assertEqual(self.Nsi._get(NSI_DIAGNOSIS_TYPE, "3").name, "Сопутствующее заболевание")
        self.assertEqual(self.Nsi._get(NSI_REGION, "77").name, "г. Москва")  # the SUBJECT column
        self.assertEqual(self.Nsi._get(NSI_POSITION, "34").version, "9.6")

    def test_update_from_csv(self):
        """An update adds, renames and archives; a bad file changes nothing."""
        wizard = self.env["dental.egisz.nsi.import"].with_user(self.user_director)
        content = "ID,NAME\n1,Первичный (новое)\n3,Третий\n"
        wizard.create(
            {"file": base64.b64encode(content.encode()), "filename": f"{NSI_VISIT_KIND}_v2.2.csv"}
        ).action_import()
        active = self.Nsi.search([("oid", "=", NSI_VISIT_KIND)])
        self.assertEqual(active.mapped("code"), ["1", "3"])
        self.assertEqual(active[0].name, "Первичный (новое)")
        self.assertEqual(active[0].version, "2.2")
        repeat = self.Nsi._get(NSI_VISIT_KIND, "2")
        self.assertFalse(repeat.active, "an entry missing from the update is archived, not deleted")
        with self.assertRaisesRegex(UserError, "Line 3"):
            self.Nsi._load_csv(NSI_VISIT_KIND, "2.3", "ID;NAME\n1;Первичный\n4;\n".encode())
        self.assertEqual(self.Nsi.search([("oid", "=", NSI_VISIT_KIND)]).mapped("code"), ["1", "3"])
        with self.assertRaises(UserError):
            self.Nsi._load_csv(NSI_VISIT_KIND, "2.3", b"\xff\xfe")

    def test_update_rights(self):
        """Only a Director updates a dictionary; every user reads them."""
        self.assertTrue(self.Nsi.with_user(self.user_registrar).search_count([("oid", "=", NSI_VISIT_KIND)]))
        with self.assertRaises(AccessError):
            self.env["dental.egisz.nsi.import"].with_user(self.user_doctor).create(
                {"file": base64.b64encode(b"ID,NAME")}
            )
        with self.assertRaises(AccessError):
            self.Nsi.with_user(self.user_doctor).create({"oid": "1.2", "code": "1", "name": "x"})
