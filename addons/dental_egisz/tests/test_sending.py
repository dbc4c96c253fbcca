import base64
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..controllers.main import EgiszRemdController
from ..tools import remd
from .common import EgiszCommon
from .fake_remd import NS_SERVICE, FakeRemd, callback_message, get_file_message


class FakeRemdCommon(EgiszCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeRemd()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.company.egisz_endpoint_test = cls.fake.url
        cls.env = cls.env(context=dict(cls.env.context, egisz_sleep=lambda _s: None))

    def setUp(self):
        super().setUp()
        self.fake.mode = "accept"
        self.fake.requests.clear()
        self.fake.invalid.clear()

    def _run_queue(self):
        self.env["dental.egisz.document"].with_env(self.env)._cron_send_queue()


@tagged("post_install", "-at_install")
class TestSending(FakeRemdCommon):
    def test_accept_then_registered(self):
        """The queue sends with the transport header and WS-Addressing; the callback registers the document."""
        document = self._send_ready()
        self._run_queue()
        self.assertEqual(document.state, "sent")
        self.assertEqual(self.fake.invalid, [], "requests follow the WSDL's schema")
        client_id, action, payload = self.fake.requests[0]
        self.assertEqual(client_id, self.company.egisz_client_entity_id)
        self.assertTrue(action)
        ns = f"{{{NS_SERVICE}}}"
        self.assertEqual(payload.findtext(f"{ns}localUid"), document.local_uid)
        self.assertEqual(payload.findtext(f"{ns}patientSnils"), "58659591780")
        self.assertEqual(payload.findtext(f"{ns}checksum"), document.xml_digest)
        signers = payload.findall(f"{ns}signers/{ns}signer")
        self.assertEqual([s.findtext(f"{ns}role") for s in signers], ["DOCTOR", "ORGANIZATION"])
        self.assertEqual(signers[0].findtext(f"{ns}position"), self.position.code)
        self.assertEqual(signers[0].findtext(f"{ns}speciality"), self.specialty.code)
        self.assertEqual(base64.b64decode(signers[0].findtext(f"{ns}signature")), document.doctor_signature_id.raw)

        kind, result = remd.parse_callback(
            callback_message(document.local_uid, emdr_id="EMDR-42", registered="2026-12-05T12:00:00+03:00")
        )
        self.assertEqual(kind, "registerDocumentResult")
        Document = self.env["dental.egisz.document"]
        self.assertTrue(Document._remd_result(self.company, result))
        self.assertEqual((document.state, document.registration_number), ("registered", "EMDR-42"))
        self.assertEqual(str(document.registration_date), "2026-12-05 09:00:00")
        self.assertTrue(self.patient.egisz_transferred_date, "the patient's first transfer is stamped")
        # a duplicate callback changes nothing
        _kind, again = remd.parse_callback(callback_message(document.local_uid, emdr_id="EMDR-43"))
        self.assertTrue(Document._remd_result(self.company, again))
        self.assertEqual(document.registration_number, "EMDR-42")
        # another branch's callback does not reach the document
        other = self.env["res.company"].create({"name": "Other"})
        self.assertFalse(Document._remd_result(other, result))

    def test_printed_protocol_kept_with_the_sent_document(self):
        """The visit record's PDF is rendered by the queue and kept with the document; the СЭМД stays structured."""
        document = self._send_ready()
        self.assertFalse(document.pdf_attachment_id, "not rendered in the doctor's request")
        self._run_queue()
        self.assertEqual(document.state, "sent")
        printed = document.pdf_attachment_id
        self.assertEqual((printed.res_model, printed.res_id), (document._name, document.id))
        # the tests render the report's HTML instead of calling wkhtmltopdf: the visit record's own print
        self.assertIn("Кариозная полость на жевательной поверхности зуба 36.".encode(), printed.raw)
        xml = etree.fromstring(document.xml_attachment_id.raw)
        hl7 = "{urn:hl7-org:v3}"
        self.assertIsNotNone(xml.find(f"{hl7}component/{hl7}structuredBody"))
        self.assertIsNone(xml.find(f".//{hl7}observationMedia"), "no PDF embedded: the Schematron names none")
        self.assertFalse(document.error_ids, "the СЭМД validates against the XSD and the Schematron")
        # kept as sent, by any path
        with self.assertRaises(UserError):
            document.sudo().write({"pdf_attachment_id": False})

    def test_reject_with_codes(self):
        document = self._send_ready()
        self.fake.mode = "reject"
        self.fake.errors = [("SNILS_INVALID", "Неверный СНИЛС"), ("SIGN_ERROR", "Подпись не прошла проверку")]
        self._run_queue()
        self.assertEqual(document.state, "error")
        self.assertEqual(document.error_ids.mapped("code"), ["SNILS_INVALID", "SIGN_ERROR"])
        self.assertIn("SIGN_ERROR", document.last_error)

    def test_async_refusal(self):
        document = self._send_ready()
        self._run_queue()
        _kind, result = remd.parse_callback(
            callback_message(document.local_uid, status="error", errors=[("DOC_INVALID", "Ошибка ФЛК")])
        )
        self.env["dental.egisz.document"]._remd_result(self.company, result)
        self.assertEqual(document.state, "error")
        self.assertEqual(document.error_ids.mapped("message"), ["Ошибка ФЛК"])
        self.assertTrue(self.env["dental.egisz.document"]._remd_result(self.company, result), "duplicate")
        self.assertEqual(len(document.error_ids), 1)

    def test_timeout_backoff_then_error(self):
        """No answer in time: tried again later with a growing delay, then an error after the last attempt."""
        document = self._send_ready()
        self.company.egisz_timeout = 0.3
        self.fake.mode = "timeout"
        self.fake.delay = 1.0
        self._run_queue()
        self.assertEqual((document.state, document.attempt_count), ("org_signed", 1))
        first_delay = document.next_attempt - fields.Datetime.now()
        self.assertGreater(first_delay, timedelta(seconds=50))
        document._dental_server().write({"next_attempt": fields.Datetime.now()})
        self._run_queue()
        second_delay = document.next_attempt - fields.Datetime.now()
        self.assertGreater(second_delay, first_delay + timedelta(seconds=50), "backoff grows")
        document._dental_server().write({"next_attempt": fields.Datetime.now()})
        self._run_queue()
        self.assertEqual((document.state, document.attempt_count), ("error", 3))
        self.assertEqual(document.error_ids.source, "transport")
        document.with_user(self.user_director).action_retry()
        self.assertEqual(document.state, "org_signed")

    def test_unavailable_retried_in_the_call(self):
        """HTTP 503 is retried inside the call (shared http_retry), then queued for later."""
        document = self._send_ready()
        self.fake.mode = "unavailable"
        self._run_queue()
        self.assertEqual(len(self.fake.requests), 3, "one call and its two retries")
        self.assertEqual((document.state, document.attempt_count), ("org_signed", 1))
        self.assertIn("HTTP 503", document.last_error)

    def test_not_due_not_sent(self):
        document = self._send_ready()
        document._dental_server().write({"next_attempt": fields.Datetime.now() + timedelta(hours=1)})
        self._run_queue()
        self.assertEqual(document.state, "org_signed")
        self.assertFalse(self.fake.requests)


@tagged("post_install", "-at_install")
class TestCallbackRoute(FakeRemdCommon, HttpCase):
    """The endpoint РЭМД calls, over HTTP: registerDocumentResult and getDocumentFile."""

    def _post(self, token, body):
        self.env.flush_all()  # the server thread reads the database, not this test's cache
        answer = self.url_open(
            f"/dental_egisz/remd/{token}", data=body, headers={"Content-Type": "application/soap+xml"}
        )
        self.env.invalidate_all()
        return answer

    def test_callback_and_get_document_file(self):
        document = self._send_ready()
        self._run_queue()
        self.assertEqual(document.state, "sent", document.last_error)
        token = self.company.sudo().egisz_callback_token
        self.assertEqual(self._post("wrong-token", get_file_message(document.local_uid)).status_code, 404)
        answer = self._post(token, get_file_message(document.local_uid))
        self.assertEqual(answer.status_code, 200, answer.content)
        data = etree.fromstring(answer.content).findtext(f".//{{{remd.NS_CALLBACK}}}data")
        self.assertEqual(base64.b64decode(data), document.xml_attachment_id.raw, "what was sent is what is served")
        answer = self._post(token, callback_message(document.local_uid, emdr_id="EMDR-7"))
        self.assertEqual(answer.status_code, 200)
        self.assertIn(b"ACCEPTED", answer.content)
        self.assertEqual((document.state, document.registration_number), ("registered", "EMDR-7"))
        duplicate = self._post(token, callback_message(document.local_uid, emdr_id="EMDR-8"))
        self.assertEqual(duplicate.status_code, 200)
        self.assertEqual(document.registration_number, "EMDR-7")
        self.assertEqual(self._post(token, b"<not-soap").status_code, 400)
        self.assertEqual(self._post(token, callback_message("unknown-uid")).status_code, 400)

    def test_callback_address_compared_in_constant_time(self):
        """The branch is found by comparing every branch's token (no SQL equality); an empty token or a
        branch without one matches nothing; a body over 1 MB is refused before it is parsed."""
        env = self.env(su=True)
        token = self.company.sudo().egisz_callback_token
        self.assertEqual(EgiszRemdController._company(env, token), self.company)
        self.assertFalse(EgiszRemdController._company(env, ""))
        self.assertFalse(EgiszRemdController._company(env, token[:-1]))
        self.assertEqual(self._post(token, b"<" + b"x" * (1024 * 1024 + 1)).status_code, 413)
        self.company.sudo().egisz_callback_token = False
        self.assertFalse(EgiszRemdController._company(env, token))
        self.assertFalse(EgiszRemdController._company(env, False))
        self.assertEqual(self._post(token, get_file_message("any")).status_code, 404)


@tagged("post_install", "-at_install")
class TestCallbackToken(EgiszCommon):
    def test_one_token_per_branch(self):
        new = self.env["res.company"].create({"name": "Branch C"})
        tokens = self.env["res.company"].sudo().search([]).mapped("egisz_callback_token")
        self.assertTrue(all(tokens))
        self.assertEqual(len(tokens), len(set(tokens)))
        self.assertGreaterEqual(len(new.sudo().egisz_callback_token), 32)
