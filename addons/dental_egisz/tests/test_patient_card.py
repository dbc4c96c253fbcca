from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from ..tools import n3
from ..tools.remd import CallbackResult
from .common import EgiszCommon
from .fake_n3 import FakeN3

NS_PATIENT = f"{{{n3.NS_PATIENT}}}"
NS_TEMPURI = f"{{{n3.NS_TEMPURI}}}"
GUID = "6a9b3c5e-0d1f-4c2a-9e8b-7f6d5c4b3a21"


class CardCommon(EgiszCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["dental.egisz.document"]
        cls.company.write(
            {
                "egisz_n3_enabled": True,
                "egisz_n3_guid": GUID,
                "egisz_idlpu": "1.2.643.5.1.13.3.25.78.118",
                "egisz_endpoint_test": False,  # no РЭМД here
            }
        )
        cls.env = cls.env(context=dict(cls.env.context, egisz_sleep=lambda _s: None))

    def _cards(self, patient=None):
        return self.Document.search(
            [("document_type", "=", "patient"), ("patient_id", "=", (patient or self.patient).id)], order="id"
        )


@tagged("post_install", "-at_install")
class TestPatientCard(CardCommon):
    """The patient card in the registry, sent to a fake N3.Health PIX built from the shipped official WSDL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeN3()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.company.write({"egisz_n3_pix_endpoint": cls.fake.url("pix"), "egisz_n3_emk_endpoint": cls.fake.url("emk")})

    def setUp(self):
        super().setUp()
        self.fake.mode = "accept"
        self.fake.requests.clear()
        self.fake.invalid.clear()
        self.fake.patients.clear()

    def _run_queue(self):
        self.Document._cron_send_iemk()

    def _registered_card(self):
        self._send_ready()
        self._run_queue()
        card = self._cards()
        self.assertEqual(card.state, "registered", card.last_error)
        return card

    def test_card_created_sent_registered(self):
        self.assertFalse(self._cards(), "no card before the first transfer")
        document = self._send_ready()
        card = self._cards()
        self.assertEqual(len(card), 1, "the first transfer of the patient creates their card")
        self.assertEqual((card.state, card.card_operation, card.company_id), ("draft", "add", self.company))
        self.assertFalse(card.doctor_id)
        self.assertFalse(card.visit_record_id)
        self.assertTrue(card.deadline)
        self.assertIn("Patient Card", card.name)
        kept = etree.fromstring(card.xml_attachment_id.raw)
        self.assertEqual(kept.findtext(f"{NS_PATIENT}FamilyName"), "Кузнецов")
        self.assertEqual(kept.findtext(f"{NS_PATIENT}BirthDate"), "1990-05-17T00:00:00")
        self.assertNotIn(GUID.encode(), card.xml_attachment_id.raw, "the token is not kept with the card")
        self._run_queue()
        self.assertEqual(self.fake.invalid, [], "requests follow the official WSDL and the shipped types")
        self.assertEqual(self.fake.operations(), ["AddPatient", "AddCase"], "the patient before the case")
        self.assertEqual((card.state, document.iemk_state), ("registered", "done"))
        self.assertTrue(card.sent_date and card.registration_date)
        # what was sent is what is kept
        sent = self.fake.requests[0][2].find(f"{NS_TEMPURI}patient")
        self.assertEqual(_c14n(sent), _c14n(kept))
        patient = self.patient.sudo()
        self.assertTrue(patient.egisz_iemk_date)
        self.assertTrue(patient.egisz_transferred_date, "the transfer rules apply from the first card on")

    def test_registry_filter_by_type(self):
        self._registered_card()
        search_view = self.env.ref("dental_egisz.dental_egisz_document_view_search").arch
        self.assertIn("patient_cards", search_view)
        cards = self.Document.search([("document_type", "=", "patient")])
        protocols = self.Document.search([("document_type", "=", "protocol")])
        self.assertEqual(set(cards.mapped("document_type")), {"patient"})
        self.assertIn(self.patient, cards.patient_id)
        self.assertFalse(cards & protocols)

    def test_later_changes_within_the_transfer_rules(self):
        card = self._registered_card()
        # not the card's data: no new card
        self.patient.phone = "+7 900 000-00-00"
        self.assertEqual(self._cards(), card)
        # one part of the name: a new card updates ИЭМК, the sent one is kept as it was
        kept = card.xml_attachment_id.raw
        self.patient.first_name = "Иоанн"
        cards = self._cards()
        self.assertEqual(len(cards), 2)
        update = cards[1]
        self.assertEqual((update.state, update.card_operation), ("draft", "update"))
        self.assertEqual(card.xml_attachment_id.raw, kept)
        self.assertEqual(etree.fromstring(update.xml_attachment_id.raw).findtext(f"{NS_PATIENT}GivenName"), "Иоанн")
        # a second change before it is sent refreshes the pending card
        self.patient.id_document_issued_by = "ОВД Тверского района"
        self.assertEqual(self._cards(), cards)
        # refused by the transfer rules: no card
        with self.assertRaises(ValidationError):
            self.patient.write({"last_name": "Петров", "patronymic": "Иванович"})
        with self.assertRaises(ValidationError):
            self.patient.birth_date = "1990-06-17"
        self.assertEqual(self._cards(), cards)
        self._run_queue()
        self.assertEqual(self.fake.operations()[-1], "UpdatePatient")
        self.assertEqual(update.state, "registered")
        self.assertEqual(self.fake.invalid, [])

    def test_patient_never_transferred_has_no_card(self):
        other = self.env["dental.patient"].create({"last_name": "Орлов", "first_name": "Олег"})
        other.write({"last_name": "Орлова", "first_name": "Анна"})
        self.assertFalse(self._cards(other))

    def test_refusal_with_error_codes_then_retry(self):
        self._send_ready()
        self.fake.mode = "fault_list"  # the WSDL's ListOf_RequestFaultFault
        self.fake.errors = [("10", "patient.Documents", "Неверный номер СНИЛС"), ("11", "patient.Sex", "Пол")]
        self._run_queue()
        card = self._cards()
        self.assertEqual(card.state, "error")
        self.assertFalse(card.sent_date, "refused: ИЭМК holds nothing, the card may change")
        self.assertEqual(sorted(card.error_ids.mapped("code")), ["10", "11"])
        self.assertIn("patient.Documents: Неверный номер СНИЛС", card.error_ids.mapped("message"))
        with self.assertRaises(AccessError):
            card.with_user(self.user_doctor).action_card_retry()
        self.fake.mode = "accept"
        card.with_user(self.user_director).action_card_retry()
        self.assertEqual((card.state, card.error_ids), ("draft", self.env["dental.egisz.document.error"]))
        self._run_queue()
        self.assertEqual(card.state, "registered")

    def test_timeout_then_duplicate_answered_by_update(self):
        """The request that timed out had arrived: AddPatient again is refused, UpdatePatient registers the card."""
        self._send_ready()
        self.company.egisz_timeout = 0.3
        self.fake.mode = "timeout"
        self.fake.delay = 1.0
        self._run_queue()
        card = self._cards()
        self.assertEqual((card.state, card.attempt_count), ("sent", 1))
        self.assertTrue(card.sent_date, "it may have arrived: kept as sent")
        self.assertGreater(card.next_attempt - fields.Datetime.now(), timedelta(seconds=50))
        self.assertIn("timeout", card.last_error)
        with self.assertRaises(UserError):
            card._card_set_payload(b"<changed/>")
        self._run_queue()
        self.assertEqual(len(self.fake.requests), 1, "not due yet")
        self.fake.mode = "accept"
        card._dental_server().write({"next_attempt": fields.Datetime.now()})
        self._run_queue()
        self.assertEqual(self.fake.operations()[:3], ["AddPatient", "AddPatient", "UpdatePatient"])
        self.assertEqual(card.state, "registered")

    def test_unavailable_then_error_unsent(self):
        self._send_ready()
        self.company.egisz_max_attempts = 2
        self.fake.mode = "unavailable"
        self._run_queue()
        card = self._cards()
        self.assertEqual(len(self.fake.requests), 3, "one call and its two retries")
        self.assertEqual((card.state, card.attempt_count), ("draft", 1))
        self.assertIn("HTTP 503", card.last_error)
        card._dental_server().write({"next_attempt": fields.Datetime.now()})
        self._run_queue()
        self.assertEqual((card.state, card.attempt_count), ("error", 2))
        self.assertFalse(card.sent_date)

    def test_card_is_not_signed_nor_sent_to_remd(self):
        card = self._registered_card()
        for action in ("action_sign_doctor", "action_sign_organisation", "action_regenerate", "action_retry"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(card.with_user(self.user_director), action)()
        result = CallbackResult(local_uid=card.local_uid, success=True, emdr_id="X")
        self.assertFalse(self.Document._remd_result(self.company, result), "a РЭМД answer never touches a card")
        self.assertFalse(card.registration_number)

    def test_sent_card_immutable_by_any_path(self):
        card = self._registered_card()
        for env_card in (card.with_user(self.user_director), card.sudo(), card._dental_server()):
            with self.subTest(env=env_card.env.uid), self.assertRaises(UserError):
                env_card.write({"card_operation": "update", "xml_digest": "x"})
            with self.assertRaises(UserError):
                env_card.unlink()
        with self.assertRaises(UserError):
            card.xml_attachment_id.sudo().write({"raw": b"changed"})
        with self.assertRaises(UserError):
            card.xml_attachment_id.sudo().unlink()
        self.assertEqual(card.state, "registered")


@tagged("post_install", "-at_install")
class TestPatientCardRpc(CardCommon, HttpCase):
    """The lowest roles over JSON-RPC, as a client would try: nobody changes or deletes a sent patient card."""

    def _call(self, login, model, method, args):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def test_rpc_write_unlink_refused(self):
        card = self.Document._card_for(self.patient, self.company)
        now = fields.Datetime.now()
        card._dental_server().write({"state": "registered", "sent_date": now, "registration_date": now})
        model = "dental.egisz.document"
        attempts = [
            ("egisz_registrar", "write", [card.ids, {"state": "draft"}], "AccessError"),
            ("egisz_registrar", "unlink", [card.ids], "AccessError"),
            ("egisz_assistant", "write", [card.ids, {"xml_digest": "x"}], "AccessError"),
            ("egisz_doctor", "write", [card.ids, {"state": "draft"}], "UserError"),
            ("egisz_doctor", "write", [card.ids, {"card_operation": "update"}], "UserError"),
            ("egisz_doctor", "unlink", [card.ids], "AccessError"),
            ("egisz_director", "unlink", [card.ids], "UserError"),
        ]
        for login, method, args, error in attempts:
            with self.subTest(login=login, method=method), self.assertRaises(JsonRpcException) as caught:
                self._call(login, model, method, args)
            self.assertIn(error, str(caught.exception))
        attachment = card.xml_attachment_id
        for login in ("egisz_doctor", "egisz_director"):
            with self.subTest(login=login), self.assertRaises(JsonRpcException):
                self._call(login, "ir.attachment", "write", [attachment.ids, {"raw": "Y2hhbmdlZA=="}])
            with self.subTest(login=login), self.assertRaises(JsonRpcException):
                self._call(login, "ir.attachment", "unlink", [attachment.ids])
        card.invalidate_recordset()
        self.assertEqual((card.state, card.card_operation), ("registered", "add"))
        self.assertTrue(attachment.exists())


def _c14n(node):
    return etree.tostring(etree.fromstring(etree.tostring(node)), method="c14n2")
