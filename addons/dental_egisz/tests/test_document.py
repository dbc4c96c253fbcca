from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import config

from ..tools import validation
from .common import EgiszCommon


@tagged("post_install", "-at_install")
class TestDocument(EgiszCommon):
    def test_flow_and_signatures(self):
        """Doctor's signature, then the organisation's by a director; both kept as attachments of the document."""
        record, document = self._signed_document()
        self.assertEqual(
            (document.state, document.patient_id, document.doctor_id), ("draft", self.patient, self.doctor)
        )
        self.assertEqual(document.xml_attachment_id.res_id, document.id)
        # signed in the web client's reading context (bin_size): the document's files are read, not their sizes
        document.with_user(self.user_doctor).with_context(bin_size=True).action_sign_doctor()
        self.assertEqual(document.state, "doctor_signed")
        self.assertEqual(document.doctor_signature_id.mimetype, "application/pkcs7-signature")
        self.assertTrue(document.doctor_signature_id.raw.startswith(b"\x30"), "DER CMS")
        document.with_user(self.user_director).with_context(bin_size=True).action_sign_organisation()
        self.assertEqual(document.state, "org_signed")
        self.assertTrue(document.next_attempt)
        self.assertEqual(document.org_signed_digest, document.xml_digest)

    def test_only_own_doctor_signs(self):
        _record, document = self._signed_document()
        for user in (self.user_doctor2, self.user_director, self.user_assistant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                document.with_user(user).action_sign_doctor()
        with self.assertRaises(AccessError):
            document.with_user(self.user_doctor).action_sign_organisation()
        document.with_user(self.user_doctor).action_sign_doctor()
        with self.assertRaises(AccessError):
            document.with_user(self.user_doctor).action_sign_organisation()
        self.assertEqual(document.state, "doctor_signed")

    def test_registrar_sees_nothing(self):
        _record, document = self._signed_document()
        with self.assertRaises(AccessError):
            document.with_user(self.user_registrar).read(["state"])
        with self.assertRaises(AccessError):
            self.env["dental.egisz.document"].with_user(self.user_registrar).search([])

    def test_branch_rule(self):
        _record, document = self._signed_document()
        other = self.env["res.company"].create({"name": "Branch B"})
        self.user_doctor2.write({"company_ids": [Command.set([other.id])], "company_id": other.id})
        self.assertFalse(
            self.env["dental.egisz.document"].with_user(self.user_doctor2).search([("id", "=", document.id)])
        )

    def test_no_client_writes(self):
        _record, document = self._signed_document()
        for vals in ({"state": "registered"}, {"registration_number": "X"}, {"patient_id": self.patient.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                document.with_user(self.user_director).write(vals)
        with self.assertRaises(UserError):
            self.env["dental.egisz.document"].with_user(self.user_director).create(
                {"patient_id": self.patient.id, "doctor_id": self.doctor.id, "company_id": self.company.id}
            )

    def test_resign_after_change(self):
        """A document generated again with another content loses its signatures: it is signed again."""
        record, document = self._signed_document()
        document.with_user(self.user_doctor).action_sign_doctor()
        old_signature = document.doctor_signature_id
        document.with_user(self.user_doctor).action_regenerate()
        self.assertEqual(document.state, "doctor_signed", "same content, signatures kept")
        self.patient.sudo().last_name = "Кузнецова"
        document.with_user(self.user_doctor).action_regenerate()
        self.assertEqual(document.state, "draft")
        self.assertFalse(document.doctor_signature_id)
        self.assertFalse(old_signature.exists())
        with self.assertRaises(UserError):
            document.with_user(self.user_director).action_sign_organisation()

    def test_changed_xml_refused_at_sending(self):
        document = self._send_ready()
        document._dental_server().write({"xml_digest": "0" * 64})
        document._send()
        self.assertEqual(document.state, "error")
        self.assertIn("sign it again", document.last_error)

    def test_invalid_document_errors_listed(self):
        """A document failing validation keeps the list of errors and is not signed."""
        record = self._record()
        with patch.object(validation, "validate", return_value=[validation.Problem("schematron", "У1-14. title")]):
            record.with_user(self.user_doctor).action_sign()
        document = record.egisz_document_ids
        self.assertEqual(document.error_ids.mapped("message"), ["У1-14. title"])
        with self.assertRaisesRegex(UserError, "У1-14"):
            document.with_user(self.user_doctor).action_sign_doctor()
        self.assertEqual(document.state, "draft")

    def test_test_signer_only_in_tests(self):
        from ..tools import signer

        with patch("odoo.modules.module.current_test", False), patch.dict(config.options, test_enable=False):
            with self.assertRaisesRegex(signer.SignerError, "test mode"):
                signer.make_signer("test").sign(b"x", "")

    def test_command_signer(self):
        """The external-command signer runs the branch's command and reads the .sgn it writes."""
        from ..tools import signer

        fake = signer.make_signer("command", command="sh -c 'printf SIG > {input}.sgn' {thumbprint}", timeout=5)
        self.assertEqual(fake.sign(b"<x/>", "AB12"), b"SIG")
        failing = signer.make_signer("command", command="sh -c 'echo denied >&2; exit 3'", timeout=5)
        with self.assertRaisesRegex(signer.SignerError, "failed \\(3\\): denied"):
            failing.sign(b"<x/>", "AB12")
        with self.assertRaisesRegex(signer.SignerError, "not found"):
            signer.make_signer("command", command="/nonexistent/cryptcp {input}").sign(b"x", "AB")

    def test_deadline_working_calendar(self):
        """One working day: a Friday visit is due at the end of Monday's work (Moscow calendar)."""
        Document = self.env["dental.egisz.document"]
        friday = date(2026, 12, 4)
        deadline = Document._deadline_for(self.company, friday)
        self.assertEqual(deadline.date(), date(2026, 12, 7))
        self.assertEqual(deadline, datetime(2026, 12, 7, 14, 0))  # 17:00 Moscow
        self.assertEqual(Document._deadline_for(self.company, date(2026, 12, 1)).date(), date(2026, 12, 2))

    def test_overdue_and_not_sent_filter(self):
        _record, document = self._signed_document()
        document._dental_server().write({"deadline": "2020-01-01 10:00:00"})
        Document = self.env["dental.egisz.document"]
        self.assertTrue(document.is_overdue)
        self.assertIn(document, Document.search([("is_overdue", "=", True)]))
        action = self.env.ref("dental_egisz.dental_egisz_document_action")
        self.assertIn("search_default_not_sent", action.context)


@tagged("post_install", "-at_install")
class TestImmutable(EgiszCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls.env["dental.egisz.document"]
        _record, document = cls._signed_document(cls)
        document.with_user(cls.user_doctor).action_sign_doctor()
        document.with_user(cls.user_director).action_sign_organisation()
        document._dental_server().write({"state": "sent", "sent_date": "2026-12-05 10:00:00"})
        cls.document = document

    def test_sent_immutable_by_any_path(self):
        """Nobody changes a sent document nor its files: not the director, not the superuser, not the server."""
        doc = self.document
        for env_doc in (doc.with_user(self.user_director), doc.sudo(), doc._dental_server()):
            with self.subTest(env=env_doc.env.uid), self.assertRaises(UserError):
                env_doc.write({"patient_id": self.patient.id, "xml_digest": "x"})
            with self.assertRaises(UserError):
                env_doc.unlink()
        for attachment in doc.xml_attachment_id | doc.doctor_signature_id | doc.org_signature_id:
            with self.assertRaises(UserError):
                attachment.sudo().write({"raw": b"changed"})
            with self.assertRaises(UserError):
                attachment.sudo().unlink()
        with self.assertRaises(UserError):
            doc._generate()
        self.assertEqual(doc.state, "sent")
