import base64
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import DentalLabCommon


@tagged("post_install", "-at_install")
class TestLabPortalAccess(DentalLabCommon):
    """A lab's portal user: its own sent orders, the fields the work needs, nothing of the patient's record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._order(note="Shoulder margin", internal_note="Anxious patient")
        cls.order.action_send()
        cls.other_order = cls._order(lab=cls.lab_other)
        cls.other_order.action_send()
        cls.draft = cls._order()

    def test_portal_sees_only_its_labs_sent_orders(self):
        Order = self.env["dental.lab.order"].with_user(self.lab_user)
        self.assertEqual(Order.search([]), self.order)
        data = self.order.with_user(self.lab_user).read(
            ["name", "teeth_text", "shade", "material", "due_date", "note", "patient_name", "patient_age", "state"]
        )[0]
        self.assertEqual(data["patient_name"], self.patient.name)
        self.assertEqual(data["patient_age"], self.patient.age)
        self.assertEqual(data["teeth_text"], "11")
        for order in (self.other_order, self.draft):
            with self.assertRaises(AccessError):
                order.with_user(self.lab_user).read(["shade"])

    def test_portal_reads_no_patient_data_nor_costs(self):
        order = self.order.with_user(self.lab_user)
        for fname in ("patient_id", "internal_note", "plan_line_id", "lab_cost", "amount_ordered", "purchase_order_id"):
            with self.assertRaises(AccessError, msg=fname):
                order.read([fname])
        with self.assertRaises(AccessError):
            order.line_ids.read(["price_unit"])
        with self.assertRaises(AccessError):
            self.patient.with_user(self.lab_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["dental.patient"].with_user(self.lab_user).search([])
        with self.assertRaises(AccessError):
            self.env["dental.lab.order"].with_user(self.lab_user).search([("patient_id.birth_date", "!=", False)])

    def test_portal_cannot_write(self):
        with self.assertRaises(AccessError):
            self.order.with_user(self.lab_user).write({"note": "changed"})
        with self.assertRaises(AccessError):
            self.order.with_user(self.lab_user).action_start()
        self.assertEqual(self.order.state, "sent")

    def test_portal_move_notifies_the_doctor(self):
        self.order.sudo()._dental_portal_move_to("in_work", author=self.lab_user.partner_id)
        self.assertEqual(self.order.state, "in_work")
        message = self.order.message_ids[0]
        self.assertEqual(message.author_id, self.lab_user.partner_id)
        self.assertIn(self.user_doctor.partner_id, message.partner_ids)
        with self.assertRaises(UserError):
            self.order.sudo()._dental_portal_move_to("cancel")
        self.assertEqual(self.order.state, "in_work")


@tagged("post_install", "-at_install")
class TestLabPortalHttp(DentalLabCommon, HttpCase):
    """The portal pages and JSON-RPC as a lab's user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._order(note="Shoulder margin", internal_note="Anxious patient")
        cls.order.action_send()
        cls.other_order = cls._order(lab=cls.lab_other)
        cls.other_order.action_send()

    def test_portal_pages(self):
        self.authenticate("lab_one_portal", "lab_one_portal")
        page = self.url_open("/my/lab_orders").text
        self.assertIn(self.order.name, page)
        self.assertNotIn(self.other_order.name, page)
        page = self.url_open(f"/my/lab_orders/{self.order.id}").text
        self.assertIn("Shoulder margin", page)
        self.assertIn(self.patient.name, page)
        self.assertNotIn("Anxious patient", page)
        self.assertNotIn("5,000", page)
        response = self.url_open(f"/my/lab_orders/{self.other_order.id}")
        self.assertNotIn(self.other_order.name, response.text)

    def test_portal_stage_and_comment_with_a_file(self):
        self.authenticate("lab_one_portal", "lab_one_portal")
        self.url_open(f"/my/lab_orders/{self.order.id}")
        csrf = self._csrf()
        self.url_open(f"/my/lab_orders/{self.order.id}/stage", data={"state": "in_work", "csrf_token": csrf})
        self.assertEqual(self.order.state, "in_work")
        self.url_open(
            f"/my/lab_orders/{self.order.id}/comment",
            data={"body": "Scan attached", "csrf_token": csrf},
            files={"attachments": ("scan.stl", b"solid crown", "application/octet-stream")},
        )
        message = self.order.message_ids.filtered(lambda m: "Scan attached" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.lab_user.partner_id)
        self.assertEqual(message.attachment_ids.name, "scan.stl")
        self.assertEqual(base64.b64decode(message.attachment_ids.datas), b"solid crown")
        self.assertIn(self.user_doctor.partner_id, message.partner_ids)
        # another lab's order: nothing moves
        self.url_open(f"/my/lab_orders/{self.other_order.id}/stage", data={"state": "in_work", "csrf_token": csrf})
        self.assertEqual(self.other_order.state, "sent")

    def test_json_rpc_as_a_lab_user(self):
        self.authenticate("lab_one_portal", "lab_one_portal")

        def call(model, method, *args, **kwargs):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            )

        records = call("dental.lab.order", "search_read", [], fields=["name", "shade", "patient_name"])
        self.assertEqual([r["id"] for r in records], self.order.ids)
        for model, method, args, kwargs in (
            ("dental.lab.order", "read", [self.other_order.ids, ["shade"]], {}),
            ("dental.lab.order", "read", [self.order.ids, ["patient_id"]], {}),
            ("dental.lab.order", "read", [self.order.ids, ["internal_note"]], {}),
            ("dental.patient", "search_read", [[]], {"fields": ["name", "birth_date"]}),
            ("dental.patient", "read", [self.patient.ids, ["name"]], {}),
            ("dental.lab.order", "write", [self.order.ids, {"note": "x"}], {}),
            ("dental.lab.order", "action_done", [self.order.ids], {}),
        ):
            with self.assertRaises(JsonRpcException, msg=f"{model}.{method}{args}"):
                call(model, method, *args, **kwargs)
        self.assertEqual(self.order.state, "sent")

    def _csrf(self):
        page = self.url_open(f"/my/lab_orders/{self.order.id}").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
