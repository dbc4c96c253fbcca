from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_egisz.tests.common import EgiszCommon


@tagged("post_install", "-at_install")
class TestAuditEgisz(EgiszCommon):
    def test_signatures_are_in_the_trail(self):
        _record, document = self._signed_document()
        document.with_user(self.user_doctor).action_sign_doctor()
        logs = self.env["auditlog.log"].search(
            [("model_id.model", "=", "dental.egisz.document"), ("res_id", "=", document.id)]
        )
        self.assertIn("create", logs.mapped("method"))
        signed = logs.filtered(lambda log: log.method == "write" and log.user_id == self.user_doctor)
        self.assertTrue(signed, "the doctor's signature is logged under the doctor's name")
        self.assertIn("state", signed.line_ids.mapped("field_name"))
        # the trail is the Directors' only
        self.assertEqual(self.env["auditlog.log"].with_user(self.user_director).search([("id", "in", logs.ids)]), logs)
        with self.assertRaises(AccessError):
            self.env["auditlog.log"].with_user(self.user_doctor).search([("id", "in", logs.ids)])
