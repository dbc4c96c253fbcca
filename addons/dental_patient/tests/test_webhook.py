from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from odoo.tests import BaseCase, tagged

from ..tools import webhook


def make_request(data=b"", headers=None, query=None):
    return Request(EnvironBuilder(method="POST", data=data, headers=headers or {}, query_string=query).get_environ())


@tagged("post_install", "-at_install")
class TestWebhookDoor(BaseCase):
    """The shared door of the inbound webhook routes (tools/webhook.py)."""

    def test_secret_ok(self):
        self.assertTrue(webhook.secret_ok("s3cret-token", "s3cret-token"))
        self.assertTrue(webhook.secret_ok(b"s3cret", "s3cret"))
        self.assertTrue(webhook.secret_ok("пароль", "пароль"))
        refused = [
            ("s3cret-token", "s3cret-tokeN"),
            ("s3cret-token", "s3cret"),
            # an unconfigured secret refuses everything, an empty or missing one too
            ("", ""),
            (False, ""),
            (None, None),
            (False, False),
            ("", "anything"),
            ("s3cret", ""),
            ("s3cret", None),
            # not text: refused, not an error
            ("s3cret", ["s3cret"]),
            ("s3cret", 1),
            # non-ASCII header (a TypeError for hmac.compare_digest on text): refused, not an error
            ("sha256=abc", "sha256=\u00e9bc"),
        ]
        for expected, given in refused:
            with self.subTest(expected=expected, given=given):
                self.assertFalse(webhook.secret_ok(expected, given))

    def test_bearer_token(self):
        self.assertEqual(webhook.bearer_token(make_request(headers={"Authorization": "Bearer  abc "})), "abc")
        self.assertEqual(webhook.bearer_token(make_request(headers={"Authorization": "bearer abc"})), "abc")
        self.assertEqual(webhook.bearer_token(make_request(headers={"Authorization": "Basic abc"})), "")
        self.assertEqual(webhook.bearer_token(make_request(query="token=abc")), "")
        self.assertEqual(webhook.bearer_token(make_request(query="token=abc"), "token"), "abc")
        header = {"Authorization": "Bearer hdr"}
        self.assertEqual(webhook.bearer_token(make_request(headers=header, query="token=qs"), "token"), "hdr")
        self.assertEqual(webhook.bearer_token(make_request(), "token"), "")

    def test_read_body_within_the_limit(self):
        self.assertEqual(webhook.read_body(make_request(b"12345"), 5), b"12345")
        self.assertIsNone(webhook.read_body(make_request(b"123456"), 5))
        self.assertTrue(webhook.over_limit(make_request(b"123456"), 5))
        self.assertFalse(webhook.over_limit(make_request(b"12345"), 5))

    def test_parse_json(self):
        self.assertEqual(webhook.parse_json(b'{"a": 1}'), {"a": 1})
        self.assertEqual(webhook.parse_json("[1]"), [1])
        self.assertIsNone(webhook.parse_json(b""))
        self.assertEqual(webhook.parse_json(b"", empty={}), {})
        for malformed in (b"{not json", b"\xff", "{'a': 1}"):
            with self.subTest(malformed=malformed), self.assertRaises(ValueError):
                webhook.parse_json(malformed)
