import base64
import re
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import DentalPortalCommon, portal_user


@tagged("post_install", "-at_install")
class TestPatientPortal(HttpCase, DentalPortalCommon):
    """A patient sees their own and (as the family's account holder) their family's records, nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Patient = cls.env["dental.patient"]
        cls.child = Patient.create({"last_name": "Kuznetsova", "first_name": "Dasha"})
        cls.family = cls.env["dental.family"].create({"name": "Kuznetsovs"})
        (cls.patient | cls.child).family_id = cls.family
        cls.family.portal_holder_id = cls.patient
        cls.portal_user = portal_user(cls.env, "portal_kuz", cls.patient)
        cls.other_user = portal_user(cls.env, "portal_pop", cls.patient_2)
        cls.own_visit = cls.book(cls.at(10), service_ids=[(6, 0, cls.service.ids)])
        cls.child_visit = cls.book(cls.at(11), patient=cls.child)
        cls.other_visit = cls.book(cls.at(12), patient=cls.patient_2, note="Other patient's secret")
        cls.past_visit = cls.book(cls.at(10, day=date(2025, 3, 4)), patient=cls.patient_2)

    def test_portal_patients(self):
        Patient = self.env["dental.patient"]
        self.assertEqual(Patient.with_user(self.portal_user)._dental_portal_patients(), self.patient | self.child)
        self.assertEqual(Patient.with_user(self.other_user)._dental_portal_patients(), self.patient_2)
        self.family.portal_holder_id = self.child
        self.assertEqual(Patient.with_user(self.portal_user)._dental_portal_patients(), self.patient)

    def test_visits_page(self):
        self.authenticate("portal_kuz", "portal_kuz")
        page = self.url_open("/my/visits").text
        self.assertIn("Online consultation", page)
        self.assertEqual(page.count('o_dental_portal_visit"'), 2)
        self.assertIn("Kuznetsova Dasha", page)
        self.assertNotIn("Popova", page)
        # only the child's visits
        page = self.url_open(f"/my/visits?patient_id={self.child.id}").text
        self.assertEqual(page.count('o_dental_portal_visit"'), 1)

    def test_other_patient_by_url(self):
        self.authenticate("portal_kuz", "portal_kuz")
        response = self.url_open(f"/my/visits?patient_id={self.patient_2.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        document = self.env["dental.patient.document"].create({"name": "Consent", "patient_id": self.patient_2.id})
        response = self.url_open(f"/my/dental_documents/{document.id}/download", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        response = self.url_open(
            "/my/clinic_message",
            data={"body": "hello", "patient_id": self.patient_2.id, "csrf_token": self._csrf()},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self.patient_2.message_ids.filtered(lambda m: m.body and "hello" in m.body))

    def test_own_document_download(self):
        """The patient downloads their printed PDF and their family member's signed scan: the files themselves."""
        Document = self.env["dental.patient.document"].sudo()
        pdf = self.env["ir.attachment"].create(
            {"name": "consent.pdf", "raw": b"%PDF-1.4 Kuznetsov's consent", "mimetype": "application/pdf"}
        )
        printed = Document.create({"name": "Consent", "patient_id": self.patient.id, "pdf_attachment_id": pdf.id})
        signed = Document.create(
            {
                "name": "Contract",
                "patient_id": self.child.id,
                "signed_file": base64.b64encode(b"signed scan of Dasha's contract"),
                "signed_filename": "contract.png",
            }
        )
        self.authenticate("portal_kuz", "portal_kuz")
        self.assertIn(f"/my/dental_documents/{printed.id}/download", self.url_open("/my/dental_documents").text)
        response = self.url_open(f"/my/dental_documents/{printed.id}/download", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 Kuznetsov's consent")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        response = self.url_open(f"/my/dental_documents/{signed.id}/download", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"signed scan of Dasha's contract")
        # the same links give the other patient nothing
        self.authenticate("portal_pop", "portal_pop")
        response = self.url_open(f"/my/dental_documents/{printed.id}/download", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_message_to_the_clinic(self):
        self.authenticate("portal_kuz", "portal_kuz")
        self.url_open(
            "/my/clinic_message",
            data={"body": "<b>Can I come earlier?</b>", "patient_id": self.child.id, "csrf_token": self._csrf()},
        )
        message = self.child.message_ids[:1]
        self.assertIn("Can I come earlier?", message.body)
        self.assertNotIn("<b>", message.body)  # plain text, escaped
        self.assertEqual(message.author_id, self.patient.partner_id)

    def test_other_patient_over_rpc(self):
        Event = self.env["calendar.event"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            self.other_visit.with_user(self.portal_user).read(["start"])
        self.assertNotIn(self.other_visit, Event.search([]))
        for record in (self.patient_2, self.child):
            with self.assertRaises(AccessError):
                record.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["dental.booking.request"].with_user(self.portal_user).search([])

    def test_hide_goods(self):
        """A past visit lists the plan's procedures done at it; the branch may hide the goods among them."""
        goods = self.env["product.product"].create({"name": "Toothbrush", "type": "consu", "list_price": 300})
        plan = self.env["sale.order"].create(
            {
                "is_treatment_plan": True,
                "patient_id": self.patient.id,
                "partner_id": self.patient.partner_id.id,
                "order_line": [
                    (0, 0, {"product_id": self.service.id, "product_uom_qty": 1}),
                    (0, 0, {"product_id": goods.id, "product_uom_qty": 1}),
                ],
            }
        )
        plan.action_dental_approve()
        self.past_visit.sudo().write({"patient_id": self.patient.id, "plan_line_ids": [(6, 0, plan.order_line.ids)]})
        self.authenticate("portal_kuz", "portal_kuz")
        self.assertIn("Toothbrush", self.url_open("/my/visits").text)
        self.company.dental_portal_hide_goods = True
        page = self.url_open("/my/visits").text
        self.assertNotIn("Toothbrush", page)
        self.assertIn("Online consultation", page)

    def _csrf(self):
        page = self.url_open("/my/visits").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
