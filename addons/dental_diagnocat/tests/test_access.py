from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DiagnocatCommon


@tagged("post_install", "-at_install")
class TestDiagnocatAccess(DiagnocatCommon):
    """Studies are medical data: clinical roles only; the settings' token for administrators only."""

    def test_clinical_roles_only(self):
        study = self.image.with_user(self.user_doctor).action_diagnocat_send()
        study = self.Study.browse(study["res_id"])
        for user in (self.user_doctor, self.user_assistant, self.user_director):
            with self.subTest(user=user.login):
                self.assertEqual(self.Study.with_user(user).search([("id", "=", study.id)]), study)
        for user in (self.user_registrar, self.user_accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Study.with_user(user).search([("id", "=", study.id)])

    def test_token_for_administrators_only(self):
        self.company.dental_diagnocat_token = "secret"
        with self.assertRaises(AccessError):
            _token = self.company.with_user(self.user_director).dental_diagnocat_token
        study = self.Study.create({"image_id": self.image.id})
        self.assertTrue(study.callback_token)
        with self.assertRaises(AccessError):
            _token = study.with_user(self.user_director).callback_token
