from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DentalTelephonyCommon, FakePbxApi


@tagged("post_install", "-at_install")
class TestBeelineSubscription(DentalTelephonyCommon):
    """Beeline delivers call events only while the account is subscribed (PUT <endpoint>/subscription, 25 h):
    subscribed from the account, renewed by the cron before it expires, ended at Beeline when replaced."""

    def setUp(self):
        super().setUp()
        FakePbxApi.subscriptions = {}
        FakePbxApi.subscription_status = 200
        self.addCleanup(setattr, FakePbxApi, "subscription_status", 200)

    def _expire_in(self, delta):
        self.beeline.subscription_expires = fields.Datetime.now() + delta

    def test_subscribe_sends_the_webhook_address_and_keeps_the_id(self):
        self.beeline.action_beeline_subscribe()
        ref = self.beeline.subscription_ref
        self.assertEqual(
            FakePbxApi.subscriptions[ref],
            {"expires": 90000, "subscriptionType": "BASIC_CALL", "url": self.beeline.webhook_url},
        )
        self.assertIn(f"/dental_telephony/beeline/{self.beeline.id}?token=", self.beeline.webhook_url)
        expires = self.beeline.subscription_expires - fields.Datetime.now()
        self.assertTrue(timedelta(hours=24) < expires <= timedelta(hours=25), expires)
        self.assertFalse(self.beeline.subscription_error)

    def test_cron_renews_only_what_expires_soon_and_ends_the_old_one(self):
        self.beeline.action_beeline_subscribe()
        first = self.beeline.subscription_ref
        Account = self.env["dental.pbx.account"]
        self._expire_in(timedelta(hours=10))
        Account._cron_beeline_renew()
        self.assertEqual(self.beeline.subscription_ref, first)  # not due yet
        self._expire_in(timedelta(hours=2))
        Account._cron_beeline_renew()
        second = self.beeline.subscription_ref
        self.assertNotEqual(second, first)
        self.assertEqual(list(FakePbxApi.subscriptions), [second])  # the old one ended at Beeline
        self.assertGreater(self.beeline.subscription_expires, fields.Datetime.now() + timedelta(hours=24))
        # expired already (Odoo was down): renewed too
        self._expire_in(timedelta(hours=-3))
        Account._cron_beeline_renew()
        self.assertNotIn(self.beeline.subscription_ref, (first, second))

    def test_failed_renewal_keeps_the_subscription_and_says_why(self):
        self.beeline.action_beeline_subscribe()
        ref = self.beeline.subscription_ref
        self._expire_in(timedelta(hours=1))
        expires = self.beeline.subscription_expires
        FakePbxApi.subscription_status = 403
        with self.assertLogs("odoo.addons.dental_telephony.models.dental_pbx_account", "WARNING") as logs:
            self.env["dental.pbx.account"]._cron_beeline_renew()
        self.assertIn("Beeline subscription of PBX account", logs.output[0])
        self.assertEqual((self.beeline.subscription_ref, self.beeline.subscription_expires), (ref, expires))
        self.assertIn("HTTP 403", self.beeline.subscription_error)
        self.assertEqual(list(FakePbxApi.subscriptions), [ref])
        # the next hour's run succeeds and clears the error
        FakePbxApi.subscription_status = 200
        self.env["dental.pbx.account"]._cron_beeline_renew()
        self.assertNotEqual(self.beeline.subscription_ref, ref)
        self.assertFalse(self.beeline.subscription_error)

    def test_subscribe_button_says_why_it_failed_and_changes_nothing(self):
        FakePbxApi.subscription_status = 500  # retried once, then refused
        with self.assertRaisesRegex(UserError, "HTTP 500"), self.assertLogs(level="WARNING"):
            self.beeline.action_beeline_subscribe()
        self.assertFalse(self.beeline.subscription_ref)
        with self.assertRaisesRegex(UserError, "Only a Beeline account"):
            self.uis.action_beeline_subscribe()
        self.beeline.endpoint_url = False
        with self.assertRaisesRegex(UserError, "API endpoint"):
            self.beeline.action_beeline_subscribe()

    def test_new_token_moves_the_subscription_to_the_new_address(self):
        self.beeline.action_beeline_subscribe()
        old_url = self.beeline.webhook_url
        self.beeline.action_regenerate_token()
        self.assertNotEqual(self.beeline.webhook_url, old_url)
        [body] = FakePbxApi.subscriptions.values()
        self.assertEqual(body["url"], self.beeline.webhook_url)

    def test_unsubscribe_ends_it_at_beeline(self):
        self.beeline.action_beeline_subscribe()
        self.beeline.action_beeline_unsubscribe()
        self.assertFalse(FakePbxApi.subscriptions)
        self.assertFalse(self.beeline.subscription_ref or self.beeline.subscription_expires)
        with patch.object(type(self.env["dental.pbx.account"]), "_dental_beeline_subscribe") as subscribe:
            self._expire_in(timedelta(hours=-1))
            self.env["dental.pbx.account"]._cron_beeline_renew()
        subscribe.assert_not_called()  # an account not subscribed is not subscribed by the cron

    def test_only_administrators_act_on_the_account(self):
        token = self.beeline.sudo().webhook_token
        for method in ("action_regenerate_token", "action_beeline_subscribe", "action_beeline_unsubscribe"):
            with self.assertRaises(AccessError, msg=method):
                getattr(self.beeline.with_user(self.user_director), method)()
        self.assertEqual(self.beeline.sudo().webhook_token, token)
        self.assertFalse(FakePbxApi.subscriptions)
